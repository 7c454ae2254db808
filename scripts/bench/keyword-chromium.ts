// Chromium rows of `npm run bench:keyword` (Node driving headless Chromium): serves
// keyword-page.html from a Vite dev server (plus the packed records the Node runs wrote, from a
// temporary folder outside the repo), saves them to IndexedDB in one browser, then times start-up
// loads in freshly launched browsers on the same on-disk profile (median of three, so no in-memory
// cache helps): from the records alone, then from the snapshot one load saved.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type Plugin } from 'vite';
import { errorMessage } from '../../src/core/errors';
import { inPersistentPage } from './persistent-page';
import { freePort } from '../free-port';
import { round } from './index-shared';
import type { KeywordLoadResult, KeywordSaveResult } from './keyword-page';
import type { ChromiumRow, KeywordCheck } from './keyword-shared';

const LOADS = 3;
const RECORDS_PATH = '/__keyword-bench/records.bin';

export interface ChromiumCase {
  n: number;
  /** The packed records (keyword-records.ts) of the Node run at this size. */
  recordsFile: string;
  check: KeywordCheck;
}

/** Serves the current case's packed records at RECORDS_PATH. */
function recordsServer(current: () => string | undefined): Plugin {
  return {
    name: 'keyword-bench-records',
    configureServer(server) {
      server.middlewares.use(RECORDS_PATH, (_req, res) => {
        const file = current();
        if (file === undefined) {
          res.statusCode = 404;
          res.end();
          return;
        }
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('Content-Length', statSync(file).size);
        createReadStream(file).pipe(res);
      });
    },
  };
}

/** Median-by-time of LOADS loads, each in a freshly launched browser on `profile`. */
async function medianLoad(pageUrl: string, profile: string, c: ChromiumCase, mode: string) {
  const loads: KeywordLoadResult[] = [];
  for (let i = 0; i < LOADS; i++) {
    const load = await inPersistentPage(pageUrl, profile, 'keywordBenchLoad', (page) =>
      page.evaluate(([check]) => window.keywordBenchLoad(check, false), [c.check] as const),
    );
    if (load.mismatch !== null) throw new Error(`${mode} at ${c.n} chunks: ${load.mismatch}`);
    loads.push(load);
  }
  loads.sort((a, b) => a.load_ms - b.load_ms);
  const all = loads.map((l) => Math.round(l.load_ms)).join(' / ');
  console.error(`  [chromium ${c.n} chunks] load ${mode}: ${all} ms`);
  return { load: loads[LOADS >> 1]!, all };
}

async function measure(pageUrl: string, c: ChromiumCase): Promise<ChromiumRow> {
  // Incognito contexts keep IndexedDB in memory; a persistent profile puts it on disk.
  const profile = mkdtempSync(join(tmpdir(), 'sieve-bench-keyword-idb-'));
  try {
    const save: KeywordSaveResult = await inPersistentPage(
      pageUrl,
      profile,
      'keywordBenchLoad',
      (page) => page.evaluate((url) => window.keywordBenchSave(url), RECORDS_PATH),
    );
    const records = await medianLoad(pageUrl, profile, c, 'from records');
    if (records.load.from_records !== save.records) {
      throw new Error(
        `${records.load.from_records} of ${save.records} documents read from records`,
      );
    }
    const saved = await inPersistentPage(pageUrl, profile, 'keywordBenchLoad', (page) =>
      page.evaluate(([check]) => window.keywordBenchLoad(check, true), [c.check] as const),
    );
    const snapshot = await medianLoad(pageUrl, profile, c, 'from snapshot');
    if (snapshot.load.from_snapshot !== save.records) {
      throw new Error(
        `${snapshot.load.from_snapshot} of ${save.records} documents from the snapshot`,
      );
    }
    return {
      n: c.n,
      records: save.records,
      record_mb: round(save.record_bytes / 1e6, 1),
      snapshot_mb: round((saved.snapshot_bytes ?? 0) / 1e6, 1),
      idb_save_ms: Math.round(save.save_ms),
      snapshot_save_ms: Math.round(saved.snapshot_save_ms ?? 0),
      load_records_ms: Math.round(records.load.load_ms),
      load_snapshot_ms: Math.round(snapshot.load.load_ms),
      note: `median of ${LOADS} fresh browsers (records: ${records.all}; snapshot: ${snapshot.all} ms)`,
    };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** IndexedDB rows for each case, one fresh profile each. */
export async function chromiumRows(cases: readonly ChromiumCase[]): Promise<ChromiumRow[]> {
  const port = await freePort();
  let current: string | undefined;
  const server = await createServer({
    configFile: resolve('vite.config.ts'),
    plugins: [recordsServer(() => current)],
    server: { port, strictPort: true, host: '127.0.0.1' },
    optimizeDeps: { entries: ['scripts/bench/keyword-page.html'] },
    logLevel: 'warn',
    clearScreen: false,
  });
  try {
    await server.listen();
    const pageUrl = `http://127.0.0.1:${port}/scripts/bench/keyword-page.html`;
    const rows: ChromiumRow[] = [];
    for (const c of cases) {
      current = c.recordsFile;
      try {
        rows.push(await measure(pageUrl, c));
      } catch (error) {
        const why = errorMessage(error).split('\n')[0];
        console.error(`  [chromium ${c.n} chunks] failed: ${why}`);
        rows.push({
          n: c.n,
          records: 0,
          record_mb: 0,
          snapshot_mb: 0,
          idb_save_ms: null,
          snapshot_save_ms: null,
          load_records_ms: null,
          load_snapshot_ms: null,
          note: `failed: ${why}`,
        });
      }
    }
    return rows;
  } finally {
    await server.close();
  }
}
