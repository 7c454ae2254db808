// Browser side of e2e/vector-store.e2e.ts: writes seeded documents' vectors through the real
// VectorStore and commit() into Chromium's IndexedDB, and checks what a fresh page reads back.
import { createStore, keys } from 'idb-keyval';
import { quantizeRowsInt8, type Int8Rows } from '../../src/core/int8';
import type { VectorIndex } from '../../src/core/vector-index';
import { WasmFlatIndex } from '../../src/engine/index/flat-index/wasm-flat-index';
import { bruteForce, randomUnitVectors } from '../../test/random-vectors';
import { commit, mergeBatches, type WriteBatch } from '../../src/engine/storage/idb-batch';
import {
  SEGMENT_PREFIX,
  segmentKey,
  VectorStore,
} from '../../src/engine/index/vector-store/vector-store';

const db = createStore('sieve-storage-harness', 'library');
const KEY = 'harness-model|q8|full';

/** A document's vectors are regenerated from its seed, so any page can check them. */
export interface SeededDoc {
  id: string;
  rows: number;
  seed: number;
}

export interface Inspection {
  docs: string[];
  count: number;
  generation: number;
  /** Stored segments that the manifest does not list, and listed ones that are missing. */
  strays: number;
  missing: number;
  /** Every document's f32 rows and int8 codes equal what its seed generates. */
  exact: boolean;
  /** Top 10 of an int8 + rescoring index loaded from storage equals brute force. */
  searchMatches: boolean;
}

declare global {
  interface Window {
    storeHarness: {
      write(docs: SeededDoc[], dim: number): Promise<void>;
      failingWrite(doc: SeededDoc, dim: number): Promise<string>;
      startWrite(doc: SeededDoc, dim: number): Promise<void>;
      inspect(expected: SeededDoc[], dim: number): Promise<Inspection>;
    };
  }
}

const identity = (dim: number) => ({ modelId: 'harness-model', dtype: 'q8', dimension: dim });
const vectorsOf = (doc: SeededDoc, dim: number) => randomUnitVectors(doc.rows, dim, doc.seed);

/** Keeps copies of what a load adds (the real indexes keep rows in WASM memory). */
class CapturingIndex implements VectorIndex {
  docs = new Map<string, { vectors: Float32Array; int8?: Int8Rows }>();
  constructor(readonly dimension: number) {}
  get size() {
    return 0;
  }
  add(docId: string, vectors: Float32Array, int8?: Int8Rows) {
    this.docs.set(docId, {
      vectors: vectors.slice(),
      int8: int8 && { codes: int8.codes.slice(), scales: int8.scales.slice() },
    });
  }
  remove = (docId: string) => this.docs.delete(docId);
  has = (docId: string) => this.docs.has(docId);
  search = () => [];
  clear = () => this.docs.clear();
}

const equal = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => x === b[i]);

window.storeHarness = {
  async write(docs, dim) {
    const store = await VectorStore.open(db, KEY);
    for (const doc of docs) {
      const change = await store.replaceChange(doc.id, vectorsOf(doc, dim), identity(dim));
      await commit(db, change.batch, [change.guard]);
      store.adopt(change);
    }
  },

  /** A write whose last record cannot be cloned: IndexedDB must keep none of it. */
  async failingWrite(doc, dim) {
    const store = await VectorStore.open(db, KEY);
    const change = await store.replaceChange(doc.id, vectorsOf(doc, dim), identity(dim));
    const poison: WriteBatch = {
      puts: [[`doc:${doc.id}`, { notCloneable: () => 0 }]],
      deletes: [],
    };
    try {
      await commit(db, mergeBatches(change.batch, poison), [change.guard]);
      return 'committed';
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  },

  /** Starts a write and returns while its transaction is still running (the test then crashes). */
  async startWrite(doc, dim) {
    const store = await VectorStore.open(db, KEY);
    const change = await store.replaceChange(doc.id, vectorsOf(doc, dim), identity(dim));
    void commit(db, change.batch, [change.guard]);
    await new Promise((resolve) => setTimeout(resolve, 30));
  },

  async inspect(expected, dim) {
    const store = await VectorStore.open(db, KEY);
    const capture = new CapturingIndex(dim);
    await store.load(capture);
    const manifest = store.manifest;
    const listed = new Set(manifest?.segments.map((s) => segmentKey(KEY, s.id)));
    const stored = (await keys<string>(db)).filter((k) => k.startsWith(SEGMENT_PREFIX));
    const exact = expected.every((doc) => {
      const got = capture.docs.get(doc.id);
      const want = vectorsOf(doc, dim);
      const int8 = quantizeRowsInt8(want, dim);
      return (
        got !== undefined &&
        equal(got.vectors, want) &&
        equal(got.int8!.codes, int8.codes) &&
        equal(got.int8!.scales, int8.scales)
      );
    });

    const index = new WasmFlatIndex(dim, { quantization: 'int8' });
    await store.load(index);
    const query = randomUnitVectors(1, dim, 424242);
    const reference = bruteForce(new Map(expected.map((d) => [d.id, vectorsOf(d, dim)])), query);
    const hits = index.search(query, 10).map((h) => `${h.docId}#${h.chunk}`);
    return {
      docs: [...capture.docs.keys()].sort(),
      count: manifest?.count ?? 0,
      generation: manifest?.generation ?? 0,
      strays: stored.filter((k) => !listed.has(k)).length,
      missing: [...listed].filter((k) => !stored.includes(k)).length,
      exact,
      searchMatches:
        hits.join() ===
        reference
          .slice(0, 10)
          .map((r) => r.key)
          .join(),
    };
  },
};

document.getElementById('status')!.textContent = 'ready';
