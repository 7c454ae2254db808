// Timing check, not a test (Node, single thread): query latency of WasmFlatIndex (f32 and
// int8 + rescoring) against core's ExactCosineIndex on random unit vectors, plus int8 recall@10.
// Run: npm run wasm && npx tsx src/engine/flat-index/bench.ts [rows] [dim] [queries]
import { ExactCosineIndex, type VectorIndex } from '../../core/vector-index';
import { randomUnitVectors } from './test-data';
import { WasmFlatIndex } from './wasm-flat-index';

const [rows = 100_000, dim = 1024, queries = 50] = process.argv.slice(2).map(Number);
const ROWS_PER_DOC = 20;
const K = 10;

function fill(index: VectorIndex, data: Float32Array): number {
  const started = performance.now();
  for (let start = 0, doc = 0; start < rows; start += ROWS_PER_DOC, doc++) {
    const end = Math.min(rows, start + ROWS_PER_DOC);
    index.add(`doc${doc}`, data.subarray(start * dim, end * dim));
  }
  return performance.now() - started;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function time(index: VectorIndex, qs: Float32Array, count: number) {
  const ms: number[] = [];
  const results: string[][] = [];
  index.search(qs.subarray(0, dim), K); // warm-up: tier-up and first-touch page faults
  for (let q = 0; q < count; q++) {
    const started = performance.now();
    const hits = index.search(qs.subarray(q * dim, (q + 1) * dim), K);
    ms.push(performance.now() - started);
    results.push(hits.map((h) => `${h.docId}/${h.chunk}`));
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p90: percentile(ms, 0.9), results };
}

const data = randomUnitVectors(rows, dim, 1);
const qs = randomUnitVectors(queries, dim, 2);
console.log(`${rows} rows x ${dim} dims, ${queries} random unit queries, k = ${K}`);

const report = (name: string, addMs: number, t: { p50: number; p90: number }, extra = '') =>
  console.log(
    `${name.padEnd(24)} add ${addMs.toFixed(0).padStart(6)} ms   query p50 ${t.p50.toFixed(2)} ms  p90 ${t.p90.toFixed(2)} ms${extra}`,
  );

let index: VectorIndex = new WasmFlatIndex(dim);
let addMs = fill(index, data);
const f32 = time(index, qs, queries);
report('wasm f32', addMs, f32);

index = new WasmFlatIndex(dim, { quantization: 'int8' });
addMs = fill(index, data);
const int8 = time(index, qs, queries);
let found = 0;
int8.results.forEach((ids, q) => {
  const exact = new Set(f32.results[q]);
  found += ids.filter((id) => exact.has(id)).length;
});
const recall = found / (queries * K);
report('wasm int8 + rescoring', addMs, int8, `   recall@${K} ${recall.toFixed(4)}`);

index = new ExactCosineIndex(dim);
addMs = fill(index, data);
const jsQueries = Math.min(queries, 10);
const js = time(index, qs, jsQueries);
report(`js ExactCosineIndex (${jsQueries}q)`, addMs, js);
