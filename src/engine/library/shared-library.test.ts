// Two tabs' libraries on one fake-indexeddb database: a tab whose copy is stale reads the library
// again before it writes (instead of failing with a conflict), and a tab hears another's changes.
import 'fake-indexeddb/auto';
import { keys } from 'idb-keyval';
import { afterEach, describe, expect, it } from 'vitest';
import { randomUnitVectors } from '../../../test/random-vectors';
import { documentOf } from '../../../test/stored-documents';
import type { LibraryChange } from '../../core/types/library';
import { indexKeyOf, LibraryStore } from './library-store';
import { SharedLibrary } from './shared-library';

const DIM = 8;
const KEY = indexKeyOf('m', 'q8', DIM);
const IDENTITY = { modelId: 'm', dtype: 'q8', dimension: DIM };
let dbCount = 0;
const opened: SharedLibrary[] = [];
afterEach(() => opened.splice(0).forEach((tab) => tab.close()));

/** A tab: its own SharedLibrary (and connection) on database `name`, opened and attached. */
async function tab(name: string, revision?: string) {
  const changes: LibraryChange[] = [];
  const store = new LibraryStore(name, 'library');
  const shared = new SharedLibrary(store, { onChange: (change) => changes.push(change) });
  opened.push(shared);
  await shared.open(KEY, 'flat-f32');
  await shared.attach(KEY, IDENTITY, 'flat-f32', revision);
  const ids = () =>
    shared.library
      .summaries()
      .map((d) => d.id)
      .sort();
  return { shared, changes, ids, store };
}

const add = (shared: SharedLibrary, id: string, seed: number) =>
  shared.write(() =>
    shared.library.add(
      documentOf(id, seed, [`${id} one.`, `${id} two.`]),
      randomUnitVectors(2, DIM, seed),
    ),
  );

describe('SharedLibrary', () => {
  it('a stale tab reads the library again before writing, so both writes land', async () => {
    const name = `shared-test-${++dbCount}`;
    const a = await tab(name);
    const b = await tab(name);
    await add(a.shared, 'from-a', 1);
    // b still holds the manifest it read before a's write.
    expect(await b.shared.library.isCurrent()).toBe(false);
    await add(b.shared, 'from-b', 2);
    expect(b.ids()).toEqual(['from-a', 'from-b']);
    expect(await b.shared.library.isCurrent()).toBe(true);
    const hits = await b.shared.library.search(randomUnitVectors(1, DIM, 1), 1);
    expect(hits[0]?.docId).toBe('from-a');

    const reopened = await tab(name);
    expect(reopened.ids()).toEqual(['from-a', 'from-b']);
  });

  it("hears another tab's change and announces the library as it is now", async () => {
    const name = `shared-test-${++dbCount}`;
    const a = await tab(name);
    const b = await tab(name);
    await add(a.shared, 'first', 3);
    await add(a.shared, 'second', 4);
    await expect.poll(() => b.ids(), { timeout: 2000 }).toEqual(['first', 'second']);
    const before = b.changes.length;
    await a.shared.remove(() => ['first']);
    await expect.poll(() => b.ids(), { timeout: 2000 }).toEqual(['second']);
    // Reading the library again announces its collections too (after its documents: poll).
    const collectionsSince = () =>
      b.changes
        .slice(before)
        .findLast((change) => change.collections)
        ?.collections?.map((c) => c.id);
    await expect.poll(collectionsSince, { timeout: 2000 }).toEqual(['default']);
  });

  it('changed weights fill a new space from the texts; the old one goes once it is complete', async () => {
    const name = `shared-test-${++dbCount}`;
    const first = await tab(name, 'rev-a');
    await add(first.shared, 'doc', 5);
    first.shared.close();

    const later = await tab(name, 'rev-b');
    const notice = later.changes.find((change) => change.notice)?.notice;
    expect(notice).toMatch(/model's files changed .* re-embedding 1 document/);
    // The document is listed, without vectors of the new weights yet; the old space is kept.
    expect(later.shared.library.summaries().map((d) => [d.id, d.indexed])).toEqual([
      ['doc', false],
    ]);
    expect(later.shared.library.indexKey).toBe(`${KEY}@rev-b`);
    expect(await keys(later.store.db)).toContain(`manifest:${KEY}`);
    await later.shared.finishRevision(); // not complete: nothing dropped
    expect(await keys(later.store.db)).toContain(`manifest:${KEY}`);

    await later.shared.library.setVectors('doc', randomUnitVectors(2, DIM, 9));
    await later.shared.finishRevision();
    expect(await keys(later.store.db)).not.toContain(`manifest:${KEY}`);
    const reopened = await tab(name, 'rev-b');
    expect(reopened.shared.library.indexKey).toBe(`${KEY}@rev-b`);
    expect(reopened.shared.library.summaries().map((d) => d.indexed)).toEqual([true]);
  });
});
