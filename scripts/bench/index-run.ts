// Child process of `npm run bench:index` (Node; one data set per process, so memory is returned
// between sizes and a voy crash costs only its own rows): builds each requested backend on seeded
// random unit vectors, times k = 10 queries, and scores recall@10 against exact top-10s.
import { ExactCosineIndex, type VectorHit, type VectorIndex } from '../../src/core/vector-index';
import { randomUnitVectors } from '../../test/random-vectors';
import { WasmFlatIndex } from '../../src/engine/index/flat-index/wasm-flat-index';
import { VoyIndex, VOY_MAX_DIMENSION } from '../../src/engine/index/voy-index/voy-index';
import { initVoy, voyMemoryBytes } from '../../src/engine/index/voy-index/voy-wasm';
import {
  DATA_SEED,
  emptyRow,
  K,
  percentile,
  QUERY_SEED,
  round,
  ROWS_PER_DOC,
  ROWS_PREFIX,
  type Backend,
  type Row,
  type RunConfig,
} from './index-shared';

const config = JSON.parse(process.argv[2] ?? '') as RunConfig;
const { n, dim } = config;
const log = (message: string) => process.stderr.write(`  [${n} × ${dim}] ${message}\n`);

const data = randomUnitVectors(n, dim, DATA_SEED);
const queryCount = Math.max(...Object.values(config.queries));
const queries = randomUnitVectors(queryCount, dim, QUERY_SEED);
const queryAt = (q: number) => queries.subarray(q * dim, (q + 1) * dim);

/** Documents of ROWS_PER_DOC rows, ids "0", "1", …; `from` must be a multiple of ROWS_PER_DOC. */
function* docs(from = 0, to = n): Generator<[string, Float32Array]> {
  for (let start = from; start < to; start += ROWS_PER_DOC) {
    const end = Math.min(to, start + ROWS_PER_DOC);
    yield [String(start / ROWS_PER_DOC), data.subarray(start * dim, end * dim)];
  }
}

const rowOf = (h: VectorHit) => Number(h.docId) * ROWS_PER_DOC + h.chunk;

function exactDot(row: number, q: Float32Array): number {
  let s = 0;
  for (let i = 0, at = row * dim; i < dim; i++) s += data[at + i]! * q[i]!;
  return s;
}

/**
 * Exact top-10 rows per query: the f32 scan's best 100, rescored in double precision. Certified
 * when the 10th exact score beats the 100th f32 score by more than f32's error bound (every other
 * row scores below it); otherwise that query falls back to a full double-precision scan.
 */
function exactTopK(f32: WasmFlatIndex): { truth: number[][]; fallbacks: number } {
  const err = dim * 2 ** -23;
  let fallbacks = 0;
  const truth: number[][] = [];
  for (let q = 0; q < queryCount; q++) {
    const query = queryAt(q);
    const hits = f32.search(query, 100);
    let exact = hits.map((h) => ({ row: rowOf(h), s: exactDot(rowOf(h), query) }));
    exact.sort((a, b) => b.s - a.s);
    if (hits.length < n && !(exact[K - 1]!.s > hits[hits.length - 1]!.score + err)) {
      fallbacks++;
      exact = Array.from({ length: n }, (_, row) => ({ row, s: exactDot(row, query) }));
      exact.sort((a, b) => b.s - a.s);
    }
    truth.push(exact.slice(0, K).map((e) => e.row));
  }
  return { truth, fallbacks };
}

function build(index: VectorIndex): number {
  const started = performance.now();
  for (const [id, v] of docs()) index.add(id, v);
  return performance.now() - started;
}

