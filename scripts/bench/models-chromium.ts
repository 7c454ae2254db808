// Chromium side of `npm run bench:models` (Node driver): serves the stand-ins, onnxruntime-web and
// models-page.html with COOP/COEP (cross-origin isolated, so WASM threads work), runs one page per
// thread count, and reads the renderer's peak RSS (VmHWM) from /proc via CDP process ids.
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium, type Browser, type CDPSession } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';
import type { BenchModel, CaseResult } from './models-core.mjs';

const HERE = resolve('scripts/bench');
const ORT_DIST = resolve('node_modules/onnxruntime-web/dist');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** Serves `/` (the page), `/models-core.mjs`, `/ort/*` and `/models/*` (the stand-ins folder). */
export async function startModelServer(
  modelsDir: string,
): Promise<{ url: string; server: Server }> {
  const roots: Record<string, string> = { ort: ORT_DIST, models: resolve(modelsDir) };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [, top = '', ...rest] = path.split('/');
    let file: string | null = null;
    if (path === '/') file = join(HERE, 'models-page.html');
    else if (path === '/models-core.mjs') file = join(HERE, 'models-core.mjs');
    else if (roots[top]) {
      const candidate = normalize(join(roots[top], ...rest));
      if (candidate.startsWith(roots[top] + sep) && existsSync(candidate)) file = candidate;
    }
    if (!file || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size,
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Access-Control-Allow-Origin': '*', // the app may use /models/ as a mirror (?models=<url>)
      'Cache-Control': 'no-store',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** Renderer processes of the browser (CDP SystemInfo), by pid. */
async function rendererPids(cdp: CDPSession): Promise<number[]> {
  const info = (await cdp.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number }[];
  };
  return info.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

/** Peak resident memory (VmHWM) in MB; `reset` starts a new peak (Linux clear_refs 5). */
function peakMb(pid: number, reset = false): number {
  try {
    if (reset) writeFileSync(`/proc/${pid}/clear_refs`, '5');
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export interface ChromiumModelRun {
  load_ms: number;
  results: (CaseResult & { peak_mb: number })[];
  crossOriginIsolated: boolean;
}

/** Runs each of `models` (all with the same thread count) in a fresh page of its own. */
export async function runInChromium(
  browser: Browser,
  baseUrl: string,
  threads: number,
  models: BenchModel[],
  log: (line: string) => void,
): Promise<ChromiumModelRun[]> {
  const runs: ChromiumModelRun[] = [];
  for (const m of models) {
    // A fresh renderer per model: a WASM heap never shrinks, so peaks would carry over.
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await browser.newBrowserCDPSession();
    let pids: number[] = [];
    await page.exposeFunction('benchBeforeCase', async () => {
      pids = await rendererPids(cdp);
      for (const pid of pids) peakMb(pid, true);
    });
    await page.exposeFunction('benchAfterCase', (r: CaseResult) => {
      const peak = Math.max(0, ...pids.map((pid) => peakMb(pid)));
      log(
        `  chromium ${threads}t ${m.model} ${m.dtype}: ${r.tokens} × ${r.batch}: ${Math.round(r.ms)} ms, peak ${Math.round(peak)} MB`,
      );
      return peak;
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().includes('404')) log(`  page: ${msg.text()}`);
    });
    await page.goto(`${baseUrl}?threads=${threads}`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'loading…');
    runs.push((await page.evaluate((config) => window.benchModel(config), m)) as ChromiumModelRun);
    await cdp.detach();
    await context.close();
  }
  return runs;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...chromiumArgs(), '--js-flags=--expose-gc'],
    headless: true,
  });
}

// `tsx scripts/bench/models-chromium.ts [dir]`: serve the stand-ins for the app (`?models=<url>`).
if (process.argv[1] && resolve(process.argv[1]) === resolve('scripts/bench/models-chromium.ts')) {
  const { url } = await startModelServer(process.argv[2] ?? 'standins/models');
  console.log(`stand-ins at ${url}models/ (open the app with ?models=${url}models/)`);
}

declare global {
  interface Window {
    benchModel: (config: BenchModel) => Promise<ChromiumModelRun>;
  }
}
