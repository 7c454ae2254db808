// Chromium rows of `npm run bench:pack` (Node driving headless Chromium): the built app (dist/, or
// SIEVE_DIST) opens a synthetic 10,000-chunk pack served beside it by a plain local static server
// with `?pack=pack/`, and reports how long after the last byte downloaded the pack was searchable,
// and the whole open (median of three fresh browser contexts, so no HTTP cache helps).
// Alone: `npx tsx scripts/bench/pack-chromium.ts [--dist dist]`.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { formatBytes } from '../../src/core/format';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';
import { startStaticServer } from '../static-server.mjs';
import { buildSyntheticPack } from './pack-data';

export interface PackOpenRow {
  kind: 'chromium-open';
  chunks: number;
  dimension: number;
  vectors: 'int8' | 'int8+float32';
  /** What opening downloads (everything but the chunk texts). */
  download_bytes: number;
  /** From the last byte downloaded to searchable (checks, decoding, index build): the target. */
  ready_after_download_ms: number;
  /** From asking for the manifest to searchable, local server. */
  open_ms: number;
  index: string;
  runs: string;
}

const CHUNKS = 10_000;
const RUNS = 3;
const PREFIX = '/bench/';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function openOnce(
  browser: Browser,
  url: string,
): Promise<{ readyMs: number; loadMs: number; index: string }> {
  // A fresh context: no HTTP cache, no service worker (blocked), nothing stored.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`  [page] ${error.message}`));
    await page.goto(url);
    const header = page.locator('[data-testid="pack-header"][data-state="ready"]');
    await header.waitFor({ timeout: 120_000 });
    const read = async (name: string) => Number(await header.getAttribute(name));
    return {
      readyMs: await read('data-ready-ms'),
      loadMs: await read('data-load-ms'),
      index: (await page.getByTestId('pack-opened').getAttribute('title')) ?? '',
    };
  } finally {
    await context.close();
  }
}

async function measure(
  browser: Browser,
  site: string,
  dimension: number,
  int8Only: boolean,
): Promise<PackOpenRow> {
  const built = await buildSyntheticPack(CHUNKS, dimension, int8Only);
  const dir = join(site, 'pack');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of built.files) writeFileSync(join(dir, file.name), file.bytes);
  const downloadBytes = built.manifest.shards
    .filter((s) => s.kind !== 'chunks')
    .reduce((n, s) => n + s.bytes, 0);
  const server = await startStaticServer({ dir: site, prefix: PREFIX });
  try {
    const url = `${server.url}?pack=pack/&models=fixtures&backend=wasm`;
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await openOnce(browser, url));
    const vectors = int8Only ? 'int8' : 'int8+float32';
    const ready = runs.map((r) => Math.round(r.readyMs));
    const open = runs.map((r) => Math.round(r.loadMs));
    console.error(
      `  [chromium ${CHUNKS} × ${dimension} ${vectors}, ${formatBytes(downloadBytes)}] ready after download ${ready.join(' / ')} ms, open ${open.join(' / ')} ms`,
    );
    return {
      kind: 'chromium-open',
      chunks: CHUNKS,
      dimension,
      vectors,
      download_bytes: downloadBytes,
      ready_after_download_ms: median(ready),
      open_ms: median(open),
      index: runs[0]!.index,
      runs: `ready ${ready.join(' / ')} ms; open ${open.join(' / ')} ms`,
    };
  } finally {
    await server.close();
  }
}

/** Opening 10,000-chunk packs (256 and 1024 dims, int8 + float32 and int8 only) in Chromium. */
export async function packChromiumRows(
  dist = process.env.SIEVE_DIST ?? 'dist',
): Promise<PackOpenRow[]> {
  const app = resolve(dist);
  if (!existsSync(join(app, 'index.html'))) {
    throw new Error(`${app} has no index.html: run \`npm run build\` first`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'sieve-bench-pack-site-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs(),
  });
  try {
    const site = join(scratch, 'site');
    cpSync(app, site, { recursive: true });
    const rows: PackOpenRow[] = [];
    for (const dimension of [256, 1024]) {
      for (const int8Only of [false, true]) {
        rows.push(await measure(browser, site, dimension, int8Only));
      }
    }
    return rows;
  } finally {
    await browser.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { dist: { type: 'string' } } });
  const rows = await packChromiumRows(values.dist);
  console.table(
    rows.map((r) => ({
      dim: r.dimension,
      vectors: r.vectors,
      download: formatBytes(r.download_bytes),
      'ready after download ms': r.ready_after_download_ms,
      'open ms': r.open_ms,
    })),
  );
}