function measure(row: Row, index: VectorIndex, count: number, truth: number[][]): Row {
  for (let q = 0; q < Math.min(3, count); q++) index.search(queryAt(q), K); // warm-up
  const ms: number[] = [];
  let found = 0;
  for (let q = 0; q < count; q++) {
    const started = performance.now();
    const hits = index.search(queryAt(q), K);
    ms.push(performance.now() - started);
    const exact = new Set(truth[q]);
    found += hits.filter((h) => exact.has(rowOf(h))).length;
  }
  ms.sort((a, b) => a - b);
  return {
    ...row,
    queries: count,
    query_p50_ms: round(percentile(ms, 0.5), 3),
    query_p95_ms: round(percentile(ms, 0.95), 3),
    recall_at_10: round(found / (count * K), 4),
  };
}

class Skip extends Error {}

async function voyRow(truth: number[][]): Promise<Row> {
  await initVoy();
  const indexDim = Math.min(dim, VOY_MAX_DIMENSION);
  const row: Row = { ...emptyRow('voy', n, dim), index_dim: indexDim };
  const memoryBefore = voyMemoryBytes();
  const index = new VoyIndex(dim);
  const started = performance.now();
  // Bulk build (one index() call, then add() batches), checking the time limit between batches.
  const step = 100 * ROWS_PER_DOC;
  for (let from = 0; from < n; from += step) {
    index.addMany(docs(from, Math.min(n, from + step)));
    const elapsed = performance.now() - started;
    if (elapsed > config.voyBuildLimitMs && from + step < n) {
      const done = from + step;
      throw new Skip(
        `build passed ${config.voyBuildLimitMs / 1000} s after ${done} of ${n} rows (≈ ${Math.round((elapsed / done) * n) / 1000} s for all)`,
      );
    }
  }
  row.build_ms = Math.round(performance.now() - started);
  const kept = n * indexDim * 4;
  row.bytes_per_vector = Math.round((voyMemoryBytes() - memoryBefore + kept) / n);
  row.note =
    'bytes: wasm memory growth + our kept f32 copy' +
    (indexDim < dim ? `; MRL-truncated to ${indexDim}, recall vs exact ${dim}-d` : '');
  const measured = measure(row, index, config.queries.voy ?? 0, truth);
  index.dispose();
  return measured;
}

/** The exact f32 flat index both defines the ground truth and is the flat-f32 row. */
function exactAndF32(): { truth: number[][]; f32Row: Row } {
  const f32 = new WasmFlatIndex(dim);
  const row = { ...emptyRow('flat-f32', n, dim), build_ms: Math.round(build(f32)) };
  const { truth, fallbacks } = exactTopK(f32);
  if (fallbacks > 0) log(`${fallbacks} queries needed a full double-precision scan for truth`);
  const count = config.queries['flat-f32'] ?? 0;
  if (count === 0) return { truth, f32Row: row };
  const f32Row = measure({ ...row, bytes_per_vector: 4 * dim }, f32, count, truth);
  log('flat-f32 done');
  return { truth, f32Row };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const want = (b: Backend) => config.backends.includes(b);
  const { truth, f32Row } = exactAndF32();
  if (want('flat-f32')) rows.push(f32Row);
  if (want('flat-int8')) {
    const index = new WasmFlatIndex(dim, { quantization: 'int8' });
    const row = { ...emptyRow('flat-int8', n, dim), build_ms: Math.round(build(index)) };
    row.bytes_per_vector = 5 * dim + 4;
    row.note = 'int8 first pass, 64 candidates rescored in f32';
    rows.push(measure(row, index, config.queries['flat-int8']!, truth));
    log('flat-int8 done');
  }
  if (want('js-flat')) {
    const index = new ExactCosineIndex(dim);
    const row = { ...emptyRow('js-flat', n, dim), build_ms: Math.round(build(index)) };
    row.bytes_per_vector = 4 * dim;
    rows.push(measure(row, index, config.queries['js-flat']!, truth));
    log('js-flat done');
  }
  if (want('voy')) {
    try {
      rows.push(await voyRow(truth));
      log('voy done');
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      rows.push({ ...emptyRow('voy', n, dim), note: `skipped: ${error.message}` });
      log(`voy skipped: ${error.message}`);
    }
  }
  process.stdout.write(`${ROWS_PREFIX}${JSON.stringify(rows)}\n`);
}

await main();
