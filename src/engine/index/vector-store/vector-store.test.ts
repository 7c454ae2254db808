// VectorStore against fake-indexeddb (the same code runs on Chromium's IndexedDB in the e2e
// storage tests): round trips, random change sequences, atomicity and conflicts.
import 'fake-indexeddb/auto';
import { createStore, get, keys, set, type UseStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { quantizeRowsInt8, type Int8Rows } from '../../../core/int8';
import type { VectorHit, VectorIndex } from '../../../core/vector-index';
import { expectTopK } from '../../../../test/expect-top-k';
import { bruteForce, randomUnitVectors } from '../../../../test/random-vectors';
import { WasmFlatIndex } from '../flat-index/wasm-flat-index';
import { commit, mergeBatches, WriteConflictError } from '../../storage/idb-batch';
import { SEGMENT_ROWS, type VectorIdentity } from './layout';
import { CorruptIndexError, manifestKey, segmentKey, VectorStore } from './vector-store';

const DIM = 16;
const KEY = 'test-model|q8|16';
const IDENTITY: VectorIdentity = { modelId: 'test-model', dtype: 'q8', dimension: DIM };
let dbCount = 0;
const freshDb = (): UseStore => createStore(`vector-store-test-${++dbCount}`, 'library');

/** Records what a load adds, so the stored rows can be compared exactly. */
class RecordingIndex implements VectorIndex {
  readonly dimension = DIM;
  docs = new Map<string, { vectors: Float32Array; int8?: Int8Rows }>();
  reserved = 0;
  get size() {
    return [...this.docs.values()].reduce((n, d) => n + d.vectors.length / DIM, 0);
  }
  add(docId: string, vectors: Float32Array, int8?: Int8Rows) {
    expect(this.docs.has(docId), `${docId} added twice`).toBe(false);
    this.docs.set(docId, {
      vectors: vectors.slice(),
      int8: int8 && { codes: int8.codes.slice(), scales: int8.scales.slice() },
    });
  }
  reserve(rows: number) {
    this.reserved = rows;
  }
  remove(docId: string) {
    return this.docs.delete(docId);
  }
  has(docId: string) {
    return this.docs.has(docId);
  }
  search(): VectorHit[] {
    return [];
  }
  clear() {
    this.docs.clear();
  }
}

async function apply(
  db: UseStore,
  store: VectorStore,
  change: Awaited<ReturnType<VectorStore['replaceChange']>> | null,
) {
  if (!change) return;
  await commit(db, change.batch, [change.guard]);
  store.adopt(change);
}

async function expectStored(db: UseStore, expected: Map<string, Float32Array>) {
  const reopened = await VectorStore.open(db, KEY);
  const index = new RecordingIndex();
  await reopened.load(index);
  expect(index.reserved).toBe([...expected.values()].reduce((n, v) => n + v.length / DIM, 0));
  expect([...index.docs.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [id, vectors] of expected) {
    const loaded = index.docs.get(id)!;
    expect(loaded.vectors).toEqual(vectors);
    expect(loaded.int8).toEqual(quantizeRowsInt8(vectors, DIM));
  }
  // Every stored segment is referenced, none exceeds SEGMENT_ROWS, rows are typed arrays.
  const manifest = reopened.manifest!;
  const segmentKeys = (await keys<string>(db)).filter((k) => k.startsWith('segment:')).sort();
  expect(segmentKeys).toEqual(manifest.segments.map((s) => segmentKey(KEY, s.id)).sort());
  for (const s of manifest.segments) {
    const rows = s.rows.reduce((a, b) => a + b, 0);
    expect(rows).toBeLessThanOrEqual(SEGMENT_ROWS);
    const record = await get(segmentKey(KEY, s.id), db);
    expect(record.vectors).toBeInstanceOf(Float32Array);
    expect(record.codes).toBeInstanceOf(Int8Array);
    expect(record.vectors.buffer.byteLength).toBe(rows * DIM * 4);
  }
}

describe('VectorStore', () => {
  it('round-trips documents, including one spanning several segments, into a searchable index', async () => {
    const db = freshDb();
    const store = await VectorStore.open(db, KEY);
    const docs = new Map([
      ['small', randomUnitVectors(3, DIM, 1)],
      ['large', randomUnitVectors(SEGMENT_ROWS * 2 + 5, DIM, 2)],
      ['tail', randomUnitVectors(7, DIM, 3)],
    ]);
    for (const [id, vectors] of docs)
      await apply(db, store, await store.replaceChange(id, vectors, IDENTITY));
    expect(store.manifest!.segments.map((s) => s.rows)).toEqual([[3], [1024], [1024], [5], [7]]);
    await expectStored(db, docs);
    expect(await store.rowsOf('spans-three')).toBeUndefined();
    for (const [id, vectors] of docs) expect(await store.rowsOf(id)).toEqual(vectors);

    const index = new WasmFlatIndex(DIM, { quantization: 'int8' });
    await (await VectorStore.open(db, KEY)).load(index);
    const query = randomUnitVectors(1, DIM, 9);
    expectTopK(index.search(query, 10), bruteForce(docs, query), 10);
  });

  it('matches a reference after a random sequence of appends, replacements, removals and compactions', async () => {
    const db = freshDb();
    const store = await VectorStore.open(db, KEY);
    const expected = new Map<string, Float32Array>();
    let seed = 100;
    for (let step = 0; step < 120; step++) {
      const action = (step * 7919) % 10;
      const id = `doc${(step * 31) % 23}`;
      if (action < 6) {
        const rows = 1 + ((step * 131) % (step % 17 === 0 ? 1500 : 40));
        const vectors = randomUnitVectors(rows, DIM, seed++);
        await apply(db, store, await store.replaceChange(id, vectors, IDENTITY));
        expected.set(id, vectors);
      } else if (action < 9) {
        await apply(db, store, await store.removeChange(new Set([id])));
        expected.delete(id);
      } else {
        await apply(db, store, await store.compactionChange());
      }
      if (step % 20 === 19) await expectStored(db, expected);
    }
    await apply(db, store, await store.compactionChange());
    await expectStored(db, expected);
    const { segments, count } = store.manifest!;
    expect(segments.length).toBeLessThanOrEqual(2 * Math.ceil(count / SEGMENT_ROWS) + 1);
  });

  it('stores many documents in one change, packed into full segments', async () => {
    const db = freshDb();
    const store = await VectorStore.open(db, KEY);
    const docs = new Map(
      Array.from({ length: 60 }, (_, i): [string, Float32Array] => [
        `d${i}`,
        randomUnitVectors(20 + i, DIM, i + 1),
      ]),
    );
    await apply(db, store, await store.replaceManyChange([...docs], IDENTITY));
    const total = [...docs.values()].reduce((n, v) => n + v.length / DIM, 0);
    expect(store.manifest!.segments).toHaveLength(Math.ceil(total / SEGMENT_ROWS));
    await expectStored(db, docs);
  });

  it('writes nothing when one record of the transaction cannot be stored', async () => {
    const db = freshDb();
    const store = await VectorStore.open(db, KEY);
    const first = randomUnitVectors(5, DIM, 1);
    await apply(db, store, await store.replaceChange('a', first, IDENTITY));
    const before = await keys(db);

    const change = await store.replaceChange(
      'b',
      randomUnitVectors(SEGMENT_ROWS + 1, DIM, 2),
      IDENTITY,
    );
    const unclonable = {
      puts: [['doc:b', { render: () => 'not cloneable' }]],
      deletes: [],
    } as Parameters<typeof commit>[1];
    await expect(
      commit(db, mergeBatches(change.batch, unclonable), [change.guard]),
    ).rejects.toThrow(/clone/i);

    expect((await keys(db)).sort()).toEqual(before.sort());
    await expectStored(db, new Map([['a', first]]));
  });

  it('refuses a write planned against a manifest another writer has changed since', async () => {
    const db = freshDb();
    const tabA = await VectorStore.open(db, KEY);
    await apply(db, tabA, await tabA.replaceChange('a', randomUnitVectors(2, DIM, 1), IDENTITY));
    const tabB = await VectorStore.open(db, KEY);
    await apply(db, tabB, await tabB.replaceChange('b', randomUnitVectors(2, DIM, 2), IDENTITY));

    const stale = await tabA.replaceChange('c', randomUnitVectors(2, DIM, 3), IDENTITY);
    await expect(commit(db, stale.batch, [stale.guard])).rejects.toBeInstanceOf(WriteConflictError);
    const reopened = await VectorStore.open(db, KEY);
    expect([...reopened.docIds()].sort()).toEqual(['a', 'b']);
  });

  it('reports a damaged manifest or segment as corrupt instead of loading part of it', async () => {
    const db = freshDb();
    const store = await VectorStore.open(db, KEY);
    await apply(db, store, await store.replaceChange('a', randomUnitVectors(4, DIM, 1), IDENTITY));
    const manifest = store.manifest!;

    await set(segmentKey(KEY, manifest.segments[0]!.id), { vectors: new Float32Array(3) }, db);
    await expect(
      (await VectorStore.open(db, KEY)).load(new RecordingIndex()),
    ).rejects.toBeInstanceOf(CorruptIndexError);

    await set(manifestKey(KEY), { ...manifest, count: 99 }, db);
    await expect(VectorStore.open(db, KEY)).rejects.toThrow(/holds 4 rows, not 99/);
    await set(manifestKey(KEY), { ...manifest, schema: 0 }, db);
    await expect(VectorStore.open(db, KEY)).rejects.toBeInstanceOf(CorruptIndexError);
  });

  it('keeps vectors of another dimension or model out', async () => {
    const db = freshDb();
    const store = await VectorStore.open(db, KEY);
    await apply(db, store, await store.replaceChange('a', randomUnitVectors(1, DIM, 1), IDENTITY));
    await expect(
      store.replaceChange('b', new Float32Array(8), { ...IDENTITY, dimension: 8 }),
    ).rejects.toThrow(/do not belong/);
    await expect(store.replaceChange('b', new Float32Array(DIM + 1), IDENTITY)).rejects.toThrow(
      /whole 16-d rows/,
    );
  });
});
