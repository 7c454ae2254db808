// Two tabs' libraries on one fake-indexeddb database: a tab whose copy is stale reads the library
// again before it writes (instead of failing with a conflict), and a tab hears another's changes.
import 'fake-indexeddb/auto';
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
async function tab(name: string) {
  const changes: LibraryChange[] = [];
  const shared = new SharedLibrary(new LibraryStore(name, 'library'), {
    onChange: (change) => changes.push(change),
  });
  opened.push(shared);
  await shared.open(KEY, 'flat-f32');
  await shared.attach(KEY, IDENTITY, 'flat-f32');
  const ids = () =>
    shared.library
      .summaries()
      .map((d) => d.id)
      .sort();
  return { shared, changes, ids };
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
    await a.shared.remove(() => ['first']);
    await expect.poll(() => b.ids(), { timeout: 2000 }).toEqual(['second']);
    expect(b.changes.at(-1)?.collections?.map((c) => c.id)).toEqual(['default']);
  });
});
