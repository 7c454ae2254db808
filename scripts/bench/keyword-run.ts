// Child process of `npm run bench:keyword` (Node, --expose-gc; one corpus size per process, so
// memory is measured from a clean heap): analyses SciFact chunks into keyword records, builds the
// KeywordIndex from them, times real SciFact queries through planQuery + search, then times the
// int8 WASM flat index alone and with the keyword leg and RRF fused in (hybrid).
import { writeFileSync } from 'node:fs';
import { reciprocalRankFusion } from '../../src/core/fusion';
import {
  keywordDocument,
  keywordDocumentBytes,
  type KeywordDocument,
} from '../../src/core/keyword/keyword-document';
import type { KeywordHit } from '../../src/core/keyword/bm25';
import { KeywordIndex } from '../../src/core/keyword/keyword-index';
import { planQuery } from '../../src/core/keyword/search-query';
import { createVectorIndex } from '../../src/engine/index/flat-index';
import { randomUnitVectors } from '../../test/random-vectors';
import { percentile, round } from './index-shared';
import {
  benchDocuments,
  scifactChunks,
  scifactFolder,
  scifactQueries,
  textBytes,
} from './keyword-corpus';
import { packRecords } from './keyword-records';
import { ROW_PREFIX, type KeywordRunConfig, type NodeRow } from './keyword-shared';

const config = JSON.parse(process.argv[2] ?? '') as KeywordRunConfig;
const { n } = config;
const log = (message: string) => process.stderr.write(`  [${n} chunks] ${message}\n`);

const K = 100;
const DIM = 1024;
const RRF_K = 60;
const MB = 1e6;
const VECTOR_SEED = 1;
const QUERY_SEED = 2;

const gc = (globalThis as { gc?: () => void }).gc;
/** Live heap and ArrayBuffer bytes after full collections (buffers are freed after a turn). */
async function heapBytes(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((done) => setTimeout(done, 10));
  }
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const p = (xs: number[], q: number) => round(percentile(sorted(xs), q), 3);

/**
 * The typed arrays KeywordIndex holds for these records, capacity slack included: postings
 * (Uint32 rows + Uint16 counts) and per-row slot and length, all reserved at their final size by
 * addMany, and the search's score buffer.
 */
function indexArrayBytes(records: ReadonlyArray<readonly [string, KeywordDocument]>): number {
  let postings = 0;
  for (const [, doc] of records) postings += doc.termOf.length;
  return postings * 6 + n * (4 + 4 + 8);
}

