// `npm run bench:rerank`: rerank latency and peak memory on the fixture reranker for 20/50/100
// candidates × 128/256/512 document tokens, in Node (onnxruntime-node) and in headless Chromium
// (WASM, the app's path) via a Vite dev server page; plus the shared-prefix (KV-cache) analysis.
import { AutoTokenizer, env } from '@huggingface/transformers';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer } from 'vite';
import { Qwen3Reranker } from '../../src/engine/qwen3-reranker';
import {
  documentsOfTokens,
  peakMb,
  prefixAnalysis,
  promptTokens,
  rendererPids,
  resetPeak,
  type PrefixRow,
} from './rerank-inputs';
import {
  CANDIDATE_COUNTS,
  DOC_TOKEN_COUNTS,
  median,
  RERANK_INSTRUCTION as INSTRUCTION,
  RERANK_MODEL as MODEL,
  RERANK_QUERY as QUERY,
  type CaseTiming,
  type LoadInfo,
  type RerankBenchConfig,
  type RerankCase,
} from './rerank-shared';

const PORT = 4175;
const WEBGPU_LIMIT_MS = 120_000;
const notes: string[] = [];

interface Row {
  runtime: string;
  dtype: string;
  candidates: number;
  doc_tokens: number;
  pair_tokens: number;
  batched: boolean;
  repeats: number;
  total_ms: number;
  per_candidate_ms: number;
  peak_mb: number;
}

type RunCase = (c: RerankCase) => Promise<{ timing: CaseTiming; peakMb: number }>;

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Times every case; the first one is the probe that decides repetitions for the rest. */
async function runCases(
  runtime: string,
  dtype: string,
  batched: boolean,
  cases: readonly RerankCase[],
  run: RunCase,
): Promise<Row[]> {
  const rows: Row[] = [];
  let msPerToken: number | null = null;
  for (const c of cases) {
    const tokens = c.candidates * c.maxTokens;
    const estimate = msPerToken === null ? 0 : msPerToken * tokens;
    const repeats = estimate < 4_000 ? 3 : estimate < 20_000 ? 2 : 1;
    if (estimate > 60_000) {
      notes.push(
        `${runtime} ${c.candidates}×${c.docTokens}: ≈ ${round(estimate / 1000, 0)} s, one run`,
      );
    }
    const out = await run({ ...c, repeats: msPerToken === null ? 1 : repeats });
    let runs = out.timing.runs_ms;
    let peak = out.peakMb;
    msPerToken = median(runs) / tokens;
    if (runs.length === 1 && runs[0]! < 4_000) {
      // The probe was cheap: repeat it so the smallest case gets a median too.
      const again = await run({ ...c, repeats: 2 });
      runs = [...runs, ...again.timing.runs_ms];
      peak = Math.max(peak, again.peakMb);
    }
    const total = median(runs);
    const row: Row = {
      runtime,
      dtype,
      candidates: c.candidates,
      doc_tokens: c.docTokens,
      pair_tokens: round(out.timing.pair_tokens),
      batched,
      repeats: runs.length,
      total_ms: Math.round(total),
      per_candidate_ms: round(total / c.candidates),
      peak_mb: Math.round(peak),
    };
    console.log(
      `  ${runtime} ${c.candidates}×${c.docTokens}: ${row.total_ms} ms (${row.per_candidate_ms} ms/candidate, ×${row.repeats}), peak ${row.peak_mb} MB`,
    );
    rows.push(row);
  }
  return rows;
}

async function nodeRows(device: 'cpu' | 'wasm', cases: readonly RerankCase[]): Promise<Row[]> {
  const start = performance.now();
  const reranker = await Qwen3Reranker.load({ modelId: MODEL, device, dtype: 'q8' });
  try {
    const loadMs = performance.now() - start;
    const calibration = await reranker.calibrateBatching();
    console.log(
      `node-${device}: load ${Math.round(loadMs)} ms, calibrate ${Math.round(performance.now() - start - loadMs)} ms, batchSafe ${reranker.batchSafe} (Δ ${calibration.difference.toExponential(2)})`,
    );
    if (!resetPeak('self')) notes.push('node: /proc/self/clear_refs refused; peaks are cumulative');
    return await runCases(`node-${device}`, 'q8', reranker.batchSafe, cases, async (c) => {
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
          pair_tokens: pairs.reduce((s, p) => s + p.length, 0) / pairs.length,
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
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      ...(webgpu ? ['--enable-unsafe-webgpu'] : []),
    ],
  });
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`  [page] ${error.message}`));
  await page.goto(`http://127.0.0.1:${PORT}/scripts/bench/rerank-page.html`);
  await page.waitForFunction(() => typeof window.runRerankBench === 'function', null, {
    timeout: 60_000,
  });
  return { browser, page };
}

