// Rows of `npm run bench:pack` (Node) and the console tables they print as: one flat object per
// CLI build, pack size, Chromium open and Chromium indexing run, as in bench-results/pack.json.
import { formatBytes } from '../../src/core/format';
import type { PackOpenRow } from './pack-chromium';
import type { BrowserIndexRow } from './pack-index-chromium';

export interface BuildRow {
  kind: 'cli-build';
  models: string;
  dtype: string;
  files: number;
  megabytes: number;
  chunks: number;
  dimension: number;
  extract_chunk_ms: number;
  model_load_ms: number;
  embed_ms: number;
  pack_write_ms: number;
  total_ms: number;
  /** Chunks per second of the whole build, model load excluded. */
  chunks_per_s: number;
  embed_chunks_per_s: number;
}

export interface SizeRow {
  kind: 'size';
  chunks: number;
  dimension: number;
  vectors: 'int8' | 'int8+float32';
  documents_bytes: number;
  chunks_bytes: number;
  vectors_bytes: number;
  exact_bytes: number;
  keywords_bytes: number;
  manifest_bytes: number;
  total_bytes: number;
  bytes_per_chunk: number;
  vector_bytes_per_chunk: number;
  archive_bytes: number;
}

export type ChromiumRow = PackOpenRow | BrowserIndexRow;

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

export function printBuild(build: BuildRow): void {
  console.log('\nCLI build (sieve pack, in-process):');
  table(
    [
      'files',
      'MB',
      'chunks',
      'dim',
      'dtype',
      'extract+chunk ms',
      'embed ms',
      'pack+write ms',
      'load ms',
      'chunks/s',
      'embed chunks/s',
    ],
    [
      [
        build.files,
        build.megabytes,
        build.chunks,
        build.dimension,
        build.dtype,
        build.extract_chunk_ms,
        build.embed_ms,
        build.pack_write_ms,
        build.model_load_ms,
        build.chunks_per_s,
        build.embed_chunks_per_s,
      ].map(String),
    ],
  );
}

export function printSizes(chunks: number, sizes: readonly SizeRow[]): void {
  console.log(`\nPack sizes, ${chunks.toLocaleString('en-US')} chunks:`);
  table(
    [
      'dim',
      'vectors',
      'chunks',
      'vectors',
      'exact',
      'keywords',
      'total',
      'bytes/chunk',
      'vector B/chunk',
      '.sievepack',
    ],
    sizes.map((r) => [
      String(r.dimension),
      r.vectors,
      formatBytes(r.chunks_bytes),
      formatBytes(r.vectors_bytes),
      formatBytes(r.exact_bytes),
      formatBytes(r.keywords_bytes),
      formatBytes(r.total_bytes),
      r.bytes_per_chunk.toLocaleString('en-US'),
      r.vector_bytes_per_chunk.toLocaleString('en-US'),
      formatBytes(r.archive_bytes),
    ]),
  );
}

export function printChromium(rows: readonly ChromiumRow[]): void {
  const index = rows.filter((r): r is BrowserIndexRow => r.kind === 'chromium-index');
  const open = rows.filter((r): r is PackOpenRow => r.kind === 'chromium-open');
  if (index.length > 0) {
    console.log(
      '\nIndexing the same folder: CLI vs the app in headless Chromium (model load apart):',
    );
    table(
      [
        'files',
        'chunks',
        'dtype',
        'browser',
        'load ms',
        'index ms',
        'browser chunks/s',
        'CLI chunks/s',
        'CLI ÷ browser',
      ],
      index.map((r) =>
        [
          r.files,
          r.chunks,
          r.dtype,
          r.backend,
          r.model_load_ms,
          r.index_ms,
          r.chunks_per_s,
          r.cli_chunks_per_s,
          r.cli_over_browser,
        ].map(String),
      ),
    );
  }
  if (open.length > 0) {
    console.log('\nOpening a pack from a local static server, headless Chromium (median of 3):');
    table(
      ['chunks', 'dim', 'vectors', 'download', 'ready after download ms', 'open ms'],
      open.map((r) => [
        r.chunks.toLocaleString('en-US'),
        String(r.dimension),
        r.vectors,
        formatBytes(r.download_bytes),
        String(r.ready_after_download_ms),
        String(r.open_ms),
      ]),
    );
  }
}
