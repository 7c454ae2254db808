// WasmFlatIndex against a double-precision brute force and core's ExactCosineIndex: exactness
// over several dimensions, adversarial data, removal, replacement, clear, int8 + rescoring.
import { describe, expect, it } from 'vitest';
import { EPS, expectTopK, keyOf } from '../../../../test/expect-top-k';
import { ExactCosineIndex, type VectorIndex } from '../../../core/vector-index';
import { bruteForce, randomUnitVectors } from '../../../../test/random-vectors';
import { WasmFlatIndex, type Quantization } from './wasm-flat-index';

/** Docs of 0..12 rows each (so rows land at every offset), `total` rows in all. */
function makeDocs(total: number, dim: number, seed: number): Map<string, Float32Array> {
  const data = randomUnitVectors(total, dim, seed);
  const docs = new Map<string, Float32Array>();
  for (let start = 0, d = 0; start < total; d++) {
    const end = Math.min(total, start + ((d * 7) % 13));
    docs.set(`doc${d}`, data.slice(start * dim, end * dim));
    start = end;
  }
  return docs;
}

function fill(index: VectorIndex, docs: Map<string, Float32Array>): VectorIndex {
  for (const [id, v] of docs) index.add(id, v);
  return index;
}

describe.each([
  { dim: 1024, rows: 1001 },
  { dim: 768, rows: 517 },
  { dim: 256, rows: 1203 },
  { dim: 130, rows: 999 },
  { dim: 52, rows: 301 },
  { dim: 7, rows: 77 },
])('WasmFlatIndex, $dim dims × $rows rows', ({ dim, rows }) => {
  const docs = makeDocs(rows, dim, dim);
  const queries = randomUnitVectors(8, dim, 7 * dim);
  const queryAt = (q: number) => queries.subarray(q * dim, (q + 1) * dim);

  it('f32 matches brute force', () => {
    const index = fill(new WasmFlatIndex(dim), docs);
    expect(index.size).toBe(rows);
    for (let q = 0; q < 8; q++) {
      const ref = bruteForce(docs, queryAt(q));
      for (const k of [1, 10, 64]) expectTopK(index.search(queryAt(q), k), ref, k);
    }
    expectTopK(index.search(queryAt(0), rows + 5), bruteForce(docs, queryAt(0)), rows + 5);
  });

  it('int8 + rescoring returns exact f32 scores, identical to the f32 index for those rows', () => {
    const f32 = fill(new WasmFlatIndex(dim), docs);
    const int8 = fill(new WasmFlatIndex(dim, { quantization: 'int8' }), docs);
    for (let q = 0; q < 8; q++) {
      const exact = new Map(f32.search(queryAt(q), rows).map((h) => [keyOf(h), h.score]));
      const hits = int8.search(queryAt(q), 10);
      expect(hits).toHaveLength(Math.min(10, rows));
      for (const h of hits) expect(h.score).toBe(exact.get(keyOf(h)));
      for (let i = 1; i < hits.length; i++) {
        expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
      }
    }
  });
});

describe('search within a set of documents (collections, selected files)', () => {
  const dim = 64;
  const docs = makeDocs(900, dim, 11);
  const allowed = new Set([...docs.keys()].filter((_, i) => i % 5 === 1));
  const subset = new Map([...docs].filter(([id]) => allowed.has(id)));
  const query = randomUnitVectors(1, dim, 99);
  const indexes: Array<[string, () => VectorIndex]> = [
    ['f32', () => new WasmFlatIndex(dim)],
    ['int8', () => new WasmFlatIndex(dim, { quantization: 'int8' })],
    ['js', () => new ExactCosineIndex(dim)],
  ];

  it.each(indexes)('%s: the top k of the allowed documents only, exactly', (_, make) => {
    const index = fill(make(), docs);
    const hits = index.search(query, 10, (id) => allowed.has(id));
    expectTopK(hits, bruteForce(subset, query), 10);
    const one = [...allowed][0]!;
    const few = index.search(query, 50, (id) => id === one);
    expect(few.map((h) => h.docId)).toEqual(Array(docs.get(one)!.length / dim).fill(one));
    expect(index.search(query, 5, () => false)).toEqual([]);
  });
});

