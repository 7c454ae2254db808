// Two "tabs" in one process: Node's BroadcastChannel delivers between instances like browser
// tabs; the lock manager is a small fake with the Web Locks semantics (one holder per name).
import { afterEach, describe, expect, it } from 'vitest';
import { TabSync, type LockManagerLike } from './tab-sync';

class FakeLocks implements LockManagerLike {
  readonly #tails = new Map<string, Promise<unknown>>();
  request<T>(name: string, callback: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(name) ?? Promise.resolve();
    const run = before.then(callback, callback);
    this.#tails.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  }
}

const open: TabSync[] = [];
function tab(name: string, locks?: LockManagerLike) {
  const heard: number[] = [];
  const sync = new TabSync({ name, settleMs: 20, locks, onOtherTab: () => heard.push(Date.now()) });
  open.push(sync);
  return { sync, heard };
}
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
afterEach(() => open.splice(0).forEach((sync) => sync.close()));

describe('TabSync', () => {
  it('tells the other tabs of a change, once per burst, and never the tab that made it', async () => {
    const a = tab('sync-test-1');
    const b = tab('sync-test-1');
    const elsewhere = tab('sync-test-other');
    for (let i = 0; i < 5; i++) a.sync.announce();
    await wait(80);
    expect(b.heard).toHaveLength(1);
    expect(a.heard).toHaveLength(0);
    expect(elsewhere.heard).toHaveLength(0);
  });

  it('runs the writes of two tabs one after the other, never interleaved', async () => {
    const locks = new FakeLocks();
    const a = tab('sync-test-2', locks);
    const b = tab('sync-test-2', locks);
    const log: string[] = [];
    const write = (who: string) => async () => {
      log.push(`${who} start`);
      await wait(10);
      log.push(`${who} end`);
      return who;
    };
    const results = await Promise.all([
      a.sync.exclusive(write('a')),
      b.sync.exclusive(write('b')),
      a.sync.exclusive(write('a2')),
    ]);
    expect(results).toEqual(['a', 'b', 'a2']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'a2 start', 'a2 end']);
  });

  it('a failed write releases the lock for the next one', async () => {
    const locks = new FakeLocks();
    const a = tab('sync-test-3', locks);
    await expect(a.sync.exclusive(() => Promise.reject(new Error('full')))).rejects.toThrow('full');
    await expect(a.sync.exclusive(async () => 'next')).resolves.toBe('next');
  });
});
