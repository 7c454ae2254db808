// Browser side of `npm run bench:keyword` (headless Chromium, Vite dev server): writes the keyword
// records made in Node into a fresh IndexedDB database the way the library keys them
// ('keywords:<docId>' in 'sieve'-like store 'library', idb-keyval setMany: one transaction), and
// times a later start-up reading them back (getAllKeys + getAll over the prefix range, as
// LibraryStore.listKeywords does) and building the KeywordIndex from them, separately.
import { setMany } from 'idb-keyval';
import { keywordDocumentBytes } from '../../src/core/keyword/keyword-document';
import { KeywordIndex } from '../../src/core/keyword/keyword-index';
import { planQuery } from '../../src/core/keyword/search-query';
import { LibraryStore } from '../../src/engine/library/library-store';
import { unpackRecords } from './keyword-records';
import { KEYWORDS_PREFIX, type KeywordCheck } from './keyword-shared';

const DB_NAME = 'sieve-bench-keyword';
const STORE_NAME = 'library';

export interface KeywordSaveResult {
  save_ms: number;
  records: number;
  record_bytes: number;
}

export interface KeywordLoadResult {
  read_ms: number;
  build_ms: number;
  records: number;
  /** Why the index built from IndexedDB differs from Node's, or null when it does not. */
  mismatch: string | null;
}

declare global {
  interface Window {
    keywordBenchSave: (url: string) => Promise<KeywordSaveResult>;
    keywordBenchLoad: (check: KeywordCheck) => Promise<KeywordLoadResult>;
  }
}

window.keywordBenchSave = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const records = unpackRecords(await response.arrayBuffer());
  let bytes = 0;
  for (const [, doc] of records) bytes += keywordDocumentBytes(doc);
  const entries = records.map(([id, doc]): [string, unknown] => [`${KEYWORDS_PREFIX}${id}`, doc]);
  const started = performance.now();
  const store = new LibraryStore(DB_NAME, STORE_NAME);
  await setMany(entries, store.db);
  return { save_ms: performance.now() - started, records: records.length, record_bytes: bytes };
};

window.keywordBenchLoad = async (check) => {
  const started = performance.now();
  const store = new LibraryStore(DB_NAME, STORE_NAME);
  const stored = await store.listKeywords();
  const read = performance.now();
  const index = new KeywordIndex();
  index.addMany(stored); // as LibraryKeywords.load does
  const built = performance.now();

  const stats = index.stats();
  const scores = index.search(planQuery(check.query).keywords, 10).map((hit) => hit.score);
  const same = (a: number[], b: number[]) =>
    a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= 1e-9 * Math.abs(x));
  let mismatch: string | null = null;
  if (stats.chunks !== check.chunks) mismatch = `${stats.chunks} chunks, not ${check.chunks}`;
  else if (stats.postings !== check.postings)
    mismatch = `${stats.postings} postings, not ${check.postings}`;
  else if (!same(scores, check.topScores)) mismatch = `top-10 scores differ for “${check.query}”`;
  return { read_ms: read - started, build_ms: built - read, records: stored.size, mismatch };
};

document.getElementById('status')!.textContent = 'ready';
