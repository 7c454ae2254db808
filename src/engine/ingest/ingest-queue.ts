// The background indexing queue in the embedder worker: dropped files are stored in IndexedDB
// (Blobs, so a reload or crash loses none), indexed one at a time in order, and reported in
// throttled events. Pause waits at the next checkpoint; cancel empties the queue.
import { delMany, setMany, type UseStore } from 'idb-keyval';
import { entriesWithPrefix } from '../storage/idb-batch';
import { formatBytes } from '../../core/format';
import { IngestCancelledError, type Report } from './ingest-file';
import {
  FINAL_STATUSES,
  type IngestItem,
  type IngestUpdate,
  type QueueEvent,
  type QueueState,
} from '../../core/types/library';

interface StoredItem extends IngestItem {
  key: string;
}

export interface QueueHooks {
  /** Indexes one file; its last report is its final status. */
  process(item: IngestItem, report: Report, checkpoint: () => Promise<void>): Promise<void>;
  emit(event: QueueEvent): void;
  /** All queued files are finished or cancelled. */
  drained?(): Promise<void>;
}

const ITEM_PREFIX = 'file:';
/** Events are merged and sent at most this often (thousands of tiny files). */
const EMIT_MS = 100;

export class IngestQueue {
  #waiting: StoredItem[] = [];
  #paused = false;
  #cancelled = false;
  #running = false;
  #resume: (() => void) | undefined;
  #sequence = 0;
  #updates = new Map<string, IngestUpdate>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Measured cost of finished files, for the ETA. */
  #spentMs = 0;
  #spentBytes = 0;
  #current: { item: StoredItem; started: number; fraction: number } | undefined;

  constructor(
    private readonly db: UseStore,
    private readonly hooks: QueueHooks,
  ) {}

  /** Files an earlier session queued and did not finish; they are indexed again, in order. */
  async restore(): Promise<number> {
    // Only the file records (the store also holds pending vectors), in key order = queue order.
    const stored = (await entriesWithPrefix<StoredItem>(this.db, ITEM_PREFIX)).map(([, i]) => i);
    this.#add(stored);
    return stored.length;
  }

  /** Stores the files first (one transaction), then queues them. */
  async enqueue(items: readonly IngestItem[]): Promise<void> {
    const stamp = String(Date.now()).padStart(15, '0');
    const stored = items.map((item) => ({
      ...item,
      key: `${stamp}-${String(this.#sequence++).padStart(7, '0')}`,
    }));
    try {
      // One transaction: all the files are queued, or none.
      await setMany(
        stored.map((item) => [`${ITEM_PREFIX}${item.key}`, item]),
        this.db,
      );
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'QuotaExceededError')) throw error;
      const bytes = items.reduce((sum, item) => sum + item.file.size, 0);
      throw new Error(
        `browser storage is full, so ${items.length === 1 ? 'this file' : `these ${items.length} files`} (${formatBytes(bytes)}) could not be kept for indexing. Free some space (documents, or models in Models & storage) and add ${items.length === 1 ? 'it' : 'them'} again.`,
        { cause: error },
      );
    }
    this.#add(stored);
  }

  pause(): void {
    this.#paused = true;
    this.#emitSoon();
  }

  resume(): void {
    this.#paused = false;
    this.#resume?.();
    this.#emitSoon();
  }

  /** The running file stops at its next checkpoint; every waiting file is dropped. */
  async cancel(): Promise<void> {
    const dropped = this.#waiting;
    this.#waiting = [];
    this.#cancelled = this.#current !== undefined;
    for (const item of dropped) this.#report(item, { status: 'cancelled' });
    await delMany(
      dropped.map((item) => `${ITEM_PREFIX}${item.key}`),
      this.db,
    );
    this.resume();
  }

  state(): QueueState {
    const remaining = this.#waiting.length + (this.#current ? 1 : 0);
    return { paused: this.#paused, remaining, etaMs: this.#eta() };
  }

  #add(items: StoredItem[]): void {
    if (items.length === 0) return;
    this.#waiting.push(...items);
    for (const item of items) this.#report(item, { status: 'queued' });
    if (this.#running) return;
    this.#running = true;
    void this.#run().finally(() => (this.#running = false));
  }

  async #run(): Promise<void> {
    for (;;) {
      const item = this.#waiting.shift();
      if (!item) {
        await this.hooks.drained?.();
        // Files queued while the hook ran start a new round.
        if (this.#waiting.length > 0) continue;
        break;
      }
      const current = { item, started: performance.now(), fraction: 0 };
      this.#current = current;
      const outcome = { status: 'failed' as IngestUpdate['status'] };
      await this.hooks.process(
        item,
        (update) => {
          if (update.status === 'embedding' && update.total) {
            current.fraction = (update.done ?? 0) / update.total;
          }
          if (FINAL_STATUSES.has(update.status)) outcome.status = update.status;
          this.#report(item, update);
        },
        () => this.#checkpoint(),
      );
      this.#current = undefined;
      this.#cancelled = false;
      if (outcome.status === 'done') {
        this.#spentMs += performance.now() - current.started;
        this.#spentBytes += item.file.size;
      }
      await delMany([`${ITEM_PREFIX}${item.key}`], this.db);
      this.#emitSoon();
    }
    this.#flush();
  }

  /** Waits while paused; throws once the running file is cancelled. */
  async #checkpoint(): Promise<void> {
    while (this.#paused && !this.#cancelled) {
      await new Promise<void>((resolve) => (this.#resume = resolve));
    }
    if (this.#cancelled && this.#current) throw new IngestCancelledError();
  }

  #eta(): number | undefined {
    if (this.#spentBytes === 0) return undefined;
    const msPerByte = this.#spentMs / this.#spentBytes;
    const waitingBytes = this.#waiting.reduce((sum, item) => sum + item.file.size, 0);
    const current = this.#current;
    const currentBytes = current ? current.item.file.size * (1 - current.fraction) : 0;
    return Math.round(msPerByte * (waitingBytes + currentBytes));
  }

  #report(item: StoredItem, update: Omit<IngestUpdate, 'key' | 'name'>): void {
    this.#updates.set(item.key, { key: item.key, name: item.path, ...update });
    this.#emitSoon();
  }

  #emitSoon(): void {
    this.#timer ??= setTimeout(() => this.#flush(), EMIT_MS);
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const updates = [...this.#updates.values()];
    this.#updates.clear();
    this.hooks.emit({ updates, state: this.state() });
  }
}
