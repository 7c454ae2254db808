// `npm run bench:keyword`: the BM25 keyword index on real text (BEIR SciFact abstracts in chunks
// of three sentences, replicated to 100k chunks) — analysis and index-build throughput, record and
// index bytes per chunk, keyword query latency with SciFact's queries, the latency hybrid search
// adds to the int8 flat vector scan, all in Node (one child process per size) — plus IndexedDB
// save and load of the keyword records in headless Chromium. Writes bench-results/keyword.json.
import { runJsonChild } from './child-process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../../src/core/errors';
import { chromiumRows } from './keyword-chromium';
import { scifactFolder } from './keyword-corpus';
import {
  ROW_PREFIX,
  type ChromiumRow,
  type KeywordRunConfig,
  type NodeRow,
} from './keyword-shared';
import { printNotes, writeResults } from './results';

const SIZES = [10_000, 100_000];
const CHILD_LIMIT_MS = 180_000;
const notes: string[] = [];

/** Runs one size in a child process (with gc exposed, for the heap measurement). */
async function runChild(config: KeywordRunConfig): Promise<NodeRow | undefined> {
  const result = await runJsonChild<NodeRow>(
    'scripts/bench/keyword-run.ts',
    [JSON.stringify(config)],
    { prefix: ROW_PREFIX, limitMs: CHILD_LIMIT_MS, nodeArgs: ['--expose-gc'] },
  );
  if (result.ok) return result.value;
  notes.push(`${config.n} chunks in Node failed: ${result.why}`);
  return undefined;
}

interface Target {
  target: string;
  measured: string;
  met: boolean | 'n/a';
}

function targets(node: NodeRow[], browser: ChromiumRow[]): Target[] {
  const big = node.find((r) => r.n === 100_000);
  const idb = browser.find((r) => r.n === 100_000);
  const met = (ok: boolean | undefined) => (ok === undefined ? ('n/a' as const) : ok);
  return [
    {
      target: 'keyword query p50 ≤ 5 ms at 100k chunks (Node)',
      measured: `${big?.keyword_p50_ms ?? '?'} ms (p95 ${big?.keyword_p95_ms ?? '?'} ms)`,
      met: met(big && big.keyword_p50_ms <= 5),
    },
    {
      target: 'hybrid adds ≤ 10 ms p50 over vector-only at 100k chunks (Node)',
      measured: `${big?.added_p50_ms ?? '?'} ms (${big?.vector_p50_ms ?? '?'} → ${big?.hybrid_p50_ms ?? '?'} ms)`,
      met: met(big && big.added_p50_ms <= 10),
    },
    {
      target: 'keyword index load from IndexedDB ≤ 0.5 s for 100k chunks (headless Chromium)',
      measured: `${idb?.load_snapshot_ms ?? '?'} ms from the snapshot (${idb?.load_records_ms ?? '?'} ms from the records alone)`,
      met: met(idb?.load_snapshot_ms == null ? undefined : idb.load_snapshot_ms <= 500),
    },
  ];
}

