// The worker's Library on fake-indexeddb: lazy loading at open, one transaction per change,
// removal across vector spaces, and the tidying of records nothing refers to.
import 'fake-indexeddb/auto';
import { get, keys, set } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { randomUnitVectors } from '../../../test/random-vectors';
import { documentOf } from '../../../test/stored-documents';
import { applyDocumentChange } from '../../core/library-change';
import type { DocumentSummary, LibraryChange } from '../../core/types/library';
import { Library } from './library';
import { indexKeyOf, LibraryStore } from './library-store';
import { VectorStore, manifestKey, segmentKey } from '../index/vector-store/vector-store';
import { commit } from '../storage/idb-batch';

const DIM = 8;
const identity = (dtype = 'q8', dimension = DIM) => ({ modelId: 'm', dtype, dimension });
const KEY = indexKeyOf('m', 'q8', DIM);
let dbCount = 0;
const freshStore = () => new LibraryStore(`library-test-${++dbCount}`, 'library');

const DOCS = [
  documentOf('alpha', 1, ['Alpha one.', 'Alpha two.']),
  documentOf('beta', 2, ['Beta one.', 'Beta two.', 'Beta three.']),
  documentOf('gamma', 3, ['Gamma only.']),
];

async function filledLibrary(store: LibraryStore) {
  const library = new Library(store);
  await library.open(KEY, 'flat-f32');
  await library.attachIndex(KEY, identity(), 'flat-f32');
  const vectors = new Map<string, Float32Array>();
  for (const [i, doc] of DOCS.entries()) {
    const v = randomUnitVectors(doc.record.chunkCount, DIM, i + 1);
    vectors.set(doc.record.id, v);
    await library.add(doc, v);
  }
  return { library, vectors };
}

