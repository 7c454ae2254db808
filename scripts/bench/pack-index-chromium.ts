// In-browser half of `npm run bench:pack`'s build throughput (Node driving headless Chromium): the
// built app indexes the folder `sieve pack` packed, with the same fixture model and dtype on WASM,
// timed from the folder pick to every file finished; model load is timed apart, as in the CLI row.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';
import { startStaticServer } from '../static-server.mjs';
import { libraryChunks, loadEmbedder, progress, waitForQueue } from './ingest-folder';
import { round } from './ingest-shared';

export interface BrowserIndexRow {
  kind: 'chromium-index';
  models: string;
  /** The embedder's dtype and backend as the app's badges show them. */
  dtype: string;
  backend: string;
  files: number;
  failed: number;
  chunks: number;
  /** Load button → Ready (download from the local server, session, warm-up): not in index_ms. */
  model_load_ms: number;
  /** Folder pick → every queue row finished: extraction, chunking, embedding, storing. */
  index_ms: number;
  chunks_per_s: number;
  /** The CLI build of the same folder (model load excluded there too). */
  cli_chunks: number;
  cli_chunks_per_s: number;
  /** CLI chunks/s ÷ browser chunks/s. */
  cli_over_browser: number;
}

/** What the browser run is compared with: the `sieve pack` row of the same folder. */
export interface CliBuild {
  models: string;
  dtype: string;
  files: number;
  chunks: number;
  chunks_per_s: number;
}

/** How often the page is asked whether every file is finished. */
const POLL_MS = 25;

/** Indexes `folder` once in a fresh headless Chromium on the app in `dist`; one row. */
export async function browserIndexRow(
  dist: string,
  folder: string,
  cli: CliBuild,
): Promise<BrowserIndexRow> {
  const app = resolve(dist);
  if (!existsSync(join(app, 'index.html'))) {
    throw new Error(`${app} has no index.html: run \`npm run build\` first`);
  }
  // A plain static server with the fixture models beside the app (`fixture-models/`).
  const server = await startStaticServer({ dir: app });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs() });
  try {
    // Without sw.js, as bench:ingest: its reload into cross-origin isolation would cut the run
    // short, so the page runs as it does before it (one WASM thread).
    const page = await browser.newPage({ serviceWorkers: 'block' });
    page.on('pageerror', (error) => console.error(`  [page] ${error.message}`));
    await page.goto(`${server.url}?models=fixtures&backend=wasm&dtype=${cli.dtype}`);
    const loadMs = await loadEmbedder(page);
    const dtype = (await page.getByTestId('embedder-dtype').textContent())?.trim() ?? '';
    const backend = (await page.getByTestId('embedder-badge').textContent())?.trim() ?? '';
    if (dtype !== cli.dtype) throw new Error(`the app loaded ${dtype}, not ${cli.dtype}`);

    const start = performance.now();
    await page.getByTestId('folder-input').setInputFiles(folder);
    await waitForQueue(page, cli.files, POLL_MS);
    const ms = performance.now() - start;

    const state = await progress(page);
    const failed = await page.locator('[data-testid="queue-row"][data-status="failed"]').count();
    const { chunks } = await libraryChunks(page);
    const chunksPerS = round(chunks / (ms / 1000), 1);
    console.error(
      `  [chromium index] ${state.rows} files, ${chunks} chunks in ${Math.round(ms)} ms (model load ${Math.round(loadMs)} ms apart)`,
    );
    return {
      kind: 'chromium-index',
      models: cli.models,
      dtype,
      backend,
      files: state.rows,
      failed,
      chunks,
      model_load_ms: Math.round(loadMs),
      index_ms: Math.round(ms),
      chunks_per_s: chunksPerS,
      cli_chunks: cli.chunks,
      cli_chunks_per_s: cli.chunks_per_s,
      cli_over_browser: round(cli.chunks_per_s / chunksPerS, 2),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
