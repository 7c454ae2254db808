// `npm run bench:rerank`: rerank latency and peak memory on the fixture reranker for 20/50/100
// candidates × 128/256/512 document tokens, in Node (onnxruntime-node) and in headless Chromium
// (WASM, the app's path) via a Vite dev server page; plus the shared-prefix (KV-cache) analysis
// and prefix reuse timed against full passes (Node; `--prefix-reuse-only` runs just that part).
// `--standins [dir]` runs only 20 candidates × 512 tokens on the full-size q8 stand-in in Chromium.
import { AutoTokenizer, env } from '@huggingface/transformers';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';
import { createServer } from 'vite';
import { freePort } from '../free-port';
import { errorMessage } from '../../src/core/errors';
import type { Backend, RerankerDtype } from '../../src/core/types/models';
import { Qwen3Reranker } from '../../src/engine/qwen3/reranker';
import {
  documentsOfTokens,
  peakMb,
  prefixAnalysis,
  promptTokens,
  rendererPids,
  resetPeak,
  type PrefixRow,
} from './rerank-inputs';
import { notes, type Row, runCases } from './rerank-rows';
import { reuseRows, type ReuseRow } from './rerank-reuse';
import {
  CANDIDATE_COUNTS,
  DOC_TOKEN_COUNTS,
  RERANK_INSTRUCTION as INSTRUCTION,
  RERANK_MODEL as MODEL,
  RERANK_QUERY as QUERY,
  type LoadInfo,
  type RerankBenchConfig,
  type RerankCase,
} from './rerank-shared';
import { printNotes, writeResults } from './results';
import { startModelServer } from './models-chromium';

const PORT = await freePort();
const gcEachPass = process.argv.includes('--gc-each-pass');
const forceGc = gcEachPass || process.argv.includes('--gc');
const candidatesAt = process.argv.indexOf('--candidates');
/** `--standins` only: candidates scored (default 20, the case). */
const standinsCandidates = candidatesAt < 0 ? 20 : Number(process.argv[candidatesAt + 1]);
const standinsAt = process.argv.indexOf('--standins');
const standinsDir =
  standinsAt < 0
    ? undefined
    : resolve(
        process.argv[standinsAt + 1]?.startsWith('--') === false
          ? process.argv[standinsAt + 1]!
          : 'standins/models',
      );
/** The stand-ins served as a mirror (CORS), when asked for. */
const standinsServer = standinsDir ? await startModelServer(standinsDir) : undefined;
const standinsBase = standinsServer && `${standinsServer.url}models/`;
const WEBGPU_LIMIT_MS = 120_000;
async function nodeRows(device: 'cpu' | 'wasm', cases: readonly RerankCase[]): Promise<Row[]> {
  const start = performance.now();
  const reranker = await Qwen3Reranker.load({ modelId: MODEL, device, dtype: 'q8' });
  try {
    const loadMs = performance.now() - start;
    const calibration = await reranker.calibrateBatching();
    console.log(
      `node-${device}: load ${Math.round(loadMs)} ms, calibrate ${Math.round(performance.now() - start - loadMs)} ms, batchSafe ${reranker.batchSafe} (Δ ${calibration.difference.toExponential(2)}); ${calibration.prefixReuse.reason}`,
    );
    if (!resetPeak('self')) notes.push('node: /proc/self/clear_refs refused; peaks are cumulative');
    if (!reranker.keepsLastLogitsOnly && device === 'cpu') {
      const longest = Math.max(...cases.map((c) => c.maxTokens));
      const mb = Math.round((longest * reranker.vocabSize * 4) / 2 ** 20);
      notes.push(
        `the fixture graph has no num_logits_to_keep input: each pass returns logits for every position (${longest} × ${reranker.vocabSize} float32 ≈ ${mb} MB at ${longest} tokens); with a 64-wide, 3-layer fixture the tied lm_head dominates its cost`,
      );
    }
    const mode = { batched: reranker.batchSafe, prefixReuse: calibration.prefixReuse.enabled };
    return await runCases(`node-${device}`, 'q8', mode, cases, async (c) => {
      const pairs = c.documents.map((d) => reranker.pairIds(QUERY, d, INSTRUCTION, c.maxTokens));
      const runs: number[] = [];
      resetPeak('self');
      for (let r = 0; r < c.repeats; r++) {
        const t = performance.now();
        await reranker.score(QUERY, c.documents, INSTRUCTION, c.maxTokens);
        runs.push(performance.now() - t);
      }
      return {
        timing: {
          candidates: c.candidates,
          docTokens: c.docTokens,
          runs_ms: runs,
          // What was scored: score() caps pairs at maxPairTokens when the export lacks num_logits_to_keep.
          pair_tokens:
            pairs.reduce((s, p) => s + Math.min(p.length, reranker.maxPairTokens), 0) /
            pairs.length,
        },
        peakMb: process.resourceUsage().maxRSS / 1024,
      };
    });
  } finally {
    await reranker.dispose();
  }
}