describe('Library', () => {
  it('loads stored vectors lazily at open and finds the same chunks, with their text', async () => {
    const store = freshStore();
    const { library, vectors } = await filledLibrary(store);
    const query = vectors.get('beta')!.slice(2 * DIM, 3 * DIM);
    const before = await library.search(query, 3);
    expect(before[0]).toMatchObject({
      docId: 'beta',
      chunk: 2,
      text: 'Beta three.',
      docName: 'beta.txt',
    });

    const progress: unknown[] = [];
    const reopened = new Library(store, { onIndexLoad: (p) => progress.push(p) });
    await reopened.open(KEY, 'flat-int8');
    expect(reopened.summaries().map((d) => [d.id, d.indexed])).toEqual([
      ['alpha', true],
      ['beta', true],
      ['gamma', true],
    ]);
    expect(await reopened.search(query, 3)).toEqual(before);
    expect(progress).toEqual([{ rows: 6, total: 6 }, undefined]);
    expect(await reopened.withoutVectors()).toEqual([]);
  });

  it('removes a document with its text and its rows in every vector space', async () => {
    const store = freshStore();
    const { library } = await filledLibrary(store);
    // The same documents embedded by another dtype (e.g. before a settings change).
    const other = new Library(store);
    const otherKey = indexKeyOf('m', 'fp32', DIM);
    await other.attachIndex(otherKey, identity('fp32'), 'flat-f32');
    for (const doc of await other.withoutVectors()) {
      await other.setVectors(doc.record.id, randomUnitVectors(doc.record.chunkCount, DIM, 7));
    }

    await library.remove(['beta']);
    expect(library.summaries().map((d) => d.id)).toEqual(['alpha', 'gamma']);
    expect(library.vectorCount).toBe(3);
    const stored = await keys<string>(store.db);
    expect(stored.filter((k) => k.includes('beta'))).toEqual([]);
    const otherStore = await VectorStore.open(store.db, otherKey);
    expect([...otherStore.docIds()].sort()).toEqual(['alpha', 'gamma']);
    expect(otherStore.count).toBe(3);
  });

  it('tidies orphaned rows, unreferenced segments and legacy vector records at open', async () => {
    const store = freshStore();
    await filledLibrary(store);
    // Rows of a document whose records are gone, as an older version could leave them.
    const vectors = await VectorStore.open(store.db, KEY);
    const change = await vectors.replaceChange('ghost', randomUnitVectors(2, DIM, 9), identity());
    await commit(store.db, change.batch, [change.guard]);
    await set(segmentKey(KEY, 999), { vectors: new Float32Array(DIM) }, store.db);
    await set(`vectors:${KEY}:alpha`, new Float32Array(2 * DIM), store.db);

    const notes: string[] = [];
    const library = new Library(store, { onNote: (m) => notes.push(m) });
    await library.open(KEY, 'flat-f32');
    await library.idle();
    expect(notes).toEqual([]);
    const reopened = await VectorStore.open(store.db, KEY);
    expect([...reopened.docIds()].sort()).toEqual(['alpha', 'beta', 'gamma']);
    const stored = await keys<string>(store.db);
    expect(stored.filter((k) => k.startsWith('vectors:') || k === segmentKey(KEY, 999))).toEqual(
      [],
    );
    expect(library.vectorCount).toBe(6);
  });

  it('drops a damaged index with a note, so its documents are re-embedded', async () => {
    const store = freshStore();
    await filledLibrary(store);
    const manifest = await get(manifestKey(KEY), store.db);
    await set(manifestKey(KEY), { ...manifest, count: 1 }, store.db);

    const notes: string[] = [];
    const library = new Library(store, { onNote: (m) => notes.push(m) });
    await library.open(KEY, 'flat-f32');
    expect(notes).toEqual([
      expect.stringMatching(/unusable: holds 6 rows, not 1\. It was deleted/),
    ]);
    expect((await library.withoutVectors()).map((d) => d.record.id)).toEqual([
      'alpha',
      'beta',
      'gamma',
    ]);
    await library.idle();
    expect((await keys<string>(store.db)).filter((k) => k.startsWith('segment:'))).toEqual([]);
  });

  it('drops stored vectors whose dimension differs from what the model now produces', async () => {
    const store = freshStore();
    await filledLibrary(store);
    const notes: string[] = [];
    const library = new Library(store, { onNote: (m) => notes.push(m) });
    await library.attachIndex(KEY, identity('q8', 4), 'flat-f32');
    expect(notes).toEqual([
      expect.stringMatching(/Stored 8-d vectors do not match this model's 4 dims/),
    ]);
    expect(await library.withoutVectors()).toHaveLength(3);
    await library.setVectors('alpha', randomUnitVectors(2, 4, 1));
    expect(library.vectorCount).toBe(2);
  });

  it('announces every change, so that a page applying them holds what summaries() returns', async () => {
    const store = freshStore();
    await filledLibrary(store);
    const changes: LibraryChange[] = [];
    let page: DocumentSummary[] = [];
    const library = new Library(store, {
      onChange: (change) => {
        changes.push(change);
        page = applyDocumentChange(page, change) ?? page;
      },
    });
    const matches = () => expect(page).toEqual(library.summaries());

    // Another vector space: every document listed, none with vectors.
    const otherKey = indexKeyOf('m', 'fp32', DIM);
    await library.open(otherKey, 'flat-f32');
    expect(changes.at(-1)?.documents?.map((d) => [d.id, d.indexed])).toEqual([
      ['alpha', false],
      ['beta', false],
      ['gamma', false],
    ]);
    await library.attachIndex(otherKey, identity('fp32'), 'flat-f32');
    await library.setVectors('beta', randomUnitVectors(3, DIM, 4));
    expect(changes.at(-1)).toEqual({
      upserted: [expect.objectContaining({ id: 'beta', indexed: true })],
    });
    matches();

    // A new version of alpha replaces it; then gamma is removed.
    const alpha2 = documentOf('alpha2', 4, ['Alpha, revised.']);
    await library.add(alpha2, randomUnitVectors(1, DIM, 5), 'alpha');
    expect(changes.at(-1)).toMatchObject({ removed: ['alpha'], upserted: [{ id: 'alpha2' }] });
    await library.remove(['gamma']);
    expect(changes.at(-1)).toEqual({ removed: ['gamma'] });
    matches();
    expect(page.map((d) => d.id)).toEqual(['beta', 'alpha2']);
  });
});
