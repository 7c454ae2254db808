// `npm run bench:ingest`: ingestion before embedding (extraction, section chunking with the real
// Qwen3 tokenizer, chunk hashes) per format and on 50 MB files in Node, then a 1,000-file folder
// indexed end to end by the built app in headless Chromium. Writes bench-results/ingest.json.
import { runJsonChild } from './child-process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../../src/core/errors';
import { makeDocument, type BenchFormat } from './ingest-docs';
import { folderRow } from './ingest-folder';
import { formatRows, loadCounter } from './ingest-formats';
import { emptyRow, MIB, round, ROWS_PREFIX, sentenceSegmenterMs, type Row } from './ingest-shared';
import { printNotes, writeResults } from './results';

const LARGE_BYTES = 50 * MIB;
const CHILD_LIMIT_MS = 600_000;
const notes: string[] = [];

/** One large file in a child process of its own, so its peak RSS is its own. */
async function largeFileRow(format: BenchFormat, path: string): Promise<Row> {
  const result = await runJsonChild<Row[]>('scripts/bench/ingest-formats.ts', ['large', path], {
    prefix: ROWS_PREFIX,
    limitMs: CHILD_LIMIT_MS,
  });
  if (result.ok) return result.value[0]!;
  return { ...emptyRow('large-file', format), files: 1, note: `failed: ${result.why}` };
}

async function largeFileRows(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sieve-bench-large-'));
  try {
    const rows: Row[] = [];
    for (const [format, name] of [
      ['text', 'large.txt'],
      ['markdown', 'large.md'],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, makeDocument(format, 42, LARGE_BYTES));
      rows.push(await largeFileRow(format, path));
      console.error(`  large ${format}: ${rows.at(-1)!.total_ms} ms`);
      rmSync(path);
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const COLUMNS: Record<Row['kind'], (keyof Row)[]> = {
  format: [
    'format',
    'files',
    'megabytes',
    'text_megabytes',
    'extract_mb_s',
    'chunk_mb_s',
    'tokenize_ms',
    'hash_ms',
    'chunks',
    'chunks_per_s',
    'total_ms',
  ],
  'large-file': [
    'format',
    'megabytes',
    'extract_ms',
    'chunk_ms',
    'chunk_mb_s',
    'tokenize_ms',
    'hash_ms',
    'chunks',
    'tokens',
    'total_ms',
    'peak_rss_mb',
  ],
  folder: [
    'files',
    'megabytes',
    'total_ms',
    'files_per_s',
    'chunks',
    'chunks_per_s',
    'failed',
    'input_latency_p50_ms',
    'input_latency_p95_ms',
    'input_latency_max_ms',
  ],
};

async function main(): Promise<void> {
  const started = performance.now();
  notes.push(
    `load average at start: ${loadavg()
      .map((l) => round(l, 2))
      .join(' / ')}`,
  );
  console.error('Node: extraction + chunking per format');
  const rows = await formatRows(await loadCounter());
  console.error('Node: 50 MB files');
  rows.push(...(await largeFileRows()));
  notes.push(
    `Intl.Segmenter (sentence), one 320 KB paragraph, Node ${process.versions.node}: ${round(sentenceSegmenterMs(), 1)} ms`,
  );
  console.error('Chromium: 1,000-file folder');
  try {
    const folder = await folderRow();
    rows.push(folder.row);
    notes.push(...folder.notes);
  } catch (error) {
    notes.push(`folder run failed: ${errorMessage(error).split('\n')[0]}`);
    rows.push({ ...emptyRow('folder', 'mixed'), note: 'failed (see notes)' });
  }

  console.log(
    '\nExtraction + chunking (511 tokens, 48 overlap) + chunk hashes, Node, per format\n',
  );
  console.table(
    rows.filter((r) => r.kind === 'format'),
    COLUMNS.format,
  );
  console.log('\nOne 50 MiB file, Node (fresh process each)\n');
  console.table(
    rows.filter((r) => r.kind === 'large-file'),
    COLUMNS['large-file'],
  );
  console.log('\n1,000-file folder in the built app, headless Chromium, fixture model on WASM\n');
  console.table(
    rows.filter((r) => r.kind === 'folder'),
    COLUMNS.folder,
  );
  printNotes([
    'extract_mb_s: input file MiB per second; chunk_mb_s: extracted text MiB per second (DOCX input is deflated, so its text is larger than its files).',
    'chunks_per_s (Node): chunks per second of extraction + chunking + hashing; no embedding.',
    'input latency: key event timestamp → first animation frame after the search box updated, sampled every ~200 ms while indexing.',
    'peak_rss_mb: the child process’s high-water mark (getrusage), tokenizer and file included.',
    ...notes,
  ]);
  writeResults('ingest', rows, started);
}

await main();
