// `npm run bench:threads`: the WASM thread probe as a first visit runs it. The built app on a
// plain static server, a fresh headless Chromium context per repeat, the service worker's one
// reload into cross-origin isolation, then the stored verdict: ms per probe run per thread count,
// the count chosen, and the probe's wall time. `--dir <build>` (default dist), `--repeats N`.
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';
import { startStaticServer } from '../static-server.mjs';
import {
  chooseThreads,
  parseVerdict,
  verdictKey,
  type ProbeMeasurement,
  type WasmThreadsVerdict,
} from '../../src/core/wasm-threads';
import { printNotes, writeResults } from './results';

const { values } = parseArgs({
  options: { dir: { type: 'string', default: 'dist' }, repeats: { type: 'string', default: '3' } },
});
const REPEATS = Math.max(1, Number(values.repeats) || 3);

/** One first visit: opens the app, waits for isolation and the stored verdict. */
async function firstVisit(browser: Browser, url: string): Promise<WasmThreadsVerdict> {
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  try {
    const page = await context.newPage();
    await page.goto(`${url}?models=fixtures&backend=wasm`);
    await page.waitForFunction(() => crossOriginIsolated, null, { timeout: 90_000 });
    const { cores, userAgent } = await page.evaluate(() => ({
      cores: navigator.hardwareConcurrency,
      userAgent: navigator.userAgent,
    }));
    const key = verdictKey(cores, userAgent);
    await page.waitForFunction((k) => localStorage.getItem(k) !== null, key, { timeout: 60_000 });
    const verdict = parseVerdict(await page.evaluate((k) => localStorage.getItem(k), key));
    if (!verdict) throw new Error('no measured verdict was stored');
    return verdict;
  } finally {
    await context.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

async function main(): Promise<void> {
  const started = performance.now();
  const server = await startStaticServer({ dir: values.dir });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs() });
  const verdicts: WasmThreadsVerdict[] = [];
  try {
    for (let i = 0; i < REPEATS; i++) verdicts.push(await firstVisit(browser, server.url));
  } finally {
    await browser.close();
    await server.close();
  }
  const rows = verdicts.flatMap((v, repeat) =>
    (v.measured as ProbeMeasurement[]).map((m) => ({
      repeat: repeat + 1,
      threads: m.threads,
      'fastest run ms': round(m.ms),
      'runs ms': m.runsMs?.map(round).join(' '),
      'start-up ms': m.setupMs === undefined ? '' : Math.round(m.setupMs),
      chosen: m.threads === v.threads ? '←' : '',
      'probe total ms': Math.round(v.probeMs ?? NaN),
    })),
  );
  console.log(`\nWASM thread probe, ${REPEATS} first visits (cores: ${verdicts[0]?.cores})\n`);
  console.table(rows);
  // The choice function on each count's median over the visits.
  const counts = [...new Set(rows.map((r) => r.threads))].sort((a, b) => a - b);
  const overall = chooseThreads(
    counts.map((threads) => ({
      threads,
      ms: median(rows.filter((r) => r.threads === threads).map((r) => r['fastest run ms'])),
    })),
    verdicts[0]?.cores ?? 1,
    median(verdicts.map((v) => v.probeMs ?? NaN)),
  );
  printNotes([
    `per visit, chosen: ${verdicts.map((v) => v.threads).join(', ')} threads`,
    `over all visits: ${overall.reason}`,
  ]);
  writeResults('threads', { rows, chosen: overall }, started);
}

await main();
