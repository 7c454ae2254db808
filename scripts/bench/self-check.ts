// `npm run bench:self-check` (Node): what the WebGPU self-check costs on the full-size stand-ins
// (`npm run standins`). Its GPU half is one short run on the GPU (not measurable here: no GPU);
// its CPU half, timed here, loads a WASM copy of the same file from the browser cache and runs the
// check's fixed inputs through it, in headless Chromium (cross-origin isolated) and, as the native
// ceiling, in onnxruntime-node with the same classes.
//   tsx scripts/bench/self-check.ts [--threads 2] [--dir standins/models]
import { env } from '@huggingface/transformers';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'vite';
import { errorMessage } from '../../src/core/errors';
import type { Dtype } from '../../src/core/types/models';
import { QWEN3_EMBEDDING_MODEL_ID } from '../../src/core/qwen3-embedding';
import { QWEN3_RERANKER_MODEL_ID } from '../../src/core/qwen3-reranker';
import { freePort } from '../free-port';
import { nodeModelsOf, useModels } from '../node-models';
import { startModelServer } from './models-chromium';
import { inPersistentPage } from './persistent-page';
import { printNotes, writeResults } from './results';
import type { SelfCheckCase, SelfCheckTiming } from './self-check-page';
import { timeSelfCheckCopy } from './self-check-timing';

const at = process.argv.indexOf('--threads');
const threads = at > 0 ? Number(process.argv[at + 1]) : 2;
const dirAt = process.argv.indexOf('--dir');
const dir = resolve(dirAt > 0 ? process.argv[dirAt + 1]! : 'standins/models');
if (!existsSync(dir)) {
  console.error(`No stand-ins in ${dir}: run \`npm run standins\` first.`);
  process.exit(1);
}

/** What WebGPU runs (and so what the check loads on WASM): fp16 or q4 embeddings, q4 reranking. */
const CASES: { model: SelfCheckCase['model']; dtype: Dtype }[] = [
  { model: 'embedding', dtype: 'q4' },
  { model: 'embedding', dtype: 'fp16' },
  { model: 'reranker', dtype: 'q4' },
];
const idOf = (model: SelfCheckCase['model']) =>
  model === 'embedding' ? QWEN3_EMBEDDING_MODEL_ID : QWEN3_RERANKER_MODEL_ID;

interface Row {
  model: string;
  dtype: Dtype;
  runtime: 'node' | 'chromium-wasm';
  threads: number;
  load_ms: number | null;
  run_ms: number | null;
  total_ms: number | null;
  note: string;
}

async function nodeRow(c: (typeof CASES)[number]): Promise<Row> {
  // The first load puts the file in the OS page cache, as the browser's cache for the WASM copy.
  const t = await timeSelfCheckCopy({ ...c, modelId: idOf(c.model), device: 'cpu' });
  return row(c, 'node', threads, t.load_ms, t.run_ms, 'second load (file in the page cache)');
}

function row(
  c: (typeof CASES)[number],
  runtime: Row['runtime'],
  t: number,
  loadMs: number,
  runMs: number,
  note: string,
): Row {
  const r = (ms: number) => Math.round(ms);
  return {
    ...c,
    runtime,
    threads: t,
    load_ms: r(loadMs),
    run_ms: r(runMs),
    total_ms: r(loadMs + runMs),
    note,
  };
}

async function chromiumRows(): Promise<Row[]> {
  const models = await startModelServer(dir);
  const port = await freePort();
  const isolation = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  };
  const vite = await createServer({
    configFile: resolve('vite.config.ts'),
    server: { port, strictPort: true, host: '127.0.0.1', headers: isolation },
    optimizeDeps: { entries: ['scripts/bench/self-check-page.html'] },
    logLevel: 'warn',
    clearScreen: false,
  });
  await vite.listen();
  const pageUrl = `http://127.0.0.1:${port}/scripts/bench/self-check-page.html`;
  const rows: Row[] = [];
  try {
    for (const c of CASES) {
      // A fresh on-disk profile per case: the copy comes from a real Cache Storage on disk.
      const profile = mkdtempSync(join(tmpdir(), 'sieve-bench-self-check-'));
      const config: SelfCheckCase = {
        ...c,
        modelId: idOf(c.model),
        baseUrl: `${models.url}models/`,
        threads,
      };
      try {
        const t: SelfCheckTiming = await inPersistentPage(pageUrl, profile, 'timeSelfCheck', (p) =>
          p.evaluate((cfg) => window.timeSelfCheck(cfg), config),
        );
        const note = `cache load; first load (network) ${Math.round(t.first_load_ms)} ms${t.crossOriginIsolated ? '' : ', NOT isolated'}`;
        rows.push(row(c, 'chromium-wasm', t.threads, t.load_ms, t.run_ms, note));
      } catch (error) {
        const why = errorMessage(error).split('\n')[0] ?? '';
        rows.push({
          ...c,
          runtime: 'chromium-wasm',
          threads,
          load_ms: null,
          run_ms: null,
          total_ms: null,
          note: `failed: ${why}`,
        });
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
      const last = rows.at(-1)!;
      console.error(`  chromium ${c.model} ${c.dtype}: ${last.total_ms ?? '—'} ms (${last.note})`);
    }
  } finally {
    await vite.close();
    models.server.close();
  }
  return rows;
}

const started = performance.now();
useModels(nodeModelsOf(dir));
const onnx = env.backends.onnx as { numThreads?: number };
onnx.numThreads = threads;
const rows: Row[] = [];
for (const c of CASES) {
  rows.push(await nodeRow(c));
  console.error(`  node ${c.model} ${c.dtype}: ${rows.at(-1)!.total_ms} ms`);
}
rows.push(...(await chromiumRows()));

console.log(`\nWebGPU self-check, CPU half (WASM copy + fixed inputs), ${threads} threads\n`);
console.log('| model | dtype | runtime | load copy (ms) | run inputs (ms) | total (ms) | note |');
console.log('|---|---|---|---|---|---|---|');
const show = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-US'));
for (const r of rows) {
  console.log(
    `| ${r.model} | ${r.dtype} | ${r.runtime} | ${show(r.load_ms)} | ${show(r.run_ms)} | ${show(r.total_ms)} | ${r.note} |`,
  );
}
printNotes([
  'Inputs: 3 texts (embedding) or 2 query–passage pairs (reranker), as src/engine/qwen3/self-checks.ts.',
  'The GPU half (the same inputs on WebGPU) is not measured: this machine has no GPU.',
  'Once per browser, GPU, model and dtype: later loads reuse the remembered verdict.',
]);
writeResults('self-check', rows, started);
