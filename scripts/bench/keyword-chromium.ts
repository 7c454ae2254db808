// Chromium rows of `npm run bench:keyword` (Node driving headless Chromium): serves
// keyword-page.html from a Vite dev server (plus the packed records the Node runs wrote, from a
// temporary folder outside the repo), saves them to IndexedDB in one browser, then times loading
// them into a KeywordIndex in freshly launched browsers on the same on-disk profile (median of
// three, so no in-memory cache helps).
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type Plugin } from 'vite';
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
    const loads: KeywordLoadResult[] = [];
    for (let i = 0; i < LOADS; i++) {
      const load = await inPersistentPage(pageUrl, profile, 'keywordBenchLoad', (page) =>
        page.evaluate((check) => window.keywordBenchLoad(check), c.check),
      );
      if (load.mismatch !== null) throw new Error(`IndexedDB at ${c.n} chunks: ${load.mismatch}`);
      loads.push(load);
    }
    const total = (l: KeywordLoadResult) => l.read_ms + l.build_ms;
    loads.sort((a, b) => total(a) - total(b));
    const load = loads[LOADS >> 1]!;
    const all = loads.map((l) => `${Math.round(l.read_ms)}+${Math.round(l.build_ms)}`).join(' / ');
    console.error(
      `  [chromium ${c.n} chunks] save ${Math.round(save.save_ms)} ms, load (read+build) ${all} ms`,
    );
    return {
      n: c.n,
      records: save.records,
      record_mb: round(save.record_bytes / 1e6, 1),
      idb_save_ms: Math.round(save.save_ms),
      idb_read_ms: Math.round(load.read_ms),
      index_build_ms: Math.round(load.build_ms),
      load_ms: Math.round(total(load)),
      note: `median of ${LOADS} fresh browsers (read+build ms: ${all})`,
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
        const why = (error as Error).message.split('\n')[0];
        console.error(`  [chromium ${c.n} chunks] failed: ${why}`);
        rows.push({
          n: c.n,
          records: 0,
          record_mb: 0,
          idb_save_ms: null,
          idb_read_ms: null,
          index_build_ms: null,
          load_ms: null,
          note: `failed: ${why}`,
        });
      }
    }
    return rows;
  } finally {
    await server.close();
  }
}
