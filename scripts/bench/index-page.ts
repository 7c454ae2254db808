// Browser side of `npm run bench:index` (headless Chromium, Vite dev server): generates seeded
// unit vectors, saves them to IndexedDB as 1024-row typed-array chunks (f32 records, int8
// codes + scales records, a manifest; one idb-keyval setMany transaction) and times a load back.
import { clear, createStore, get, getMany, setMany } from 'idb-keyval';
import { randomUnitVectors } from '../../src/engine/flat-index/test-data';

const store = createStore('sieve-bench-index', 'chunks');
const CHUNK_ROWS = 1024;

interface Manifest {
  n: number;
  dim: number;
  chunkRows: number;
  chunks: number;
  checksum: number;
}

interface Int8Chunk {
  codes: Int8Array;
  scales: Float32Array;
}

export interface SaveResult {
  generate_ms: number;
  save_ms: number;
  records: number;
  megabytes: number;
}

export interface LoadResult {
  load_ms: number;
  assemble_ms: number;
  records: number;
  megabytes: number;
  intact: boolean;
}

declare global {
  interface Window {
    indexBenchSave: (n: number, dim: number) => Promise<SaveResult>;
    indexBenchLoad: () => Promise<LoadResult>;
  }
}

/** Per-vector symmetric int8 codes, as WasmFlatIndex stores them (scale = max |x| / 127). */
function quantizeRows(rows: Float32Array, dim: number): Int8Chunk {
  const count = rows.length / dim;
  const codes = new Int8Array(rows.length);
  const scales = new Float32Array(count);
  for (let r = 0; r < count; r++) {
    let max = 0;
    for (let i = r * dim; i < (r + 1) * dim; i++) max = Math.max(max, Math.abs(rows[i]!));
    if (max === 0) continue;
    const inv = 127 / max;
    for (let i = r * dim; i < (r + 1) * dim; i++) codes[i] = Math.round(rows[i]! * inv);
    scales[r] = max / 127;
  }
  return { codes, scales };
}

const checksumOf = (f32: Float32Array, i8: Int8Chunk) => f32[0]! + i8.codes[0]! + i8.scales[0]!;
const keys = (m: Manifest) =>
  Array.from({ length: m.chunks }, (_, c) => [`f32/${c}`, `i8/${c}`]).flat();

/** The records to save: data generated here so that it is garbage once this returns. */
function records(n: number, dim: number) {
  const data = randomUnitVectors(n, dim, 1);
  const chunks = Math.ceil(n / CHUNK_ROWS);
  const entries: [IDBValidKey, unknown][] = [];
  let checksum = 0;
  let bytes = 0;
  for (let c = 0; c < chunks; c++) {
    // A copy per chunk: cloning a subarray view would store its whole underlying buffer.
    const f32 = data.slice(c * CHUNK_ROWS * dim, Math.min(n, (c + 1) * CHUNK_ROWS) * dim);
    const i8 = quantizeRows(f32, dim);
    checksum += checksumOf(f32, i8);
    bytes += f32.byteLength + i8.codes.byteLength + i8.scales.byteLength;
    entries.push([`f32/${c}`, f32], [`i8/${c}`, i8]);
  }
  const manifest: Manifest = { n, dim, chunkRows: CHUNK_ROWS, chunks, checksum };
  entries.push(['manifest', manifest]);
  return { entries, bytes };
}

window.indexBenchSave = async (n, dim) => {
  await clear(store);
  let started = performance.now();
  const { entries, bytes } = records(n, dim);
  const generateMs = performance.now() - started;
  started = performance.now();
  await setMany(entries, store);
  return {
    generate_ms: generateMs,
    save_ms: performance.now() - started,
    records: entries.length,
    megabytes: bytes / 2 ** 20,
  };
};

window.indexBenchLoad = async () => {
  let started = performance.now();
  const manifest = await get<Manifest>('manifest', store);
  if (!manifest) throw new Error('no manifest: nothing was saved');
  const values = await getMany<Float32Array | Int8Chunk>(keys(manifest), store);
  const loadMs = performance.now() - started;
  // What the index worker does next: copy the chunks into its contiguous arenas.
  started = performance.now();
  const { n, dim, chunks } = manifest;
  const rows = new Float32Array(n * dim);
  const codes = new Int8Array(n * dim);
  const scales = new Float32Array(n);
  let checksum = 0;
  let bytes = 0;
  for (let c = 0; c < chunks; c++) {
    const f32 = values[2 * c] as Float32Array;
    const i8 = values[2 * c + 1] as Int8Chunk;
    rows.set(f32, c * CHUNK_ROWS * dim);
    codes.set(i8.codes, c * CHUNK_ROWS * dim);
    scales.set(i8.scales, c * CHUNK_ROWS);
    checksum += checksumOf(f32, i8);
    bytes += f32.byteLength + i8.codes.byteLength + i8.scales.byteLength;
  }
  return {
    load_ms: loadMs,
    assemble_ms: performance.now() - started,
    records: values.length + 1,
    megabytes: bytes / 2 ** 20,
    intact: checksum === manifest.checksum && bytes === n * (dim * 5 + 4),
  };
};

document.getElementById('status')!.textContent = 'ready';
