// `npm run bench:pack` (Node): (a) `sieve pack` build throughput on a generated folder of text and
// Markdown files (fixture models unless --models names others), split into extract + chunk, embed
// and pack + write; (b) bytes per chunk of 10,000-chunk packs at 1024 and 256 dims, int8 only and
// int8 + float32. Writes bench-results/pack.json. The Chromium part is a hook, see chromiumRows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_OVERLAP_TOKENS } from '../../src/core/chunking';
import { formatBytes } from '../../src/core/format';
import { INSTRUCTION_PRESETS } from '../../src/core/instructions';
import { packArchive } from '../../src/core/pack/pack-archive';
import { packSizes } from '../../src/core/pack/pack-build';
import { MANIFEST_FILE } from '../../src/core/pack/pack-manifest';
import { runPack } from '../cli/pack-command';
import { buildSyntheticPack, makeBenchFolder } from './pack-data';
import { printNotes, writeResults } from './results';

interface BuildRow {
  kind: 'cli-build';
  models: string;
  files: number;
  megabytes: number;
  chunks: number;
  dimension: number;
  extract_chunk_ms: number;
  model_load_ms: number;
  embed_ms: number;
  pack_write_ms: number;
  total_ms: number;
  chunks_per_s: number;
  embed_chunks_per_s: number;
}

interface SizeRow {
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

type Row = BuildRow | SizeRow | Record<string, string | number | boolean>;

const SIZE_CHUNKS = 10_000;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

async function buildRow(models: string, files: number): Promise<BuildRow> {
  const root = mkdtempSync(join(tmpdir(), 'sieve-bench-pack-'));
  try {
    const folder = join(root, 'folder');
    const bytes = makeBenchFolder(folder, files);
    const { tally, built } = await runPack({
      folder,
      out: join(root, 'pack'),
      models,
      chunkTokens: 512,
      overlapTokens: DEFAULT_OVERLAP_TOKENS,
      int8Only: false,
      instruction: INSTRUCTION_PRESETS.general.text,
      generator: 'sieve bench:pack',
    });
    const working = tally.totalMs - tally.loadMs;
    return {
      kind: 'cli-build',
      models,
      files,
      megabytes: round(bytes / 2 ** 20, 2),
      chunks: tally.chunks,
      dimension: built.manifest.embedding.dimension,
      extract_chunk_ms: Math.round(tally.prepareMs),
      model_load_ms: Math.round(tally.loadMs),
      embed_ms: Math.round(tally.embedMs),
      pack_write_ms: Math.round(tally.writeMs),
      total_ms: Math.round(tally.totalMs),
      chunks_per_s: round(tally.chunks / (working / 1000)),
      embed_chunks_per_s: round(tally.embedded / (tally.embedMs / 1000)),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function sizeRow(dimension: number, int8Only: boolean): Promise<SizeRow> {
  const built = await buildSyntheticPack(SIZE_CHUNKS, dimension, int8Only);
  const manifestBytes = built.files.find((f) => f.name === MANIFEST_FILE)!.bytes.length;
  const sizes = packSizes(built.manifest, manifestBytes);
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  const part = (name: string) => sizes[name] ?? 0;
  return {
    kind: 'size',
    chunks: SIZE_CHUNKS,
    dimension,
    vectors: int8Only ? 'int8' : 'int8+float32',
    documents_bytes: part('documents'),
    chunks_bytes: part('chunks'),
    vectors_bytes: part('vectors'),
    exact_bytes: part('exact'),
    keywords_bytes: part('keywords'),
    manifest_bytes: part('manifest'),
    total_bytes: total,
    bytes_per_chunk: Math.round(total / SIZE_CHUNKS),
    vector_bytes_per_chunk: Math.round((part('vectors') + part('exact')) / SIZE_CHUNKS),
    archive_bytes: packArchive(built.files).length,
  };
}

/**
 * HOOK for the Chromium part (another engineer adds it): "open a 10k-chunk pack in headless
 * Chromium, ready in ms" (buildSyntheticPack(10_000, …) from pack-data.ts gives the pack) and
 * "in-browser indexing chunks/s for the same folder" (makeBenchFolder gives the folder, as
 * buildRow packs it). Return its rows here; they are printed and written with the others.
 */
async function chromiumRows(_context: { files: number }): Promise<Row[]> {
  return [];
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  const started = performance.now();
  const { values } = parseArgs({
    options: { models: { type: 'string' }, files: { type: 'string' } },
  });
  const models = values.models ?? 'fixtures';
  const files = Number(values.files ?? 300);
  console.error(`Packing ${files} generated files with ${models} models…`);
  const build = await buildRow(models, files);
  console.error(`Building ${SIZE_CHUNKS.toLocaleString('en-US')}-chunk packs…`);
  const sizes: SizeRow[] = [];
  for (const dimension of [1024, 256]) {
    for (const int8Only of [true, false]) sizes.push(await sizeRow(dimension, int8Only));
  }
  const chromium = await chromiumRows({ files });

  console.log('\nCLI build (sieve pack, in-process):');
  table(
    [
      'files',
      'MB',
      'chunks',
      'dim',
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
        build.extract_chunk_ms,
        build.embed_ms,
        build.pack_write_ms,
        build.model_load_ms,
        build.chunks_per_s,
        build.embed_chunks_per_s,
      ].map(String),
    ],
  );
  console.log(`\nPack sizes, ${SIZE_CHUNKS.toLocaleString('en-US')} chunks:`);
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
  console.log('');
  printNotes([
    `build throughput uses ${models === 'fixtures' ? 'the tiny fixture models (random weights, 64 dims): it measures the pipeline around the model, not Qwen3-0.6B speed' : `the models in ${models}`}; chunks/s excludes model load`,
    `sizes come from buildPack over synthetic unit vectors and prose chunks of about ${1800} characters (a pack's size does not depend on the weights)`,
    'chunk texts (JSON) and the keyword index are most of an int8-only pack; float32 rows add 4 bytes per dimension per chunk',
    ...(chromium.length === 0
      ? [
          'Chromium rows (open a 10k pack, in-browser indexing) are not part of this run yet: see chromiumRows()',
        ]
      : []),
  ]);
  writeResults('pack', [build, ...sizes, ...chromium], started);
}

await main();
