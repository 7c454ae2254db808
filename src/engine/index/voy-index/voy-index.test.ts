// VoyIndex (vitest, Node, voy's real wasm): exact against a brute force over the truncated,
// re-normalised vectors; duplicates beyond kiddo's bucket; removal without ghosts; MRL
// truncation of 1024-d input; clear errors for bad dimensions.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectTopK, keyOf } from '../../../../test/expect-top-k';
import { truncateAndNormalize } from '../../../core/vectors';
import { bruteForce, randomUnitVectors } from '../../../../test/random-vectors';
import { VoyIndex } from './voy-index';
import { initVoy } from './voy-wasm';

beforeAll(async () => {
  await initVoy();
});

/** Docs of 1..9 rows each, `total` rows in all. */
function makeDocs(total: number, dim: number, seed: number): Map<string, Float32Array> {
  const data = randomUnitVectors(total, dim, seed);
  const docs = new Map<string, Float32Array>();
  for (let start = 0, d = 0; start < total; d++) {
    const end = Math.min(total, start + 1 + ((d * 5) % 9));
    docs.set(`doc${d}`, data.slice(start * dim, end * dim));
    start = end;
  }
  return docs;
}

/** Every row cut to `to` dims and re-normalised: what the index should rank by. */
function truncated(docs: Map<string, Float32Array>, dim: number, to: number) {
  const out = new Map<string, Float32Array>();
  for (const [id, v] of docs) {
    const rows = new Float32Array((v.length / dim) * to);
    for (let r = 0; r < v.length / dim; r++) {
      rows.set(truncateAndNormalize(v.subarray(r * dim, (r + 1) * dim), to), r * to);
    }
    out.set(id, rows);
  }
  return out;
}

describe.each([
  { dim: 1024, indexDimension: undefined, rows: 900 },
  { dim: 768, indexDimension: undefined, rows: 700 },
  { dim: 1024, indexDimension: 256, rows: 1100 },
  { dim: 64, indexDimension: undefined, rows: 600 },
])('VoyIndex, $dim dims → $indexDimension, $rows rows', ({ dim, indexDimension, rows }) => {
  const docs = makeDocs(rows, dim, dim + rows);
  const queries = randomUnitVectors(10, dim, 3 * dim);
  const to = indexDimension ?? Math.min(dim, 768);
  const reference = truncated(docs, dim, to);

  it('matches brute force over the truncated, re-normalised vectors', () => {
    const index = new VoyIndex(dim, { indexDimension });
    for (const [id, v] of docs) index.add(id, v);
    expect(index.size).toBe(rows);
    expect(index.indexDimension).toBe(to);
    for (let q = 0; q < 10; q++) {
      const query = queries.subarray(q * dim, (q + 1) * dim);
      const ref = bruteForce(reference, truncateAndNormalize(query, to));
      expectTopK(index.search(query, 10), ref, 10);
    }
    index.dispose();
  });

  it('builds the same index in bulk (fromRows, small batches)', async () => {
    const bulk = await VoyIndex.fromRows(dim, docs, { indexDimension, batchSize: 97 });
    expect(bulk.size).toBe(rows);
    const query = queries.subarray(0, dim);
    const ref = bruteForce(reference, truncateAndNormalize(query, to));
    expectTopK(bulk.search(query, 25), ref, 25);
    bulk.dispose();
  });
});

describe('VoyIndex search within a set of documents', () => {
  it('asks voy for more neighbours until it has k rows of allowed documents', () => {
    const dim = 64;
    const docs = makeDocs(800, dim, 5);
    const allowed = new Set([...docs.keys()].filter((_, i) => i % 7 === 3));
    const index = new VoyIndex(dim);
    for (const [id, v] of docs) index.add(id, v);
    const query = randomUnitVectors(1, dim, 77);
    const subset = new Map([...docs].filter(([id]) => allowed.has(id)));
    expectTopK(
      index.search(query, 10, (id) => allowed.has(id)),
      bruteForce(subset, query),
      10,
    );
    expect(index.search(query, 10, () => false)).toEqual([]);
    index.dispose();
  });
});

