// `npm run bench:pack` (Node, then headless Chromium on the built app: dist/, SIEVE_DIST or --dist):
// (a) `sieve pack` build throughput on a generated folder (fixture models unless --models), beside
// the app indexing the same folder; (b) bytes per chunk of 10,000-chunk packs at 1024 and 256 dims,
// int8 only and int8 + float32; (c) opening those packs in the app. Writes bench-results/pack.json.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_OVERLAP_TOKENS } from '../../src/core/chunking';
import { INSTRUCTION_PRESETS } from '../../src/core/instructions';
import { packArchive } from '../../src/core/pack/pack-archive';
import { packSizes } from '../../src/core/pack/pack-build';
import { MANIFEST_FILE } from '../../src/core/pack/pack-manifest';
import { runPack } from '../cli/pack-command';
import { packChromiumRows } from './pack-chromium';
import { buildSyntheticPack, makeBenchFolder, SYNTHETIC_CHUNK_CHARS } from './pack-data';
import { browserIndexRow } from './pack-index-chromium';
import {
  printBuild,
  printChromium,
  printSizes,
  type BuildRow,
  type ChromiumRow,
  type SizeRow,
} from './pack-tables';
import { printNotes, writeResults } from './results';

type Row = BuildRow | SizeRow | ChromiumRow;

const SIZE_CHUNKS = 10_000;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

async function buildRow(
  models: string,
  folder: string,
  files: number,
  bytes: number,
): Promise<BuildRow> {
  const out = mkdtempSync(join(tmpdir(), 'sieve-bench-pack-out-'));
  try {
    const { tally, built } = await runPack({
      folder,
      out: join(out, 'pack'),
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
      dtype: built.manifest.embedding.dtype,
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
    rmSync(out, { recursive: true, force: true });
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
 * The Chromium rows, on the built app in `dist`: opening 10,000-chunk packs (pack-chromium.ts), and
 * indexing the folder the CLI packed, with the CLI's model and dtype (pack-index-chromium.ts; only
 * for the fixture models, the ones a local server can give the page).
 */
async function chromiumRows(dist: string, folder: string, build: BuildRow): Promise<ChromiumRow[]> {
  const rows: ChromiumRow[] = [];
  if (build.models === 'fixtures') {
    console.error('Chromium: indexing the same folder in the app…');
    rows.push(await browserIndexRow(dist, folder, build));
  } else {
    console.error(
      `Chromium indexing skipped: the app gets fixture models only, not ${build.models}`,
    );
  }
  console.error(`Chromium: opening ${SIZE_CHUNKS.toLocaleString('en-US')}-chunk packs…`);
  rows.push(...(await packChromiumRows(dist)));
  return rows;
}

async function main(): Promise<void> {
  const started = performance.now();
  const { values } = parseArgs({
    options: {
      models: { type: 'string' },
      files: { type: 'string' },
      dist: { type: 'string' },
    },
  });
  const models = values.models ?? 'fixtures';
  const files = Number(values.files ?? 300);
  const dist = values.dist ?? process.env.SIEVE_DIST ?? 'dist';
  const load = loadavg().map((l) => l.toFixed(2));
  const root = mkdtempSync(join(tmpdir(), 'sieve-bench-pack-'));
  const rows: Row[] = [];
  try {
    // One folder for both builds: the CLI packs it, then the app indexes it.
    const folder = join(root, 'folder');
    const bytes = makeBenchFolder(folder, files);
    console.error(`Packing ${files} generated files with ${models} models…`);
    const build = await buildRow(models, folder, files, bytes);
    console.error(`Building ${SIZE_CHUNKS.toLocaleString('en-US')}-chunk packs…`);
    const sizes: SizeRow[] = [];
    for (const dimension of [1024, 256]) {
      for (const int8Only of [true, false]) sizes.push(await sizeRow(dimension, int8Only));
    }
    const chromium = await chromiumRows(dist, folder, build);
    rows.push(build, ...sizes, ...chromium);

    printBuild(build);
    printSizes(SIZE_CHUNKS, sizes);
    printChromium(chromium);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log('');
  printNotes([
    `build throughput uses ${models === 'fixtures' ? 'the tiny fixture models (random weights, 64 dims): it measures the pipeline around the model, not Qwen3-0.6B speed' : `the models in ${models}`}; chunks/s excludes model load, in the CLI and in the browser alike`,
    `sizes come from buildPack over synthetic unit vectors and prose chunks of about ${SYNTHETIC_CHUNK_CHARS} characters (a pack's size does not depend on the weights)`,
    'chunk texts (JSON) and the keyword index are most of an int8-only pack; float32 rows add 4 bytes per dimension per chunk',
    'browser indexing: served by a plain static server without the service worker, so one WASM thread (no cross-origin isolation); the CLI runs onnxruntime-node on every core',
    'pack open: ready after download = last byte downloaded → searchable; open = manifest asked for → searchable; fresh browser context each run',
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}; load average at start ${load.join(' / ')}`,
  ]);
  writeResults('pack', rows, started);
}

await main();
