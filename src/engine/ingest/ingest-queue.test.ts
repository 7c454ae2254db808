// The persistent indexing queue on fake-indexeddb with a scripted `process` (the real pipeline
// is tested in ingest.test.ts): order, events, pause and resume, cancel, restore after a reload.
import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { IngestQueue, type QueueHooks } from './ingest-queue';
import type { IngestItem, QueueEvent } from '../../core/types/library';

let dbCount = 0;
const item = (path: string, bytes = 10): IngestItem => ({
  file: new File(['x'.repeat(bytes)], path),
  path,
});

function harness(db = createStore(`queue-test-${++dbCount}`, 'files')) {
  const events: QueueEvent[] = [];
  const processed: string[] = [];
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  const hooks: QueueHooks = {
    async process(it, report, checkpoint) {
      processed.push(it.path);
      report({ status: 'extracting' });
      try {
        await gate;
        for (let batch = 0; batch < 3; batch++) {
          await checkpoint();
          report({ status: 'embedding', done: batch, total: 3 });
        }
        report({ status: 'done' });
      } catch {
        report({ status: 'cancelled' });
      }
    },
    emit: (event) => events.push(event),
  };
  const queue = new IngestQueue(db, hooks);
  const hold = () => (gate = new Promise((resolve) => (open = resolve)));
  const statuses = () => {
    const last = new Map<string, string>();
    for (const e of events) for (const u of e.updates) last.set(u.name, u.status);
    return Object.fromEntries(last);
  };
  const settled = () =>
    new Promise<void>((resolve) => {
      const check = () => (events.at(-1)?.state.remaining === 0 ? resolve() : setTimeout(check, 5));
      check();
    });
  return { db, queue, events, processed, hold, release: () => open(), statuses, settled };
}

describe('IngestQueue', () => {
  it('indexes queued files in order and reports each one with the queue state', async () => {
    const h = harness();
    await h.queue.enqueue([item('a.txt'), item('b.txt')]);
    await h.queue.enqueue([item('c.txt')]);
    await h.settled();
    expect(h.processed).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(h.statuses()).toEqual({ 'a.txt': 'done', 'b.txt': 'done', 'c.txt': 'done' });
    expect(h.events.at(-1)!.state).toMatchObject({ paused: false, remaining: 0 });
    expect(h.events.some((e) => e.state.etaMs !== undefined)).toBe(true);
  });

  it('pauses at the next checkpoint and resumes where it stopped', async () => {
    const h = harness();
    void h.hold();
    await h.queue.enqueue([item('a.txt'), item('b.txt')]);
    h.queue.pause();
    h.release();
    await new Promise((r) => setTimeout(r, 150));
    expect(h.statuses()['a.txt']).toBe('extracting');
    expect(h.events.at(-1)!.state).toMatchObject({ paused: true, remaining: 2 });
    h.queue.resume();
    await h.settled();
    expect(h.statuses()).toEqual({ 'a.txt': 'done', 'b.txt': 'done' });
  });

  it('cancel stops the running file and drops the waiting ones, also from storage', async () => {
    const h = harness();
    void h.hold();
    await h.queue.enqueue([item('a.txt'), item('b.txt'), item('c.txt')]);
    h.queue.pause();
    h.release();
    await h.queue.cancel();
    await h.settled();
    expect(h.statuses()).toEqual({
      'a.txt': 'cancelled',
      'b.txt': 'cancelled',
      'c.txt': 'cancelled',
    });
    expect(h.processed).toEqual(['a.txt']);
    const reloaded = harness(h.db);
    expect(await reloaded.queue.restore()).toBe(0);
  });

  it('after a reload, files that had not finished are indexed again, in order', async () => {
    const first = harness();
    void first.hold(); // The "tab" dies while a.txt is being processed.
    await first.queue.enqueue([item('a.txt'), item('b.txt')]);
    const reloaded = harness(first.db);
    expect(await reloaded.queue.restore()).toBe(2);
    await reloaded.settled();
    expect(reloaded.processed).toEqual(['a.txt', 'b.txt']);
    expect(await harness(first.db).queue.restore()).toBe(0);
  });
});
