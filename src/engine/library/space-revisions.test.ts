// Which stored space holds the vectors of the loaded weights, on fake-indexeddb: revisions are
// adopted the first time, a change opens a new space that replaces the old one once complete.
import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { SpaceRevisions } from './space-revisions';

let dbCount = 0;
const fresh = () => new SpaceRevisions(createStore(`revisions-test-${++dbCount}`, 'library'));
const BASE = 'm|q8|full';

describe('SpaceRevisions', () => {
  it('keeps the base space for unknown weights and adopts the first revision it sees', async () => {
    const spaces = fresh();
    expect(await spaces.choose(BASE, undefined)).toEqual({ key: BASE });
    expect(await spaces.choose(BASE, 'aaaa')).toEqual({ key: BASE });
    expect(await spaces.choose(BASE, 'aaaa')).toEqual({ key: BASE });
    expect(await spaces.current(BASE)).toBe(BASE);
  });

  it('puts changed weights in a new space that replaces the old one when finished', async () => {
    const spaces = fresh();
    await spaces.choose(BASE, 'aaaa');
    expect(await spaces.choose(BASE, 'bbbb')).toEqual({ key: `${BASE}@bbbb`, replacing: BASE });
    expect(await spaces.current(BASE)).toBe(`${BASE}@bbbb`);
    // A restart mid-way: same weights, same space, nothing new to say.
    expect(await spaces.choose(BASE, 'bbbb')).toEqual({ key: `${BASE}@bbbb` });
    expect(await spaces.finish(BASE)).toBe(BASE);
    expect(await spaces.finish(BASE)).toBeUndefined();
  });

  it('a second change before the first finished keeps the last complete space, drops the partial one', async () => {
    const spaces = fresh();
    await spaces.choose(BASE, 'aaaa');
    await spaces.choose(BASE, 'bbbb');
    expect(await spaces.choose(BASE, 'cccc')).toEqual({
      key: `${BASE}@cccc`,
      replacing: BASE,
      abandoned: `${BASE}@bbbb`,
    });
    expect(await spaces.finish(BASE)).toBe(BASE);
  });
});