async function launch(webgpu: boolean): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...chromiumArgs({ webgpu }), ...(forceGc ? ['--js-flags=--expose-gc'] : [])],
  });
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`  [page] ${error.message}`));
  await page.goto(`http://127.0.0.1:${PORT}/scripts/bench/rerank-page.html`);
  await page.waitForFunction(() => typeof window.runRerankBench === 'function', null, {
    timeout: 60_000,
  });
  return { browser, page };
}

/** With `limitMs`, a 2-candidate probe after loading skips runs estimated to overrun it. */
async function browserRows(
  page: Page,
  device: Backend,
  dtype: RerankerDtype,
  cases: readonly RerankCase[],
  limitMs = Infinity,
): Promise<Row[]> {
  const started = performance.now();
  const config: RerankBenchConfig = {
    modelId: MODEL,
    device,
    dtype,
    query: QUERY,
    instruction: INSTRUCTION,
    cases: [],
    ...(standinsBase && { modelsBase: standinsBase }),
    ...(gcEachPass && { gcEachPass }),
  };
  const call = (cfg: RerankBenchConfig) => page.evaluate((x) => window.runRerankBench(x), cfg);
  const load = (await call(config)).load as LoadInfo;
  console.log(
    `chromium-${device}: load ${Math.round(load.load_ms)} ms, calibrate ${Math.round(load.calibrate_ms)} ms, batchSafe ${load.batched} (Δ ${load.difference.toExponential(2)}), prefix reuse ${load.prefix_reuse}, crossOriginIsolated ${load.crossOriginIsolated}`,
  );
  if (limitMs < Infinity) {
    const first = cases[0]!;
    const probe = { ...first, candidates: 2, documents: first.documents.slice(0, 2), repeats: 1 };
    const ms = (await call({ ...config, cases: [probe] })).timings[0]!.runs_ms[0]!;
    const estimate = (ms / 2) * cases.reduce((sum, c) => sum + c.candidates, 0);
    const left = limitMs - (performance.now() - started);
    if (estimate > left) {
      throw new Error(
        `2-candidate probe took ${Math.round(ms)} ms, so ${first.candidates}×${first.docTokens} would take ≈ ${Math.round(estimate / 1000)} s (${Math.round(left / 1000)} s left of the ${limitMs / 1000} s limit)`,
      );
    }
  }
  const mode = { batched: load.batched, prefixReuse: load.prefix_reuse };
  return runCases(`chromium-${device}`, dtype, mode, cases, async (c) => {
    // Playwright starts Chromium as a child of this process, and one browser at a time.
    // `--gc` (with --js-flags=--expose-gc): collect garbage first, e.g. the fetched model bytes.
    if (forceGc) await page.evaluate(() => (globalThis as { gc?: () => void }).gc?.());
    const before = rendererPids(process.pid);
    if (!before.every((pid) => resetPeak(pid))) notes.push(`chromium: clear_refs refused`);
    const { timings } = await call({ ...config, cases: [c] });
    const pids = new Set([...before, ...rendererPids(process.pid)]);
    return { timing: timings[0]!, peakMb: Math.max(0, ...[...pids].map(peakMb)) };
  });
}

