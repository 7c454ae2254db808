// Tabs sharing the persistent indexing queue: each queue owns the files it stores while its Web
// Lock is held, so an opening tab adopts only the files of closed tabs (once, even when two open
// together); and files kept after the site's data was cleared. Fake locks, fake-indexeddb.
import 'fake-indexeddb/auto';
import { clear, createStore, setMany, type UseStore } from 'idb-keyval';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IngestQueue } from './ingest-queue';
import type { OwnerLocks } from './queue-owners';
import { entriesWithPrefix } from '../storage/idb-batch';
import type { IngestItem, IngestUpdate, QueueEvent } from '../../core/types/library';

/** Web Locks of one origin: exclusive, granted in order; `release` stands for a tab that died. */
class FakeLocks implements OwnerLocks {
  readonly #held = new Set<string>();
  readonly #waiting = new Map<string, Array<() => void>>();

  async request<T>(name: string, callback: () => Promise<T>): Promise<T> {
    while (this.#held.has(name)) {
      await new Promise<void>((resolve) =>
        this.#waiting.set(name, [...(this.#waiting.get(name) ?? []), resolve]),
      );
    }
    this.#held.add(name);
    try {
      return await callback();
    } finally {
      this.release(name);
    }
  }

  release(name: string): void {
    if (this.#held.delete(name)) this.#waiting.get(name)?.shift()?.();
  }

  query() {
    return Promise.resolve({ held: [...this.#held].map((name) => ({ name })) });
  }
}

let dbCount = 0;
const newStore = () => createStore(`queue-owners-${++dbCount}`, 'files');
const item = (path: string): IngestItem => ({ file: new File(['text'], path), path });
const stored = async (db: UseStore) =>
  (await entriesWithPrefix<{ path: string; owner?: string }>(db, 'file:')).map(([, r]) => r);

/** A tab's queue; `stuck`: the first file never finishes (the tab is busy indexing it). */
function tab(db: UseStore, locks: FakeLocks | null, owner: string, stuck = false) {
  const processed: string[] = [];
  const events: QueueEvent[] = [];
  const queue = new IngestQueue(
    db,
    {
      async process(it, report) {
        processed.push(it.path);
        if (stuck) await new Promise(() => {});
        report({ status: 'done' });
      },
      emit: (event) => events.push(event),
    },
    { id: owner, locks },
  );
  const rows = () => {
    const last = new Map<string, Partial<IngestUpdate>>();
    for (const e of events) for (const u of e.updates) last.set(u.name, u);
    return last;
  };
  const until = (test: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (test() ? resolve() : setTimeout(check, 5));
      check();
    });
  return { queue, processed, rows, until, state: () => events.at(-1)?.state };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('IngestQueue owners', { timeout: 5_000 }, () => {
  it('keeps the files of two tabs that queue in the same millisecond', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    const db = newStore();
    const locks = new FakeLocks();
    const a = tab(db, locks, 'owner-a', true);
    const b = tab(db, locks, 'owner-b', true);
    await Promise.all([
      a.queue.enqueue([item('a1.txt'), item('a2.txt')]),
      b.queue.enqueue([item('b1.txt'), item('b2.txt')]),
    ]);
    const records = await stored(db);
    expect(records.map((r) => r.path).sort()).toEqual(['a1.txt', 'a2.txt', 'b1.txt', 'b2.txt']);
    expect(records.map((r) => [r.path, r.owner])).toContainEqual(['b2.txt', 'owner-b']);
  });

  it("leaves an open tab's files alone and adopts them once when it closes, also with two tabs opening", async () => {
    const db = newStore();
    const locks = new FakeLocks();
    const busy = tab(db, locks, 'busy', true);
    await busy.queue.enqueue([item('a.txt'), item('b.txt')]);
    const orphaned = tab(db, locks, 'orphaned', true);
    await orphaned.queue.enqueue([item('c.txt')]);
    locks.release('sieve-queue-owner:orphaned'); // that tab closed

    // Two tabs open together: the closed tab's file goes to one of them, once.
    const [first, second] = [tab(db, locks, 'first'), tab(db, locks, 'second')];
    const counts = await Promise.all([first.queue.restore(), second.queue.restore()]);
    expect([...counts].sort()).toEqual([0, 1]);
    await Promise.all([first, second].map((t) => t.until(() => (t.state()?.remaining ?? 0) === 0)));
    expect([...first.processed, ...second.processed]).toEqual(['c.txt']);

    // The busy tab's files wait until it closes (or is reloaded); then one open tab takes them.
    expect((await stored(db)).map((r) => r.owner)).toEqual(['busy', 'busy']);
    locks.release('sieve-queue-owner:busy');
    await first.until(() => first.processed.length + second.processed.length === 3);
    const all = [...first.processed, ...second.processed].sort();
    expect(all).toEqual(['a.txt', 'b.txt', 'c.txt']);
    await Promise.all([first, second].map((t) => t.until(() => (t.state()?.remaining ?? 0) === 0)));
    expect(await stored(db)).toEqual([]);
  });

  it('an adopted file is not taken again by a tab that opens while the adopter indexes it', async () => {
    const db = newStore();
    const locks = new FakeLocks();
    await tab(db, locks, 'gone', true).queue.enqueue([item('a.txt')]);
    locks.release('sieve-queue-owner:gone');
    const adopter = tab(db, locks, 'adopter', true);
    expect(await adopter.queue.restore()).toBe(1);
    expect((await stored(db)).map((r) => r.owner)).toEqual(['adopter']);
    expect(await tab(db, locks, 'later').queue.restore()).toBe(0);
  });

  it('restores files stored before owners existed, in key order', async () => {
    const db = newStore();
    const old = (path: string, key: string): [string, unknown] => [
      `file:${key}`,
      { ...item(path), key },
    ];
    await setMany(
      [old('b.txt', '001700000000001-0000000'), old('a.txt', '001700000000000-0000003')],
      db,
    );
    const opened = tab(db, new FakeLocks(), 'opened');
    expect(await opened.queue.restore()).toBe(2);
    await opened.until(() => opened.state()?.remaining === 0);
    expect(opened.processed).toEqual(['a.txt', 'b.txt']);
  });

  it('without Web Locks takes every stored file, as before', async () => {
    const db = newStore();
    await tab(db, null, 'a', true).queue.enqueue([item('a.txt')]);
    expect(await tab(db, null, 'b', true).queue.restore()).toBe(1);
  });

  it('after the site data was cleared, stores the readable waiting files again and drops the rest', async () => {
    const db = newStore();
    const t = tab(db, new FakeLocks(), 'me', true);
    const unreadable = item('gone.txt');
    // Its data went with the site's data: reading it fails.
    unreadable.file.slice = () =>
      ({ arrayBuffer: () => Promise.reject(new DOMException('gone', 'NotReadableError')) }) as Blob;
    await t.queue.enqueue([item('running.txt'), unreadable, item('kept.txt')]);
    await t.until(() => t.processed.length === 1);
    await clear(db);

    await t.queue.keepAfterStorageLoss();
    expect((await stored(db)).map((r) => [r.path, r.owner])).toEqual([['kept.txt', 'me']]);
    await t.until(() => t.rows().get('gone.txt')?.status === 'failed');
    expect(t.rows().get('gone.txt')?.message).toMatch(/^Lost when this site's data was cleared/);
    expect(t.rows().get('kept.txt')?.status).toBe('queued');
    expect(t.state()?.remaining).toBe(2); // the running file and kept.txt
  });
});
