// The background indexing queue in the embedder worker: dropped files are stored in IndexedDB
// (Blobs, so a reload or crash loses none), indexed one at a time in order, and reported in
// throttled events. A file leaves only with an outcome of its own; a cause that is not the file's
// (QueueBlock) keeps it and waits until the cause is gone or Retry. Pause waits at the next
// checkpoint; cancel empties the queue. Failed files can be tried again while the page is open.
import { delMany, setMany, type UseStore } from 'idb-keyval';
import { formatBytes } from '../../core/format';
import { formatOf } from '../extract/formats';
import { IngestCancelledError, type Report } from './ingest-file';
import { QueueEvents } from './queue-events';
import { QueueOwner, type Owned, type QueueOwnerOptions } from './queue-owners';
import {
  FINAL_STATUSES,
  type IngestItem,
  type IngestUpdate,
  type QueueBlock,
  type QueueBlockCause,
  type QueueEvent,
  type QueueState,
} from '../../core/types/library';

interface StoredItem extends IngestItem, Owned {
  key: string;
  /** Earlier tries that failed (a per-file Retry counts up). */
  failures?: number;
}

export interface QueueHooks {
  /**
   * Indexes one file; its last report is its final status, unless it returns a block: then the
   * file goes back to the head of the queue, which waits.
   */
  process(
    item: IngestItem,
    report: Report,
    checkpoint: () => Promise<void>,
  ): Promise<QueueBlock | undefined | void>;
  emit(event: QueueEvent): void;
  /** All queued files are finished or cancelled. */
  drained?(): Promise<void>;
  /** Runs before the file is tried again after `block` (e.g. re-reading a library that changed). */
  recover?(block: QueueBlock): Promise<void>;
}

const ITEM_PREFIX = 'file:';
/** Another tab's writes are re-read and retried this many times in a row before asking the user. */
const AUTO_RETRIES = 3;
const LOST_MESSAGE = "Lost when this site's data was cleared: add the file again.";

export class IngestQueue {
  #waiting: StoredItem[] = [];
  #paused = false;
  #cancelled = false;
  #running = false;
  #resume: (() => void) | undefined;
  #sequence = 0;
  readonly #events: QueueEvents;
  /** Measured cost of finished files, for the ETA. */
  #spentMs = 0;
  #spentBytes = 0;
  #current: { item: StoredItem; started: number; fraction: number } | undefined;
  #blocked: QueueBlock | undefined;
  #retry: (() => void) | undefined;
  #autoRetries = 0;
  /** Failed files (their Blobs) for a Retry, until the page clears its finished rows. */
  readonly #failed = new Map<string, StoredItem>();
  /** This tab's claim on the files it stores or adopts (other tabs' files are theirs). */
  readonly #owner: QueueOwner;

  constructor(
    private readonly db: UseStore,
    private readonly hooks: QueueHooks,
    owner: QueueOwnerOptions = {},
  ) {
    this.#owner = new QueueOwner(owner);
    this.#events = new QueueEvents(hooks.emit, () => this.state());
  }

