// Browser side of `npm run bench:keyword` (headless Chromium, Vite dev server): writes the keyword
// records made in Node into a fresh IndexedDB database the way the library keys them
// ('keywords:<docId>', one idb-keyval setMany transaction), then times start-up loads through
// LibraryKeywords.load — from the records alone, and from the snapshot saved after a load.
import { get, setMany } from 'idb-keyval';
import { keywordDocumentBytes } from '../../src/core/keyword/keyword-document';
import { planQuery } from '../../src/core/keyword/search-query';
import { LibraryKeywords } from '../../src/engine/library/library-keywords';
import { LibraryStore, type DocumentEntry } from '../../src/engine/library/library-store';
import { unpackRecords } from './keyword-records';
import { KEYWORDS_PREFIX, type KeywordCheck } from './keyword-shared';

const DB_NAME = 'sieve-bench-keyword';
const STORE_NAME = 'library';
const DOCS_KEY = 'bench-documents';

export interface KeywordSaveResult {
  save_ms: number;
  records: number;
  record_bytes: number;
}

export interface KeywordLoadResult {
  load_ms: number;
  /** Documents taken from the snapshot and from their own records. */
  from_snapshot: number;
  from_records: number;
  /** Time of saving the snapshot after this load, when asked to. */
  snapshot_save_ms: number | null;
  snapshot_bytes: number | null;
  /** Why the loaded index differs from Node's, or null when it does not. */
  mismatch: string | null;
}

declare global {
  interface Window {
    keywordBenchSave: (url: string) => Promise<KeywordSaveResult>;
    keywordBenchLoad: (check: KeywordCheck, saveSnapshot: boolean) => Promise<KeywordLoadResult>;
  }
}

/** Library entries for the stored records: only ids and chunk counts matter to the load. */
function entries(ids: readonly string[], chunks: readonly number[]): DocumentEntry[] {
  return ids.map((id, i) => ({
    record: { id, name: id, size: 0, addedAt: i, chunkCount: chunks[i]!, tokenCount: 0 },
    chunks: { starts: new Uint32Array(chunks[i]!), ends: new Uint32Array(chunks[i]!) },
  }));
}

window.keywordBenchSave = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const records = unpackRecords(await response.arrayBuffer());
  let bytes = 0;
  for (const [, doc] of records) bytes += keywordDocumentBytes(doc);
  const puts = records.map(([id, doc]): [string, unknown] => [`${KEYWORDS_PREFIX}${id}`, doc]);
  const documents = [records.map(([id]) => id), records.map(([, doc]) => doc.lengths.length)];
  const started = performance.now();
  const store = new LibraryStore(DB_NAME, STORE_NAME);
  await setMany(puts, store.db);
  const saveMs = performance.now() - started;
  await setMany([[DOCS_KEY, documents]], store.db);
  return { save_ms: saveMs, records: records.length, record_bytes: bytes };
};

window.keywordBenchLoad = async (check, saveSnapshot) => {
  const store = new LibraryStore(DB_NAME, STORE_NAME);
  const [ids, chunks] = (await get<[string[], number[]]>(DOCS_KEY, store.db))!;
  const docs = entries(ids, chunks);
  const noText = (id: string) => Promise.reject(new Error(`${id}: no stored text in the bench`));
  const keywords = new LibraryKeywords(store, {
    documents: () => new Map(docs.map((d) => [d.record.id, d])),
    sourceOf: noText,
    serial: (work) => work(),
    note: (message) => console.warn(message),
  });
  const started = performance.now();
  const load = await keywords.load(docs, noText);
  const loadMs = performance.now() - started;

  const index = keywords.index;
  const stats = index.stats();
  const scores = index.search(planQuery(check.query).keywords, 10).map((hit) => hit.score);
  const same = (a: number[], b: number[]) =>
    a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= 1e-9 * Math.abs(x));
  let mismatch: string | null = null;
  if (load.rebuilt > 0) mismatch = `${load.rebuilt} records were made again`;
  else if (stats.chunks !== check.chunks) mismatch = `${stats.chunks} chunks, not ${check.chunks}`;
  else if (stats.postings !== check.postings)
    mismatch = `${stats.postings} postings, not ${check.postings}`;
  else if (!same(scores, check.topScores)) mismatch = `top-10 scores differ for “${check.query}”`;

  let snapshotSaveMs: number | null = null;
  let snapshotBytes: number | null = null;
  if (saveSnapshot) {
    const t0 = performance.now();
    await keywords.flush();
    snapshotSaveMs = performance.now() - t0;
    const saved = (await store.keywordSnapshot())!.index;
    snapshotBytes = [saved.docChunks, saved.rowLengths, saved.termEnds, saved.rows, saved.counts]
      .map((array) => array.byteLength)
      .reduce((a, b) => a + b, saved.terms.length + saved.docIds.join('').length);
  }
  return {
    load_ms: loadMs,
    from_snapshot: load.fromSnapshot,
    from_records: load.fromRecords,
    snapshot_save_ms: snapshotSaveMs,
    snapshot_bytes: snapshotBytes,
    mismatch,
  };
};

document.getElementById('status')!.textContent = 'ready';