async function main(): Promise<void> {
  const started = performance.now();
  let folder: string;
  try {
    folder = scifactFolder();
  } catch (error) {
    console.error(errorMessage(error));
    process.exit(1);
  }
  console.error(`SciFact from ${folder}`);
  const cores = cpus();
  const machine = `${cores.length} × ${cores[0]?.model ?? 'unknown CPU'}, Node ${process.version}, 1-minute load average ${loadavg()[0]!.toFixed(1)} at the start (timings are single-threaded; other load inflates them)`;
  const scratch = mkdtempSync(join(tmpdir(), 'sieve-bench-keyword-'));
  try {
    const node: NodeRow[] = [];
    for (const n of SIZES) {
      const row = await runChild({
        n,
        keywordQueries: 10_000,
        hybridQueries: 200,
        recordsFile: join(scratch, `records-${n}.bin`),
      });
      if (row) node.push(row);
    }
    let browser: ChromiumRow[] = [];
    try {
      browser = await chromiumRows(
        node.map((row) => ({
          n: row.n,
          recordsFile: join(scratch, `records-${row.n}.bin`),
          check: row.check,
        })),
      );
    } catch (error) {
      notes.push(`chromium rows failed: ${errorMessage(error).split('\n')[0]}`);
    }

    console.log('\nKeyword index build, Node (SciFact chunks of 3 sentences, 20 per document)\n');
    console.table(node, [
      'n',
      'records',
      'text_mb',
      'analyze_ms',
      'analyze_chunks_per_s',
      'analyze_mb_per_s',
      'add_ms',
      'add_chunks_per_s',
      'add_mb_per_s',
    ]);
    console.log('\nSize per chunk\n');
    console.table(node, [
      'n',
      'terms',
      'postings',
      'record_bytes_per_chunk',
      'index_array_bytes_per_chunk',
      'index_heap_bytes_per_chunk',
    ]);
    console.log('\nQueries, Node (SciFact queries; planQuery + KeywordIndex.search, k = 100)\n');
    console.table(node, [
      'n',
      'keyword_queries',
      'keyword_p50_ms',
      'keyword_p95_ms',
      'vector_build_ms',
      'hybrid_queries',
      'vector_p50_ms',
      'vector_p95_ms',
      'hybrid_p50_ms',
      'hybrid_p95_ms',
      'added_p50_ms',
      'keyword_leg_p50_ms',
    ]);
    console.log('\nIndexedDB save / start-up load of the keyword index, headless Chromium\n');
    console.table(browser, [
      'n',
      'records',
      'record_mb',
      'snapshot_mb',
      'idb_save_ms',
      'snapshot_save_ms',
      'load_records_ms',
      'load_snapshot_ms',
      'note',
    ]);
    const goals = targets(node, browser);
    console.log('\nTargets\n');
    console.table(goals);
    printNotes([
      `machine: ${machine}.`,
      `text: ${folder}/corpus.jsonl; each abstract cut into chunks of 3 sentences (the title opens the first), ≈ 16.8k chunks; past that, replicas whose chunks end in "replicaN". Grouped 20 chunks per document = one keyword record.`,
      'MB = 10^6 bytes of UTF-8 chunk text. analyze: keywordDocument (text → record); add: KeywordIndex.add of the records.',
      'record_bytes_per_chunk: keywordDocumentBytes (term list as UTF-16 + typed arrays) / chunks. index_array_bytes_per_chunk: the index’s typed arrays as addMany reserves them (6 B per posting, 16 B per row incl. the score buffer). index_heap_bytes_per_chunk: measured V8 heap + ArrayBuffer growth across the build (term map, Postings objects and their array headers included).',
      'keyword_p50/p95: planQuery + search(k = 100) over all SciFact queries (queries.jsonl, train + test), after 50 warm-up queries.',
      'vector: int8 WASM SIMD flat index (createVectorIndex, 1024-d seeded random unit vectors, k = 100, 64+ candidates rescored in f32). hybrid: the same, then planQuery + keyword search(k = 100) + chunkFilter + RRF (k = 60); vector-only and hybrid timed interleaved per query. added_p50_ms = hybrid p50 − vector p50; keyword_leg_p50_ms = p50 of each hybrid query’s own keyword + fusion time. The query embedding is not included.',
      'IndexedDB: a persistent on-disk profile per size; save = idb-keyval setMany of the records (one transaction) into a fresh database; load = a relaunched browser running LibraryKeywords.load as start-up does: without a snapshot it reads every record (getAllKeys + getAll over the keywords: range) and adds them (KeywordIndex.addMany); with the snapshot (saved by LibraryKeywords.flush after a records load) it reads that one value, restores the index from it and lists the record keys for orphans. Each load is checked against Node’s chunks, postings and top-10 scores. The OS page cache is warm.',
      ...notes,
    ]);
    writeResults('keyword', { machine, node, chromium: browser, targets: goals }, started);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