  /**
   * Unfinished files of closed or crashed tabs: adopted, indexed in order; an open tab's files
   * follow if that tab closes first.
   */
  async restore(): Promise<number> {
    // Only the file records (the store also holds pending vectors), in key order = queue order.
    const stored = await this.#owner.adopt<StoredItem>(this.db, ITEM_PREFIX, (later) =>
      this.#add(later),
    );
    this.#add(stored);
    return stored.length;
  }

  /**
   * The queue's database was cleared: waiting files whose data the browser still has are stored
   * again; the others are reported lost (they cannot be read any more).
   */
  async keepAfterStorageLoss(): Promise<void> {
    const lost = new Set<StoredItem>();
    for (const item of [...this.#waiting]) {
      const readable = await item.file
        .slice(0, 1)
        .arrayBuffer()
        .then(
          () => true,
          () => false,
        );
      if (readable) continue;
      lost.add(item);
      this.#report(item, { status: 'failed', message: LOST_MESSAGE });
    }
    // Files queued meanwhile stay: only the unreadable ones go.
    this.#waiting = this.#waiting.filter((item) => !lost.has(item));
    await setMany(
      this.#waiting.map((item) => [`${ITEM_PREFIX}${item.key}`, item]),
      this.db,
    );
    this.#events.soon();
  }

  /** Stores the files first (one transaction), then queues them. */
  async enqueue(items: readonly IngestItem[]): Promise<void> {
    await this.#owner.held;
    const stamp = String(Date.now()).padStart(15, '0');
    // The owner in the key: tabs queueing in the same millisecond never overwrite each other.
    const owner = this.#owner.id;
    const stored = items.map((item) => ({
      ...item,
      key: `${stamp}-${owner}-${String(this.#sequence++).padStart(7, '0')}`,
      owner,
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
    this.#events.soon();
  }

  resume(): void {
    this.#paused = false;
    this.#resume?.();
    this.#events.soon();
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
    this.retry();
  }

  /** Tries the waiting files again now (the user's Retry on a blocked queue). */
  retry(): void {
    const retry = this.#retry;
    this.#retry = undefined;
    retry?.();
  }

  /** `cause` is gone (the model loaded, space was freed): retries if that is what it waits for. */
  unblock(cause: QueueBlockCause): void {
    if (this.#blocked?.cause === cause) this.retry();
  }

  /** Queues a failed file again, under its old key (its row turns back to queued). */
  async retryFile(key: string): Promise<void> {
    const item = this.#failed.get(key);
    if (!item) return;
    const again = { ...item, failures: (item.failures ?? 0) + 1 };
    await setMany([[`${ITEM_PREFIX}${item.key}`, again]], this.db);
    this.#failed.delete(key);
    this.#add([again]);
  }

  /** The page cleared its finished rows: failed files can no longer be retried. */
  forgetFinished(): void {
    this.#failed.clear();
  }

  state(): QueueState {
    const remaining = this.#waiting.length + (this.#current ? 1 : 0);
    const state: QueueState = { paused: this.#paused, remaining, etaMs: this.#eta() };
    if (this.#blocked) state.blocked = this.#blocked;
    return state;
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
      const block = await this.hooks.process(
        item,
        (update) => {
          if (update.status === 'embedding' && update.total) {
            current.fraction = (update.done ?? 0) / update.total;
          }
          if (FINAL_STATUSES.has(update.status)) outcome.status = update.status;
          this.#report(item, update.status === 'failed' ? this.#failure(item, update) : update);
        },
        () => this.#checkpoint(),
      );
      const cancelled = this.#cancelled;
      this.#current = undefined;
      this.#cancelled = false;
      if (block && !cancelled) {
        // The file stays stored and goes first once the cause is gone.
        this.#waiting.unshift(item);
        await this.#waitOut(block);
        continue;
      }
      if (block) {
        outcome.status = 'cancelled';
        this.#report(item, { status: 'cancelled' });
      }
      this.#autoRetries = 0;
      if (outcome.status === 'done') {
        this.#spentMs += performance.now() - current.started;
        this.#spentBytes += item.file.size;
      }
      if (outcome.status === 'failed') this.#failed.set(item.key, item);
      // Storage cleared meanwhile: the record went with it (keepAfterStorageLoss stores the rest).
      await delMany([`${ITEM_PREFIX}${item.key}`], this.db).catch(() => {});
      this.#events.soon();
    }
    this.#events.flush();
  }

  /** Waits until `block` is gone (unblock, Retry or cancel); another tab's writes are re-read at once. */
  async #waitOut(block: QueueBlock): Promise<void> {
    this.#blocked = block;
    this.#events.soon();
    const automatic = block.cause === 'storage-conflict' && this.#autoRetries++ < AUTO_RETRIES;
    if (!automatic) await new Promise<void>((resolve) => (this.#retry = resolve));
    await this.hooks.recover?.(block).catch(() => {});
    this.#blocked = undefined;
    this.#events.soon();
  }

  /** A failed file's row: retryable, and how often it failed once it was retried. */
  #failure(item: StoredItem, update: Omit<IngestUpdate, 'key' | 'name'>) {
    const tries = (item.failures ?? 0) + 1;
    const message =
      tries > 1 ? `${update.message ?? 'Failed'} (tried ${tries} times)` : update.message;
    return { ...update, message, retryable: true };
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
    // Every row carries its size and format: the page estimates unread files from them.
    const format = formatOf(item.path) ?? undefined;
    this.#events.report(item.key, item.path, { ...update, size: item.file.size, format });
  }
}