describe('VoyIndex edge cases', () => {
  const dim = 1024;

  it('stores 40+ identical vectors as one point and returns every row', () => {
    const index = new VoyIndex(dim);
    const same = randomUnitVectors(1, dim, 5);
    // 45 docs with the same vector, one doc holding it 12 times, and random neighbours.
    for (let d = 0; d < 45; d++) index.add(`dup${d}`, same);
    const repeated = new Float32Array(12 * dim);
    for (let c = 0; c < 12; c++) repeated.set(same, c * dim);
    index.add('repeated', repeated);
    for (const [id, v] of makeDocs(300, dim, 9)) index.add(id, v);
    expect(index.size).toBe(45 + 12 + 300);
    expect(index.points).toBe(301);

    const hits = index.search(same, 80);
    expect(hits).toHaveLength(80);
    const top = hits.slice(0, 57);
    expect(new Set(top.map(keyOf)).size).toBe(57);
    for (const h of top) expect(h.score).toBeCloseTo(1, 5);
    expect(top.filter((h) => h.docId === 'repeated').map((h) => h.chunk)).toEqual(
      Array.from({ length: 12 }, (_, c) => c),
    );
    expect(hits[57]!.score).toBeLessThan(0.5);

    // Removing some duplicates keeps the rest; removing all drops the point.
    for (let d = 0; d < 40; d++) index.remove(`dup${d}`);
    expect(index.search(same, 20).filter((h) => h.score > 0.99)).toHaveLength(17);
    for (let d = 40; d < 45; d++) index.remove(`dup${d}`);
    index.remove('repeated');
    expect(index.points).toBe(300);
    expect(index.search(same, 5).every((h) => h.score < 0.5)).toBe(true);
    index.dispose();
  });

  it('never returns removed or replaced rows and always fills k (no ghosts)', () => {
    const docs = makeDocs(800, dim, 11);
    const index = new VoyIndex(dim);
    index.addMany(docs);
    const ids = [...docs.keys()];
    const removed = new Set(ids.filter((_, i) => i % 2 === 0));
    for (const id of removed) expect(index.remove(id)).toBe(true);
    expect(index.remove(ids[0]!)).toBe(false);
    // Replace a survivor's rows: only the new vectors may come back for it.
    const replaced = ids[1]!;
    const fresh = randomUnitVectors(3, dim, 12);
    index.add(replaced, fresh);
    const left = new Map([...docs].filter(([id]) => !removed.has(id) && id !== replaced));
    left.set(replaced, fresh);
    const reference = truncated(left, dim, 768);
    let total = 0;
    for (const v of left.values()) total += v.length / dim;
    expect(index.size).toBe(total);
    // A ghost (a tree point whose doc voy forgot) would make a full-size search come back short.
    expect(index.search(docs.get(ids[0]!)!.subarray(0, dim), total)).toHaveLength(total);

    for (const id of [...removed].slice(0, 30)) {
      const query = docs.get(id)!.subarray(0, dim);
      const hits = index.search(query, 10);
      expect(hits.some((h) => removed.has(h.docId))).toBe(false);
      expectTopK(hits, bruteForce(reference, truncateAndNormalize(query, 768)), 10);
    }
    // The replaced doc's old vector is gone: nothing scores ~1 against it any more.
    const oldQuery = docs.get(replaced)!.subarray(0, dim);
    const old = index.search(oldQuery, 10);
    expect(old[0]!.score).toBeLessThan(0.5);
    expectTopK(old, bruteForce(reference, truncateAndNormalize(oldQuery, 768)), 10);
    expect(index.search(fresh.subarray(0, dim), 1)[0]).toMatchObject({ docId: replaced, chunk: 0 });
    index.dispose();
  });

  it('truncates 1024-d input to 768 dims: vectors equal in their prefix become duplicates', () => {
    const index = new VoyIndex(dim);
    const a = randomUnitVectors(1, dim, 21);
    const b = a.slice();
    b.set(randomUnitVectors(1, dim - 768, 22), 768);
    index.add('a', a);
    index.add('b', b);
    index.addMany(makeDocs(50, dim, 23));
    expect(index.points).toBe(index.size - 1);
    const hits = index.search(b, 2);
    expect(hits.map((h) => h.docId).sort()).toEqual(['a', 'b']);
    for (const h of hits) expect(h.score).toBeCloseTo(1, 5);
    index.dispose();
  });

  it('rejects bad dimensions with clear RangeErrors', () => {
    expect(() => new VoyIndex(1024, { indexDimension: 1024 })).toThrow(RangeError);
    expect(() => new VoyIndex(1024, { indexDimension: 1024 })).toThrow(/outside 1\.\.768/);
    expect(() => new VoyIndex(256, { indexDimension: 300 })).toThrow(RangeError);
    expect(() => new VoyIndex(0)).toThrow(RangeError);
    const index = new VoyIndex(256);
    expect(() => index.add('x', new Float32Array(300))).toThrow(/not a multiple of .* 256/);
    expect(() => index.search(new Float32Array(1024), 5)).toThrow(
      /query has dimension 1024, the index has 256/,
    );
    const bad = randomUnitVectors(2, 256, 1);
    bad[300] = Number.NaN;
    expect(() => index.add('nan', bad)).toThrow(RangeError);
    expect(index.has('nan')).toBe(false);
    expect(index.size).toBe(0);
    index.dispose();
  });

  it('has, size, clear and empty searches', () => {
    const index = new VoyIndex(64);
    expect(index.search(new Float32Array(64), 5)).toEqual([]);
    index.addMany(makeDocs(40, 64, 3));
    index.add('empty', new Float32Array(0));
    expect(index.has('empty')).toBe(true);
    expect(index.size).toBe(40);
    expect(index.search(randomUnitVectors(1, 64, 4), 100)).toHaveLength(40);
    expect(index.search(randomUnitVectors(1, 64, 4), 0)).toEqual([]);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.has('doc0')).toBe(false);
    expect(index.search(randomUnitVectors(1, 64, 4), 5)).toEqual([]);
    index.addMany(makeDocs(10, 64, 5));
    expect(index.search(randomUnitVectors(1, 64, 4), 5)).toHaveLength(5);
    index.dispose();
  });
});
