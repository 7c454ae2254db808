// Chromium rows of `npm run bench:index` (Node driving headless Chromium): serves index-page.html
// from a Vite dev server and times the app's VectorStore saving f32 + int8 segments to IndexedDB,
// then loading them into the int8 WASM index (median of three freshly launched browsers on the
// same on-disk profile, so no browser cache helps).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inPersistentPage } from './persistent-page';
import { createServer } from 'vite';
import { freePort } from '../free-port';
import type { LoadResult, SaveResult } from './index-page';
import { emptyRow, round, type Row } from './index-shared';

const PORT = await freePort();
const LOADS = 3;
const PAGE_URL = `http://127.0.0.1:${PORT}/scripts/bench/index-page.html`;

async function measure(n: number, dim: number): Promise<Row> {
  // Incognito contexts keep IndexedDB in memory; a persistent profile puts it on disk.
  const profile = mkdtempSync(join(tmpdir(), 'sieve-bench-idb-'));
  try {
    const save: SaveResult = await inPersistentPage(PAGE_URL, profile, 'indexBenchLoad', (page) =>
      page.evaluate(([rows, width]) => window.indexBenchSave(rows, width), [n, dim] as const),
    );
    // Loads vary by ±15% here from run to run, so take the median of three fresh browsers.
    const loads: LoadResult[] = [];
    for (let i = 0; i < LOADS; i++) {
      const load = await inPersistentPage(PAGE_URL, profile, 'indexBenchLoad', (page) =>
        page.evaluate(([rows, width]) => window.indexBenchLoad(rows, width), [n, dim] as const),
      );
      if (!load.intact) throw new Error(`IndexedDB returned different data at ${n} × ${dim}`);
      loads.push(load);
    }
    loads.sort((a, b) => a.load_ms - b.load_ms);
    const load = loads[LOADS >> 1]!;
    const all = loads.map((l) => Math.round(l.load_ms)).join(' / ');
    console.error(`  [chromium ${n} × ${dim}] save ${Math.round(save.save_ms)} ms, load ${all} ms`);
    return {
      ...emptyRow('flat-int8', n, dim, 'chromium'),
      bytes_per_vector: 5 * dim + 4,
      idb_save_ms: Math.round(save.save_ms),
      idb_load_ms: Math.round(load.load_ms),
      note: `VectorStore: ${load.records} records (1024-row segments of f32 + int8 codes, manifest), ${round(save.megabytes, 1)} MiB; load into the int8 WASM index, median of ${all} ms`,
    };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** IndexedDB rows for each of `sizes` × `dim`, one fresh profile each. */
export async function chromiumRows(sizes: readonly number[], dim: number): Promise<Row[]> {
  const server = await createServer({
    configFile: resolve('vite.config.ts'),
    server: { port: PORT, strictPort: true, host: '127.0.0.1' },
    optimizeDeps: { entries: ['scripts/bench/index-page.html'] },
    logLevel: 'warn',
    clearScreen: false,
  });
  try {
    await server.listen();
    const rows: Row[] = [];
    for (const n of sizes) rows.push(await measure(n, dim));
    return rows;
  } finally {
    await server.close();
  }
}