async function chromiumRows(cases: readonly RerankCase[]): Promise<Row[]> {
  const server = await createServer({
    configFile: resolve('vite.config.ts'),
    // No watcher and no HMR: edits to src/ during a run must not reload the page under a timing.
    server: { port: PORT, strictPort: true, host: '127.0.0.1', hmr: false, watch: null },
    optimizeDeps: { entries: ['scripts/bench/rerank-page.html'] },
    logLevel: 'warn',
    clearScreen: false,
  });
  await server.listen();
  try {
    const rows: Row[] = [];
    const wasm = await launch(false);
    try {
      rows.push(...(await browserRows(wasm.page, 'wasm', 'q8', cases)));
    } finally {
      await wasm.browser.close();
    }
    if (standinsBase) return rows;
    // WebGPU on the software adapter: one small case, abandoned past the time limit.
    const gpu = await launch(true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const small = cases.filter((c) => c.candidates === 20 && c.docTokens === 128);
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('time limit')), WEBGPU_LIMIT_MS);
      });
      const work = browserRows(gpu.page, 'webgpu', 'q4', small, WEBGPU_LIMIT_MS);
      rows.push(...(await Promise.race([work, limit])));
    } catch (error) {
      notes.push(`chromium-webgpu skipped: ${errorMessage(error).split('\n')[0]}`);
    } finally {
      clearTimeout(timer);
      await gpu.browser.close();
    }
    return rows;
  } finally {
    await server.close();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg()[0]!.toFixed(2);
  env.localModelPath = resolve('fixtures/models') + '/';
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  const prompt = promptTokens(await AutoTokenizer.from_pretrained(MODEL));
  const cases: RerankCase[] = [];
  const prefixRows: PrefixRow[] = [];
  for (const docTokens of DOC_TOKEN_COUNTS) {
    const max = Math.max(...CANDIDATE_COUNTS);
    const documents = documentsOfTokens(prompt, QUERY, INSTRUCTION, max, docTokens);
    const prefix = prefixAnalysis(prompt, QUERY, INSTRUCTION, docTokens, documents);
    prefixRows.push(prefix);
    // Exactly the pair's length: no document is cut.
    const maxTokens = prefix.shared_prefix_tokens + docTokens + prefix.suffix_tokens;
    for (const candidates of CANDIDATE_COUNTS) {
      cases.push({
        candidates,
        docTokens,
        maxTokens,
        documents: documents.slice(0, candidates),
        repeats: 1,
      });
    }
  }

  if (standinsBase) return standinsMemory(cases);
  const reuseCases = cases.filter((c) => c.candidates === CANDIDATE_COUNTS[0]);
  const reuse: ReuseRow[] = [...(await reuseRows('q4', reuseCases))];
  reuse.push(...(await reuseRows('q8', reuseCases)));
  const reuseOnly = process.argv.includes('--prefix-reuse-only');
  const rows = reuseOnly ? [] : await nodeRows('cpu', cases);
  if (!reuseOnly) {
    try {
      rows.push(...(await nodeRows('wasm', cases)));
    } catch (error) {
      notes.push(`node-wasm skipped: ${errorMessage(error).split('\n')[0]}`);
    }
    rows.push(...(await chromiumRows(cases)));
  }

  console.log(`\nRerank latency on the fixture ${MODEL} (query ${JSON.stringify(QUERY)})\n`);
  console.table(rows);
  console.log('\nShared prefix of every pair (system prompt + Instruct + Query + "<Document>:")\n');
  console.table(prefixRows);
  console.log('\nPrefix reuse vs full passes (node-cpu, one pair per pass, alternating runs)\n');
  console.table(reuse);
  printNotes([
    'peak_mb: VmHWM reset (clear_refs) before each configuration, read after it — Node: the process; Chromium: max over renderers.',
    "reusable_share_pct: share of each pair's tokens a cached KV of the shared prefix would skip (projections/MLP scale with tokens; the document still attends to the cached prefix).",
    ...notes,
    `machine: ${availableParallelism()} cores, 1-min load average ${loadAtStart} at start, ${loadavg()[0]!.toFixed(2)} at end (other work on the machine inflates timings).`,
  ]);
  if (!reuseOnly) writeResults('rerank', rows);
  writeResults('rerank-reuse', reuse);
  writeResults('rerank-prefix', prefixRows, started);
}

/**
 * `--standins [dir]`: the memory case at full size, 20 candidates × 512 document tokens
 * with the q8 stand-in in Chromium WASM (the app's reranker class; pairs capped at 442 tokens).
 */
async function standinsMemory(cases: readonly RerankCase[]): Promise<void> {
  const started = performance.now();
  const wanted = cases
    .filter((c) => c.candidates === 20 && c.docTokens === 512)
    .map((c) => ({
      ...c,
      candidates: standinsCandidates,
      documents: c.documents.slice(0, standinsCandidates),
    }));
  const rows = await chromiumRows(wanted);
  console.log(`\nRerank on the full-size q8 stand-in (${standinsDir})\n`);
  console.table(rows);
  printNotes([
    "peak_mb: the renderer's VmHWM over the whole case (load and calibration before it are reset).",
    ...notes,
    `machine: ${availableParallelism()} cores, 1-min load average ${loadavg()[0]!.toFixed(2)} at end.`,
  ]);
  writeResults('rerank-standins', rows, started);
  standinsServer?.server.close();
}

await main();
