// Browser side of `npm run bench:index` (headless Chromium, Vite dev server): saves seeded unit
// vectors through the app's VectorStore (1024-row segments of f32 rows, int8 codes and scales,
// plus a manifest, in one transaction) and times loading them back into the int8 WASM index.
import { createStore, clear } from 'idb-keyval';
import { WasmFlatIndex } from '../../src/engine/index/flat-index/wasm-flat-index';
import { randomUnitVectors } from '../../test/random-vectors';
import { commit } from '../../src/engine/storage/idb-batch';
import { VectorStore } from '../../src/engine/index/vector-store/vector-store';
import { ROWS_PER_DOC } from './index-shared';

const db = createStore('sieve-bench-index', 'library');
const KEY = 'bench-model|q8|full';

export interface SaveResult {
  save_ms: number;
  megabytes: number;
}

export interface LoadResult {
  /** IndexedDB open + manifest + segments read and copied into the index's WASM memory. */
  load_ms: number;
  records: number;
  intact: boolean;
}

declare global {
  interface Window {
    indexBenchSave: (n: number, dim: number) => Promise<SaveResult>;
    indexBenchLoad: (n: number, dim: number) => Promise<LoadResult>;
  }
}

/** The documents to save (ROWS_PER_DOC rows each), generated here so they are garbage after. */
function documents(n: number, dim: number): Array<[string, Float32Array]> {
  const data = randomUnitVectors(n, dim, 1);
  const docs: Array<[string, Float32Array]> = [];
  for (let row = 0; row < n; row += ROWS_PER_DOC) {
    const end = Math.min(n, row + ROWS_PER_DOC);
    docs.push([`doc${docs.length}`, data.subarray(row * dim, end * dim)]);
  }
  return docs;
}

window.indexBenchSave = async (n, dim) => {
  await clear(db);
  const docs = documents(n, dim);
  const started = performance.now();
  const store = await VectorStore.open(db, KEY);
  const change = await store.replaceManyChange(docs, {
    modelId: 'bench-model',
    dtype: 'q8',
    dimension: dim,
  });
  await commit(db, change.batch, [change.guard]);
  return {
    save_ms: performance.now() - started,
    megabytes: (n * (dim * 5 + 4)) / 2 ** 20,
  };
};

window.indexBenchLoad = async (n, dim) => {
  const started = performance.now();
  const store = await VectorStore.open(db, KEY);
  const index = new WasmFlatIndex(dim, { quantization: 'int8' });
  await store.load(index);
  const loadMs = performance.now() - started;
  const manifest = store.manifest;
  // The first stored row must come back exactly (the data is regenerated from its seed).
  const first = randomUnitVectors(1, dim, 1);
  const hit = index.search(first, 1)[0];
  const segments = manifest?.segments ?? [];
  return {
    load_ms: loadMs,
    records: segments.length + 1,
    intact:
      index.size === n &&
      hit?.docId === 'doc0' &&
      hit.chunk === 0 &&
      Math.abs(hit.score - 1) < 1e-5,
  };
};

document.getElementById('status')!.textContent = 'ready';