async function main(): Promise<void> {
  const folder = scifactFolder();
  const docs = benchDocuments(scifactChunks(folder), n);
  const queries = scifactQueries(folder);
  const megabytes = textBytes(docs) / MB;

  // Analysis: text → one keyword record per document, as ingestion makes them.
  let started = performance.now();
  const records = docs.map((doc) => [doc.id, keywordDocument(doc.texts)] as const);
  const analyzeMs = performance.now() - started;
  log(`analysed ${round(megabytes, 1)} MB in ${Math.round(analyzeMs)} ms`);
  let recordBytes = 0;
  for (const [, doc] of records) recordBytes += keywordDocumentBytes(doc);

  // Index build from the records (what start-up does after reading them).
  const heapBefore = await heapBytes();
  const index = new KeywordIndex();
  started = performance.now();
  index.addMany(records); // as LibraryKeywords.load does
  const addMs = performance.now() - started;
  index.search({ terms: new Map([['cell', 1]]) }, 1); // allocates the score buffer
  const heapAfter = await heapBytes();
  const stats = index.stats();

  // Keyword leg alone: planQuery + search(k = 100), real SciFact queries.
  const keywordQueries = queries.slice(0, config.keywordQueries);
  for (const q of keywordQueries.slice(0, 50)) index.search(planQuery(q.text).keywords, K);
  const keywordMs: number[] = [];
  let hits = 0;
  for (const q of keywordQueries) {
    const t0 = performance.now();
    const found = index.search(planQuery(q.text).keywords, K);
    keywordMs.push(performance.now() - t0);
    hits += found.length;
  }
  log(`keyword p50 ${p(keywordMs, 0.5)} ms`);

  // Vector-only vs hybrid: int8 SIMD flat index over seeded random unit vectors, same doc ids.
  const { index: vectors, engine } = createVectorIndex(DIM, { quantization: 'int8' });
  if (engine !== 'wasm-simd') throw new Error('WebAssembly SIMD is unavailable: no flat index');
  const data = randomUnitVectors(n, DIM, VECTOR_SEED);
  started = performance.now();
  let row = 0;
  for (const doc of docs) {
    const count = doc.texts.length;
    vectors.add(doc.id, data.subarray(row * DIM, (row + count) * DIM));
    row += count;
  }
  const vectorBuildMs = performance.now() - started;
  const hybridQueries = keywordQueries.slice(0, config.hybridQueries);
  const queryVectors = randomUnitVectors(hybridQueries.length, DIM, QUERY_SEED);
  const hitKey = (hit: KeywordHit | { docId: string; chunk: number }) =>
    `${hit.chunk}:${hit.docId}`;
  const hybrid = (text: string, vector: Float32Array) => {
    const t0 = performance.now();
    const meaning = vectors.search(vector, K);
    const t1 = performance.now();
    const plan = planQuery(text);
    const keywordHits = index.search(plan.keywords, K);
    const keep = index.chunkFilter(plan.keywords);
    const meaningHits = keep ? meaning.filter((h) => keep(h.docId, h.chunk)) : meaning;
    const fused = reciprocalRankFusion(
      [
        { name: 'keywords', items: keywordHits },
        { name: 'meaning', items: meaningHits },
      ],
      hitKey,
      RRF_K,
    );
    const t2 = performance.now();
    return { ms: t2 - t0, legMs: t2 - t1, fused: fused.length };
  };
  const vectorAt = (i: number) => queryVectors.subarray(i * DIM, (i + 1) * DIM);
  for (let i = 0; i < Math.min(10, hybridQueries.length); i++) {
    vectors.search(vectorAt(i), K);
    hybrid(hybridQueries[i]!.text, vectorAt(i));
  }
  const vectorMs: number[] = [];
  const hybridMs: number[] = [];
  const legMs: number[] = [];
  hybridQueries.forEach((q, i) => {
    // Interleaved, so drift (turbo, other load) hits both alike.
    const t0 = performance.now();
    vectors.search(vectorAt(i), K);
    vectorMs.push(performance.now() - t0);
    const h = hybrid(q.text, vectorAt(i));
    hybridMs.push(h.ms);
    legMs.push(h.legMs);
  });
  log(`vector p50 ${p(vectorMs, 0.5)} ms, hybrid p50 ${p(hybridMs, 0.5)} ms`);

  if (config.recordsFile) writeFileSync(config.recordsFile, packRecords(records));
  // What the browser's index must reproduce from IndexedDB.
  const checkQuery = queries[0]!.text;
  const top = index.search(planQuery(checkQuery).keywords, 10);

  const result: NodeRow = {
    n,
    records: records.length,
    text_mb: round(megabytes, 2),
    analyze_ms: Math.round(analyzeMs),
    analyze_chunks_per_s: Math.round(n / (analyzeMs / 1000)),
    analyze_mb_per_s: round(megabytes / (analyzeMs / 1000), 2),
    add_ms: Math.round(addMs),
    add_chunks_per_s: Math.round(n / (addMs / 1000)),
    add_mb_per_s: round(megabytes / (addMs / 1000), 1),
    terms: stats.terms,
    postings: stats.postings,
    record_bytes_per_chunk: Math.round(recordBytes / n),
    index_array_bytes_per_chunk: Math.round(indexArrayBytes(records) / n),
    index_heap_bytes_per_chunk: gc ? Math.round((heapAfter - heapBefore) / n) : null,
    keyword_queries: keywordQueries.length,
    keyword_p50_ms: p(keywordMs, 0.5),
    keyword_p95_ms: p(keywordMs, 0.95),
    keyword_mean_hits: Math.round(hits / keywordQueries.length),
    vector_build_ms: Math.round(vectorBuildMs),
    hybrid_queries: hybridQueries.length,
    vector_p50_ms: p(vectorMs, 0.5),
    vector_p95_ms: p(vectorMs, 0.95),
    hybrid_p50_ms: p(hybridMs, 0.5),
    hybrid_p95_ms: p(hybridMs, 0.95),
    added_p50_ms: round(p(hybridMs, 0.5) - p(vectorMs, 0.5), 3),
    keyword_leg_p50_ms: p(legMs, 0.5),
    check: {
      chunks: stats.chunks,
      postings: stats.postings,
      query: checkQuery,
      topScores: top.map((h) => h.score),
    },
  };
  process.stdout.write(`${ROW_PREFIX}${JSON.stringify(result)}\n`);
}

await main();
