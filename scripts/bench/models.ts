// `npm run bench:models` (Node): model cost at full size on the stand-ins (`npm run standins`):
// embedding tokens/s and rerank ms per candidate in onnxruntime-node and in headless Chromium
// (onnxruntime-web WASM, cross-origin isolated), with load time, peak memory and GFLOP/s.
//   tsx scripts/bench/models.ts [--models embedding,reranker] [--runtimes node,chromium]
//     [--threads 1,2,4] [--tokens 128,256,512] [--batch 4] [--dtypes q8] [--repeats 1]
//     [--no-reuse] [--no-keep-logits] [--dir standins/models] [--append]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import {
  KEEP_LOGITS_FILE,
  STANDIN_FILES,
  STANDIN_REPOS,
} from '../fixtures/standins/make-standins.mjs';
import { launchBrowser, runInChromium, startModelServer } from './models-chromium';
import { RERANK_PREFIX, RERANK_SUFFIX, runModel } from './models-core.mjs';
import type { BenchCase, BenchModel, CaseResult } from './models-core.mjs';
import { printNotes, writeResults } from './results';

const GFLOP_PER_TOKEN = 0.9; // 28 layers' projections and MLP of Qwen3-0.6B (≈ 2 × 440M weights)
const GFLOP_LM_HEAD = 0.31; // the 151,669 × 1024 tied head, per position whose logits are computed

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}
const list = (name: string, fallback: string) => option(name, fallback).split(',').filter(Boolean);
const numbers = (name: string, fallback: string) =>
  list(name, fallback)
    .map(Number)
    .filter((n) => n > 0);

const dir = resolve(option('dir', 'standins/models'));
const models = list('models', 'embedding,reranker') as ('embedding' | 'reranker')[];
const runtimes = list('runtimes', 'node,chromium');
const threadCounts = numbers('threads', '1,2,4');
const tokens = numbers('tokens', '128,256,512');
const batched = numbers('batch', '4');
const dtypes = list('dtypes', 'q8') as (keyof typeof STANDIN_FILES)[];
const repeats = Number(option('repeats', '1'));
const reuse = !process.argv.includes('--no-reuse');
const keepLogits = !process.argv.includes('--no-keep-logits');

export interface ModelRow {
  model: 'embedding' | 'reranker';
  runtime: 'node' | 'chromium-wasm';
  threads: number;
  dtype: string;
  tokens: number;
  doc_tokens: number | null;
  batch: number;
  prefix_reuse: boolean;
  logits: 'all' | 'last' | null;
  tokens_per_s: number;
  ms_per_candidate: number | null;
  gflop_per_s: number;
  load_ms: number;
  peak_mb: number;
  runs_ms: number[];
}

/** The stand-in configurations to run for one thread count. */
function benchModels(threads: number, base: (path: string) => string): BenchModel[] {
  const out: BenchModel[] = [];
  for (const dtype of dtypes) {
    for (const model of models) {
      const files = [STANDIN_FILES[dtype]];
      if (model === 'reranker' && dtype === 'q8' && keepLogits) files.push(KEEP_LOGITS_FILE);
      for (const file of files) {
        const onnx = `${STANDIN_REPOS[model]}/onnx/${file}`;
        const dataFile = `${STANDIN_FILES[dtype]}_data`;
        if (!existsSync(join(dir, onnx))) throw new Error(`${onnx} missing: npm run standins`);
        const config = JSON.parse(
          readFileSync(join(dir, STANDIN_REPOS[model], 'config.json'), 'utf8'),
        );
        let cases: BenchCase[];
        if (model === 'embedding') {
          cases = tokens.map((t) => ({ tokens: t, batch: 1, repeats }));
          for (const b of batched) cases.push({ tokens: tokens[0]!, batch: b, repeats });
        } else {
          const pair = (d: number) => d + RERANK_PREFIX + RERANK_SUFFIX;
          cases = tokens.map((d) => ({ tokens: pair(d), docTokens: d, batch: 1, repeats }));
          if (reuse && file !== KEEP_LOGITS_FILE)
            cases.push(...cases.map((c) => ({ ...c, prefixReuse: true })));
        }
        out.push({
          model,
          dtype,
          layers: config.num_hidden_layers,
          kvHeads: config.num_key_value_heads,
          headDim: config.head_dim,
          modelUrl: base(onnx),
          dataFile,
          dataUrl: base(`${STANDIN_REPOS[model]}/onnx/${dataFile}`),
          threads,
          keepLogits: file === KEEP_LOGITS_FILE,
          cases,
        });
      }
    }
  }
  return out;
}

