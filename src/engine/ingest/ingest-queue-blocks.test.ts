// Which outcomes keep a file in the indexing queue: a block (model, storage) keeps it stored and
// waits until its cause is gone or Retry; a failure of the file's own lets it go but keeps it for a
// per-file Retry. The queue on fake-indexeddb with a scripted `process`.
import 'fake-indexeddb/auto';
import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { IngestQueue } from './ingest-queue';
import type { IngestItem, QueueBlock, QueueEvent } from '../../core/types/library';

type Outcome = 'done' | 'failed' | QueueBlock;

const MODEL_DOWN: QueueBlock = { cause: 'model', message: 'model unavailable' };
const CONFLICT: QueueBlock = { cause: 'storage-conflict', message: 'another tab' };

let dbCount = 0;
const item = (path: string): IngestItem => ({ file: new File(['text'], path), path });

/** `script[path]` lists the outcomes of successive tries of that file ('done' once it runs out). */
function harness(script: Record<string, Outcome[]>) {
  const db = createStore(`queue-blocks-${++dbCount}`, 'files');
  const events: QueueEvent[] = [];
  const tries: string[] = [];
  const recovered: QueueBlock[] = [];
  const queue = new IngestQueue(db, {
    async process(it, report) {
      tries.push(it.path);
      const outcome = script[it.path]?.shift() ?? 'done';
      if (outcome === 'done') return report({ status: 'done' });
      if (outcome === 'failed') return report({ status: 'failed', message: 'damaged' });
      report({ status: 'queued' });
      return outcome;
    },
    emit: (event) => events.push(event),
    recover: async (block) => void recovered.push(block),
  });
  const last = () => {
    const rows = new Map<string, { status: string; retryable?: boolean; key: string }>();
    for (const e of events) for (const u of e.updates) rows.set(u.name, u);
    return rows;
  };
  const state = () => events.at(-1)?.state;
  const until = (test: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (test() ? resolve() : setTimeout(check, 5));
      check();
    });
  const stored = () => new IngestQueue(db, { process: async () => {}, emit: () => {} }).restore();
  return { queue, tries, recovered, last, state, until, stored };
}

describe('IngestQueue blocks', () => {
  it('keeps a blocked file stored, stops before later files, and goes on when the cause is gone', async () => {
    const h = harness({ 'a.txt': [MODEL_DOWN] });
    await h.queue.enqueue([item('a.txt'), item('b.txt')]);
    await h.until(() => h.state()?.blocked !== undefined);
    expect(h.state()).toMatchObject({ blocked: MODEL_DOWN, remaining: 2 });
    expect(h.tries).toEqual(['a.txt']);
    expect(h.last().get('a.txt')?.status).toBe('queued');
    // Both files are still in IndexedDB: a reload now would find them.
    expect(await h.stored()).toBe(2);

    h.queue.unblock('storage-full'); // not what it waits for
    await new Promise((r) => setTimeout(r, 30));
    expect(h.tries).toEqual(['a.txt']);

    h.queue.unblock('model');
    await h.until(() => h.state()?.remaining === 0);
    expect(h.tries).toEqual(['a.txt', 'a.txt', 'b.txt']);
    expect(h.state()?.blocked).toBeUndefined();
    expect([...h.last().values()].map((row) => row.status)).toEqual(['done', 'done']);
    expect(h.recovered).toEqual([MODEL_DOWN]);
    expect(await h.stored()).toBe(0);
  });

  it('Retry tries the blocked file again, and it blocks again while the cause lasts', async () => {
    const h = harness({ 'a.txt': [MODEL_DOWN, MODEL_DOWN] });
    await h.queue.enqueue([item('a.txt')]);
    await h.until(() => h.tries.length === 1 && h.state()?.blocked !== undefined);
    h.queue.retry();
    await h.until(() => h.tries.length === 2 && h.state()?.blocked !== undefined);
    expect(h.state()?.remaining).toBe(1);
    h.queue.retry();
    await h.until(() => h.state()?.remaining === 0);
    expect(h.last().get('a.txt')?.status).toBe('done');
  });

  it("re-reads another tab's writes and retries by itself, then asks after three in a row", async () => {
    const h = harness({ 'a.txt': [CONFLICT], 'b.txt': [CONFLICT, CONFLICT, CONFLICT, CONFLICT] });
    await h.queue.enqueue([item('a.txt'), item('b.txt')]);
    await h.until(() => h.state()?.blocked !== undefined && h.tries.length === 6);
    // a: conflict, recovered, done; b: three automatic retries, the fourth conflict waits.
    expect(h.tries).toEqual(['a.txt', 'a.txt', 'b.txt', 'b.txt', 'b.txt', 'b.txt']);
    expect(h.recovered).toHaveLength(4);
    expect(h.state()).toMatchObject({ blocked: CONFLICT, remaining: 1 });
    h.queue.retry();
    await h.until(() => h.state()?.remaining === 0);
    expect(h.last().get('b.txt')?.status).toBe('done');
  });

  it('lets a file that failed on its own go, and Retry queues it again under its key', async () => {
    const h = harness({ 'bad.txt': ['failed', 'failed'] });
    await h.queue.enqueue([item('bad.txt'), item('good.txt')]);
    await h.until(() => h.state()?.remaining === 0);
    const failed = h.last().get('bad.txt')!;
    expect(failed).toMatchObject({ status: 'failed', retryable: true });
    expect(h.state()?.blocked).toBeUndefined();
    expect(await h.stored()).toBe(0);

    await h.queue.retryFile(failed.key);
    await h.until(() => h.tries.length === 3);
    await new Promise((r) => setTimeout(r, 150)); // one throttled event later
    expect(h.last().get('bad.txt')).toMatchObject({ message: 'damaged (tried 2 times)' });
    await h.queue.retryFile(failed.key);
    await h.until(() => h.last().get('bad.txt')?.status === 'done');
    expect(h.last().get('bad.txt')?.key).toBe(failed.key);
    expect(h.tries).toEqual(['bad.txt', 'good.txt', 'bad.txt', 'bad.txt']);
  });

  it('forgets failed files once the page clears them', async () => {
    const h = harness({ 'bad.txt': ['failed'] });
    await h.queue.enqueue([item('bad.txt')]);
    await h.until(() => h.state()?.remaining === 0);
    h.queue.forgetFinished();
    await h.queue.retryFile(h.last().get('bad.txt')!.key);
    expect(h.tries).toEqual(['bad.txt']);
  });

  it('cancel while blocked drops the kept files from the queue and from storage', async () => {
    const h = harness({ 'a.txt': [MODEL_DOWN] });
    await h.queue.enqueue([item('a.txt'), item('b.txt')]);
    await h.until(() => h.state()?.blocked !== undefined);
    await h.queue.cancel();
    await h.until(() => h.state()?.remaining === 0 && h.state()?.blocked === undefined);
    expect([...h.last().values()].map((row) => row.status)).toEqual(['cancelled', 'cancelled']);
    expect(h.tries).toEqual(['a.txt']);
    expect(await h.stored()).toBe(0);
  });
});