async function browserRows(
  page: Page,
  // Playwright launches Chromium as a child of this process, one browser at a time.
  treeRoot: number,
  device: 'wasm' | 'webgpu',
  dtype: 'q8' | 'q4',
  cases: readonly RerankCase[],
): Promise<Row[]> {
  const config: RerankBenchConfig = {
    modelId: MODEL,
    device,
    dtype,
    query: QUERY,
    instruction: INSTRUCTION,
    cases: [],
  };
  const call = (cfg: RerankBenchConfig) => page.evaluate((x) => window.runRerankBench(x), cfg);
  const load = (await call(config)).load as LoadInfo;
  console.log(
    `chromium-${device}: load ${Math.round(load.load_ms)} ms, calibrate ${Math.round(load.calibrate_ms)} ms, batchSafe ${load.batched} (Δ ${load.difference.toExponential(2)})`,
  );
  return runCases(`chromium-${device}`, dtype, load.batched, cases, async (c) => {
    const before = rendererPids(treeRoot);
    if (!before.every((pid) => resetPeak(pid))) notes.push(`chromium: clear_refs refused`);
    const { timings } = await call({ ...config, cases: [c] });
    const pids = new Set([...before, ...rendererPids(treeRoot)]);
    return { timing: timings[0]!, peakMb: Math.max(0, ...[...pids].map(peakMb)) };
  });
}

async function chromiumRows(cases: readonly RerankCase[]): Promise<Row[]> {
  const server = await createServer({
    configFile: resolve('vite.config.ts'),
    server: { port: PORT, strictPort: true, host: '127.0.0.1' },
    optimizeDeps: { entries: ['scripts/bench/rerank-page.html'] },
    logLevel: 'warn',
    clearScreen: false,
  });
  await server.listen();
  try {
    const rows: Row[] = [];
    const wasm = await launch(false);
    try {
      rows.push(...(await browserRows(wasm.page, process.pid, 'wasm', 'q8', cases)));
    } finally {
      await wasm.browser.close();
    }
    // WebGPU on the software adapter: one small case, abandoned past the time limit.
    const gpu = await launch(true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const small = cases.filter((c) => c.candidates === 20 && c.docTokens === 128);
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('time limit')), WEBGPU_LIMIT_MS);
      });
      const work = browserRows(gpu.page, process.pid, 'webgpu', 'q4', small);
      rows.push(...(await Promise.race([work, limit])));
    } catch (error) {
      notes.push(`chromium-webgpu skipped: ${(error as Error).message.split('\n')[0]}`);
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

  const rows = await nodeRows('cpu', cases);
  try {
    rows.push(...(await nodeRows('wasm', cases)));
  } catch (error) {
    notes.push(`node-wasm skipped: ${(error as Error).message.split('\n')[0]}`);
  }
  rows.push(...(await chromiumRows(cases)));

  console.log(`\nRerank latency on the fixture ${MODEL} (query ${JSON.stringify(QUERY)})\n`);
  console.table(rows);
  console.log('\nShared prefix of every pair (system prompt + Instruct + Query + "<Document>:")\n');
  console.table(prefixRows);
  for (const note of [
    'peak_mb: VmHWM reset (clear_refs) before each configuration, read after it — Node: the process; Chromium: max over renderers.',
    "reusable_share_pct: share of each pair's tokens a cached KV of the shared prefix would skip (projections/MLP scale with tokens; the document still attends to the cached prefix).",
    ...notes,
  ]) {
    console.log(`note: ${note}`);
  }
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/rerank.json', JSON.stringify(rows, null, 2) + '\n');
  writeFileSync('bench-results/rerank-prefix.json', JSON.stringify(prefixRows, null, 2) + '\n');
  console.log(
    `Wrote bench-results/rerank.json and bench-results/rerank-prefix.json in ${round((performance.now() - started) / 1000)} s`,
  );
}

await main();
