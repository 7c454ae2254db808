// The library's keyword index on fake-indexeddb: records written and removed in the documents'
// own transactions, loaded at open, made again when missing or stale, and search by scope.
import 'fake-indexeddb/auto';
import { del, get, keys, set } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { randomUnitVectors } from '../../../test/random-vectors';
import { documentOf } from '../../../test/stored-documents';
import { Library } from './library';
import { indexKeyOf, LibraryStore, type StoredKeywordSnapshot } from './library-store';
import type { KeywordDocument } from '../../core/keyword/keyword-document';
import { bagOfWords } from '../../core/keyword/bm25';
import { analyze } from '../../core/keyword/analyzer';

const DIM = 8;
const KEY = indexKeyOf('m', 'q8', DIM);
let dbCount = 0;
const freshStore = () => new LibraryStore(`library-keywords-${++dbCount}`, 'library');
const query = (text: string) => ({ terms: bagOfWords(analyze(text)) });

const DOCS = [
  documentOf('alpha', 1, ['Otters sleep holding hands.', 'Rivers carry silt.']),
  documentOf('beta', 2, ['Glaciers carve valleys.', 'Part number XJ-9000 fits the valve.']),
];

async function openLibrary(store: LibraryStore, notes: string[] = []) {
  const library = new Library(store, { onNote: (m) => notes.push(m) });
  await library.open(KEY, 'flat-f32');
  await library.attachIndex(KEY, { modelId: 'm', dtype: 'q8', dimension: DIM }, 'flat-f32');
  return library;
}

describe('Library keyword index', () => {
  it('stores each record with its document, finds it after a reopen, and removes it with it', async () => {
    const store = freshStore();
    const library = await openLibrary(store);
    await library.add(DOCS[0]!, randomUnitVectors(2, DIM, 1));
    await library.add(DOCS[1]!, undefined);
    expect(await keys(store.db)).toEqual(
      expect.arrayContaining(['keywords:alpha', 'keywords:beta']),
    );

    const reopened = await openLibrary(store);
    const hits = await reopened.searchKeywords(query('xj 9000 valve'), 5);
    expect(hits.map((h) => [h.docId, h.chunk, h.text])).toEqual([
      ['beta', 1, 'Part number XJ-9000 fits the valve.'],
    ]);
    expect(reopened.summaries().map((d) => [d.id, d.indexed])).toEqual([
      ['alpha', true],
      ['beta', false],
    ]);

    await reopened.remove(['beta']);
    expect(await keys(store.db)).not.toContain('keywords:beta');
    expect(await reopened.searchKeywords(query('valve'), 5)).toEqual([]);
    await expect((await openLibrary(store)).searchKeywords(query('valve'), 5)).resolves.toEqual([]);
  });

  it('a failed transaction leaves neither the record nor the document, in storage or in memory', async () => {
    const store = freshStore();
    const library = await openLibrary(store);
    // A function cannot be stored: the transaction aborts after the other puts were queued.
    const broken = { ...DOCS[1]!, record: { ...DOCS[1]!.record, bad: () => 0 } };
    await expect(library.add(broken, randomUnitVectors(2, DIM, 2))).rejects.toThrow();
    expect(await get('keywords:beta', store.db)).toBeUndefined();
    expect(await get('doc:beta', store.db)).toBeUndefined();
    expect(await library.searchKeywords(query('valve'), 5)).toEqual([]);
  });

  it('makes missing or stale records again from the stored text, and drops orphans', async () => {
    const store = freshStore();
    const library = await openLibrary(store);
    for (const doc of DOCS) await library.add(doc, undefined);
    await del('keywords:alpha', store.db);
    const stale = (await get<KeywordDocument>('keywords:beta', store.db))!;
    await set('keywords:beta', { ...stale, analyzer: 'an-older-analyzer' }, store.db);
    await set('keywords:gone', stale, store.db);

    const notes: string[] = [];
    const reopened = await openLibrary(store, notes);
    expect((await reopened.searchKeywords(query('otters'), 5)).map((h) => h.docId)).toEqual([
      'alpha',
    ]);
    expect((await reopened.searchKeywords(query('valve'), 5)).map((h) => h.docId)).toEqual([
      'beta',
    ]);
    expect(notes).toContainEqual(expect.stringMatching(/2 document records were made again/));
    expect((await get<KeywordDocument>('keywords:beta', store.db))?.analyzer).not.toBe(
      'an-older-analyzer',
    );
    expect(await get('keywords:gone', store.db)).toBeUndefined();
  });

  it('searches only the documents a scope allows, and replaces a version in one step', async () => {
    const store = freshStore();
    const library = await openLibrary(store);
    for (const doc of DOCS) await library.add(doc, undefined);
    const onlyAlpha = (record: { id: string }) => record.id === 'alpha';
    expect(await library.searchKeywords(query('valve silt'), 5, onlyAlpha)).toMatchObject([
      { docId: 'alpha', chunk: 1 },
    ]);
    const newer = documentOf('beta2', 3, ['The valve was replaced.']);
    await library.add(newer, undefined, 'beta');
    expect((await library.searchKeywords(query('valve'), 5)).map((h) => h.docId)).toEqual([
      'beta2',
    ]);
    expect(await keys(store.db)).not.toContain('keywords:beta');
  });

  it('starts from the saved snapshot, reading only documents changed since from their records', async () => {
    const store = freshStore();
    const library = await openLibrary(store);
    for (const doc of DOCS) await library.add(doc, undefined);
    await library.flushKeywordSnapshot();
    expect(await keys(store.db)).toContain('keyword-snapshot');
    // Without their records, the snapshot alone must serve both documents.
    await del('keywords:alpha', store.db);
    await del('keywords:beta', store.db);

    const notes: string[] = [];
    const second = await openLibrary(store, notes);
    const found = async (lib: Library, text: string) =>
      (await lib.searchKeywords(query(text), 5)).map((h) => h.docId);
    expect(await found(second, 'otters')).toEqual(['alpha']);
    expect(await found(second, 'valve')).toEqual(['beta']);
    expect(notes).toEqual([]);
    expect(await get('keywords:alpha', store.db)).toBeUndefined();

    // Changes after the snapshot (no flush): one document added, one removed.
    await second.add(documentOf('gamma', 4, ['Valve springs and otters.']), undefined);
    await second.remove(['beta']);
    const third = await openLibrary(store, notes);
    expect(await found(third, 'valve')).toEqual(['gamma']);
    expect((await found(third, 'otters')).sort()).toEqual(['alpha', 'gamma']);
    expect(notes).toEqual([]);
  });

  it('rebuilds from the records when the snapshot is damaged, and says so', async () => {
    const store = freshStore();
    const library = await openLibrary(store);
    for (const doc of DOCS) await library.add(doc, undefined);
    await library.flushKeywordSnapshot();
    const snapshot = (await get<StoredKeywordSnapshot>('keyword-snapshot', store.db))!;
    const rows = snapshot.index.rows.slice(1); // cut short
    await set('keyword-snapshot', { ...snapshot, index: { ...snapshot.index, rows } }, store.db);

    const notes: string[] = [];
    const reopened = await openLibrary(store, notes);
    expect((await reopened.searchKeywords(query('valve'), 5)).map((h) => h.docId)).toEqual([
      'beta',
    ]);
    expect(notes).toContainEqual(
      expect.stringMatching(/saved keyword index was unusable.*postings arrays/),
    );
    // A good snapshot replaces it.
    await reopened.idle();
    const saved = (await get<StoredKeywordSnapshot>('keyword-snapshot', store.db))!;
    expect(saved.index.rows).toEqual(snapshot.index.rows);
  });
});