function toRows(
  runtime: ModelRow['runtime'],
  m: BenchModel,
  loadMs: number,
  results: (CaseResult & { peak_mb: number })[],
): ModelRow[] {
  return results.map((r) => {
    const computed = r.prefix_reuse ? r.tokens - RERANK_PREFIX : r.tokens;
    const reranker = m.model === 'reranker';
    const headPositions = !reranker ? 0 : m.keepLogits ? 1 : computed;
    const gflop = r.batch * (computed * GFLOP_PER_TOKEN + headPositions * GFLOP_LM_HEAD);
    const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
    if (!r.finite) console.warn(`warning: non-finite output (${m.model} ${m.dtype} ${r.tokens})`);
    return {
      model: m.model,
      runtime,
      threads: m.threads,
      dtype: m.dtype,
      tokens: r.tokens,
      doc_tokens: r.doc_tokens,
      batch: r.batch,
      prefix_reuse: r.prefix_reuse,
      logits: reranker ? (m.keepLogits ? 'last' : 'all') : null,
      tokens_per_s: round((r.batch * computed * 1000) / r.ms),
      ms_per_candidate: reranker ? Math.round(r.ms / r.batch) : null,
      gflop_per_s: round((gflop * 1000) / r.ms),
      load_ms: Math.round(loadMs),
      peak_mb: Math.round(r.peak_mb),
      runs_ms: r.runs_ms,
    };
  });
}

/** Peak RSS of this process in MB; `reset` starts a new peak (Linux clear_refs 5). */
function nodePeakMb(reset = false): number {
  try {
    if (reset) writeFileSync('/proc/self/clear_refs', '5');
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

async function main() {
  const started = performance.now();
  const previous = 'bench-results/models.json';
  const rows: ModelRow[] =
    process.argv.includes('--append') && existsSync(previous)
      ? (JSON.parse(readFileSync(previous, 'utf8')) as ModelRow[])
      : [];
  const save = () => writeResults('models', rows);
  if (runtimes.includes('node')) {
    for (const threads of threadCounts) {
      for (const m of benchModels(threads, (p) => join(dir, p))) {
        const results: (CaseResult & { peak_mb: number })[] = [];
        const run = await runModel(
          ort,
          { ...m, dataUrl: '' },
          (p) => p,
          () => void nodePeakMb(true),
          (r) => {
            results.push({ ...r, peak_mb: nodePeakMb() });
            console.log(
              `  node ${threads}t ${m.model} ${m.dtype}: ${r.tokens} × ${r.batch}: ${Math.round(r.ms)} ms`,
            );
          },
        );
        rows.push(...toRows('node', m, run.load_ms, results));
        save();
      }
    }
  }
  if (runtimes.includes('chromium')) {
    const { url, server } = await startModelServer(dir);
    const browser = await launchBrowser();
    try {
      for (const threads of threadCounts) {
        const ms = benchModels(threads, (p) => `/models/${p}`);
        const runs = await runInChromium(browser, url, threads, ms, (l) => console.log(l));
        for (const [i, run] of runs.entries()) {
          if (threads > 1 && !run.crossOriginIsolated)
            throw new Error('page not cross-origin isolated');
          rows.push(...toRows('chromium-wasm', ms[i]!, run.load_ms, run.results));
        }
        save();
      }
    } finally {
      await browser.close();
      server.close();
    }
  }
  console.table(rows.map(({ runs_ms: _, ...r }) => r));
  printNotes([
    `stand-ins from ${dir}; GFLOP/s = computed tokens × ${GFLOP_PER_TOKEN} (+ ${GFLOP_LM_HEAD} per position whose logits are computed) / time`,
    `reranker pairs = ${RERANK_PREFIX}-token prefix + document + ${RERANK_SUFFIX}-token suffix; prefix_reuse rows time the pass after a cached ${RERANK_PREFIX}-token prefix`,
  ]);
  writeResults('models', rows, started);
}

await main();