describe('WasmFlatIndex edge cases', () => {
  const dim = 64;

  it.each<Quantization>(['none', 'int8'])(
    '%s: 45 identical vectors tie like ExactCosineIndex (lower row first)',
    (quantization) => {
      const dup = randomUnitVectors(1, dim, 5);
      const noise = randomUnitVectors(300, dim, 6);
      const index = new WasmFlatIndex(dim, { quantization });
      const reference = new ExactCosineIndex(dim);
      for (let d = 0; d < 45; d++) {
        const rows = new Float32Array(8 * dim);
        rows.set(noise.subarray(d * 6 * dim, (d * 6 + 6) * dim));
        rows.set(dup, 6 * dim); // chunk 6 of every doc is the same vector
        for (const i of [index, reference]) i.add(`d${d}`, rows.subarray(0, 7 * dim));
      }
      const hits = index.search(dup, 50);
      const expected = reference.search(dup, 50);
      expect(hits.slice(0, 45).map(keyOf)).toEqual(expected.slice(0, 45).map(keyOf));
      expect(hits.slice(0, 45).every((h) => h.chunk === 6 && Math.abs(h.score - 1) < EPS)).toBe(
        true,
      );
      hits.forEach((h, i) => expect(Math.abs(h.score - expected[i]!.score)).toBeLessThan(EPS));
    },
  );

  it.each<Quantization>(['none', 'int8'])('%s: zero vectors score 0', (quantization) => {
    const index = new WasmFlatIndex(dim, { quantization });
    const reference = new ExactCosineIndex(dim);
    const query = randomUnitVectors(1, dim, 10);
    const data = randomUnitVectors(200, dim, 9);
    // Every other row points away from the query, so the ten zero rows are the top ten.
    for (let r = 0; r < 200; r++) {
      const row = data.subarray(r * dim, (r + 1) * dim);
      if (row.reduce((s, x, i) => s + x * query[i]!, 0) > 0) row.forEach((x, i) => (row[i] = -x));
    }
    data.fill(0, 50 * dim, 60 * dim);
    for (const i of [index, reference]) i.add('a', data);
    const hits = index.search(query, 10);
    expect(hits.map(keyOf)).toEqual(Array.from({ length: 10 }, (_, r) => `a#${50 + r}`));
    expect(hits.every((h) => h.score === 0)).toBe(true);
    // A zero query scores every row 0, so the order is insertion order, as in the reference.
    const zero = new Float32Array(dim);
    expect(index.search(zero, 20).map(keyOf)).toEqual(reference.search(zero, 20).map(keyOf));
    expect(index.search(zero, 20).every((h) => h.score === 0)).toBe(true);
  });

  it('rejects a dimension mismatch with an error naming both dimensions', () => {
    const index = new WasmFlatIndex(dim);
    index.add('a', randomUnitVectors(3, dim, 1));
    expect(() => index.search(new Float32Array(dim - 1), 5)).toThrow(RangeError);
    expect(() => index.search(new Float32Array(48), 5)).toThrow(/dimension 48.*64/);
    expect(() => index.add('b', new Float32Array(dim * 2 + 1))).toThrow(RangeError);
    expect(() => index.add('a', new Float32Array(dim + 3))).toThrow(/length 67 .*dimension 64/);
    expect(index.size).toBe(3);
    expect(index.has('a') && !index.has('b')).toBe(true);
    expect(() => new WasmFlatIndex(0)).toThrow(RangeError);
    expect(() => new WasmFlatIndex(dim, { rescoreFactor: 0.5 })).toThrow(RangeError);
  });

  it.each<Quantization>(['none', 'int8'])(
    '%s: removal compacts rows; search equals brute force and a fresh index over the rest',
    (quantization) => {
      const docs = makeDocs(900, dim, 21);
      const index = fill(new WasmFlatIndex(dim, { quantization }), docs);
      const removed = ['doc0', 'doc40', 'doc41', 'doc77', `doc${docs.size - 1}`, 'doc13'];
      for (const id of removed) expect(index.remove(id)).toBe(true);
      expect(index.remove('doc40')).toBe(false);
      expect(index.remove('nope')).toBe(false);
      const rest = new Map([...docs].filter(([id]) => !removed.includes(id)));
      expect(index.size).toBe([...rest.values()].reduce((n, v) => n + v.length / dim, 0));
      expect(removed.some((id) => index.has(id))).toBe(false);
      const fresh = fill(new WasmFlatIndex(dim, { quantization }), rest);
      const queries = randomUnitVectors(10, dim, 22);
      for (let q = 0; q < 10; q++) {
        const query = queries.subarray(q * dim, (q + 1) * dim);
        const hits = index.search(query, 10);
        expect(hits).toEqual(fresh.search(query, 10));
        expect(hits.some((h) => removed.includes(h.docId))).toBe(false);
        const all = index.search(query, index.size);
        expectTopK(all, bruteForce(rest, query), index.size);
      }
    },
  );

  it.each<Quantization>(['none', 'int8'])('%s: re-adding a doc replaces its rows', (q) => {
    const index = new WasmFlatIndex(dim, { quantization: q });
    const a1 = randomUnitVectors(100, dim, 31);
    const a2 = randomUnitVectors(3, dim, 32);
    const b = randomUnitVectors(100, dim, 33);
    index.add('a', a1);
    index.add('b', b);
    index.add('a', a2);
    expect(index.size).toBe(103);
    const query = a2.subarray(dim, 2 * dim);
    expect(index.search(query, 1)[0]).toMatchObject({ docId: 'a', chunk: 1 });
    const all = index.search(query, 1000);
    expect(all.filter((h) => h.docId === 'a').map((h) => h.chunk)).toHaveLength(3);
    expectTopK(
      all,
      bruteForce(
        new Map([
          ['b', b],
          ['a', a2],
        ]),
        query,
      ),
      1000,
    );
    expect(index.search(a1.subarray(0, dim), 1)[0]!.score).toBeLessThan(0.9);
  });

  it('clear() empties the index and it stays usable', () => {
    const index = new WasmFlatIndex(dim, { quantization: 'int8' });
    const docs = makeDocs(500, dim, 41);
    fill(index, docs);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.has('doc1')).toBe(false);
    expect(index.search(randomUnitVectors(1, dim, 42), 10)).toEqual([]);
    expect(index.dimension).toBe(dim);
    const again = makeDocs(300, dim, 43);
    fill(index, again);
    const query = randomUnitVectors(1, dim, 44);
    expect(index.size).toBe(300);
    expect(index.search(query, 5).map(keyOf)).toEqual(
      bruteForce(again, query)
        .slice(0, 5)
        .map((r) => r.key),
    );
  });

  it('handles k of 0, k larger than the index, empty docs and an empty index', () => {
    const index = new WasmFlatIndex(dim, { quantization: 'int8' });
    const query = randomUnitVectors(1, dim, 51);
    expect(index.search(query, 10)).toEqual([]);
    index.add('empty', new Float32Array(0));
    expect(index.has('empty') && index.size === 0).toBe(true);
    index.add('a', randomUnitVectors(5, dim, 52));
    expect(index.search(query, 0)).toEqual([]);
    expect(index.search(query, 99)).toHaveLength(5);
    expect(index.remove('empty')).toBe(true);
    expect(index.size).toBe(5);
  });
});

describe('WasmFlatIndex int8 recall', () => {
  it('recall@10 against exact search is at least 0.99 (5k × 256, 50 queries)', () => {
    const dim = 256;
    const docs = makeDocs(5000, dim, 61);
    const exact = fill(new WasmFlatIndex(dim), docs);
    const int8 = fill(new WasmFlatIndex(dim, { quantization: 'int8' }), docs);
    const queries = randomUnitVectors(50, dim, 62);
    let found = 0;
    for (let q = 0; q < 50; q++) {
      const query = queries.subarray(q * dim, (q + 1) * dim);
      const truth = new Set(exact.search(query, 10).map(keyOf));
      found += int8.search(query, 10).filter((h) => truth.has(keyOf(h))).length;
    }
    const recall = found / 500;
    console.log(`int8 + rescoring recall@10 on 5000 × 256 random unit vectors: ${recall}`);
    expect(recall).toBeGreaterThanOrEqual(0.99);
  });
});
