// Library state on the main thread: the stored documents and collections as the embedder worker
// announces them, the active collection and selection, and the indexing queue (per-file rows,
// paused or not, remaining files and ETA), fed by the worker's queue events.

import { SvelteSet } from 'svelte/reactivity';
import type { EmbedderClient } from '../clients/embedder-client';
import { errorMessage } from '../core/errors';
import { fetchSamples } from './samples';
import { applyDocumentChange } from '../core/library-change';
import { DEFAULT_OVERLAP_TOKENS } from '../core/chunking';
import { estimateIndexing, estimateText } from '../core/indexing-estimate';
import {
  DEFAULT_COLLECTION,
  FINAL_STATUSES,
  type CollectionSummary,
  type DocumentSummary,
  type IngestItem,
  type IngestUpdate,
  type LibraryChange,
  type QueueEvent,
  type QueueState,
  type SearchScope,
} from '../core/types/library';

export type QueueRow = IngestUpdate;

/** A dropped entry that was never sent for indexing (hidden file, junk folder). */
export interface SkippedEntry {
  path: string;
  reason: string;
}

const IDLE_QUEUE: QueueState = { paused: false, remaining: 0 };
const ACTIVE_KEY = 'sieve:collection';

export class LibraryState {
  /** The stored documents, as the embedder worker announces them (written only by `apply`). */
  documents = $state.raw<DocumentSummary[]>([]);
  collections = $state.raw<CollectionSummary[]>([DEFAULT_COLLECTION]);
  queue = $state.raw<QueueRow[]>([]);
  queueState = $state.raw<QueueState>(IDLE_QUEUE);
  error = $state<string | null>(null);
  /** The collection shown, indexed into and searched. */
  active = $state(localStorage.getItem(ACTIVE_KEY) ?? DEFAULT_COLLECTION.id);
  /** Documents chosen to limit search to (none: the whole collection). */
  readonly selected = new SvelteSet<string>();
  #skippedBatches = 0;

  constructor(private readonly embedder: EmbedderClient) {}

  /** Documents stored for keyword search that still wait for their vectors. */
  readonly withoutVectors = $derived(this.documents.filter((d) => !d.indexed).length);
  /** The active collection's documents. */
  readonly shown = $derived(this.documents.filter((d) => d.collection === this.active));
  readonly chunkCount = $derived(this.shown.reduce((sum, d) => sum + d.chunkCount, 0));

  /**
   * The queue's remaining embedding work on this device in words, when it is large (undefined for
   * a handful of small files); `ms` once a measured speed gives it a time.
   */
  readonly indexingEstimate = $derived.by(() => {
    const { remaining, throughput, chunkTokens } = this.queueState;
    if (remaining === 0 || chunkTokens === undefined) return undefined;
    const estimate = estimateIndexing({
      files: this.queue,
      // The library's documents tell what each format really gives per byte.
      observed: this.documents,
      chunkTokens,
      overlapTokens: DEFAULT_OVERLAP_TOKENS,
      tokensPerSecond: throughput?.tokensPerSecond,
    });
    const text = estimateText(estimate, throughput);
    return text === undefined ? undefined : { text, ms: estimate.ms };
  });

  scope(): SearchScope {
    const chosen = this.shown.filter((d) => this.selected.has(d.id)).map((d) => d.id);
    return { collection: this.active, documents: chosen.length > 0 ? chosen : undefined };
  }

  /** Applies a change the worker announced: the one way the documents and collections change. */
  apply(change: LibraryChange): void {
    const documents = applyDocumentChange(this.documents, change);
    if (documents) this.documents = documents;
    for (const id of change.removed ?? []) this.selected.delete(id);
    if (change.collections) {
      this.collections = change.collections;
      if (!this.collections.some((c) => c.id === this.active)) this.select(DEFAULT_COLLECTION.id);
    }
    if (change.notice) this.notify(change.notice);
  }

  /** A message about the library's worker (e.g. that it was restarted). */
  notify(message: string): void {
    this.error = message;
  }

  /** `remember: false` leaves the stored choice alone (a pack's session is not the user's pick). */
  select(id: string, { remember = true }: { remember?: boolean } = {}): void {
    this.active = id;
    if (remember) localStorage.setItem(ACTIVE_KEY, id);
    this.selected.clear();
  }

  async createCollection(name: string): Promise<void> {
    const created = await this.embedder.createCollection(name);
    this.select(created.id);
  }

  async renameCollection(name: string): Promise<void> {
    await this.embedder.renameCollection(this.active, name);
  }

  async deleteCollection(): Promise<void> {
    await this.embedder.deleteCollection(this.active);
  }

  get busy(): boolean {
    return this.queueState.remaining > 0;
  }

  /** Applies a queue event from the worker: rows change in place, new rows are appended. */
  onQueue(event: QueueEvent): void {
    if (event.updates.length > 0) {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
      const updates = new Map(event.updates.map((u) => [u.key, u]));
      const rows = this.queue.map((row) => {
        const update = updates.get(row.key);
        updates.delete(row.key);
        return update ?? row;
      });
      this.#setQueue([...rows, ...updates.values()]);
    }
    this.queueState = event.state;
  }

  /** The rows' one writer: worker events, skipped entries and Clear finished all pass here. */
  #setQueue(rows: QueueRow[]): void {
    this.queue = rows;
  }

  /** Sends files to the worker's persistent queue; skipped entries get rows right away. */
  async ingest(items: IngestItem[], skipped: readonly SkippedEntry[] = []): Promise<void> {
    if (skipped.length > 0) {
      const batch = ++this.#skippedBatches;
      this.#setQueue([
        ...this.queue,
        ...skipped.map((entry, i) => ({
          key: `skipped:${batch}:${i}`,
          name: entry.path,
          status: 'skipped' as const,
          message: entry.reason,
        })),
      ]);
    }
    if (items.length === 0) return;
    const collection = this.active;
    try {
      await this.embedder.enqueue(items.map((item) => ({ ...item, collection })));
      this.error = null;
    } catch (error) {
      this.error = `Could not queue the files: ${errorMessage(error)}`;
    }
  }

  /** Whether the sample collection is being fetched for the queue. */
  samplesLoading = $state(false);

  /** Queues the sample collection (files served beside the app) into the active collection. */
  async addSamples(): Promise<void> {
    this.samplesLoading = true;
    try {
      await this.ingest(await fetchSamples());
    } catch (error) {
      this.error = `Could not load the sample collection: ${errorMessage(error)}`;
    } finally {
      this.samplesLoading = false;
    }
  }

  async pause(): Promise<void> {
    await this.embedder.pauseIndexing();
  }

  async resume(): Promise<void> {
    await this.embedder.resumeIndexing();
  }

  /** The running file stops at its next embedding batch; the waiting ones are dropped. */
  async cancel(): Promise<void> {
    await this.embedder.cancelIndexing();
  }

  async remove(id: string): Promise<void> {
    await this.embedder.removeDocument(id);
  }

  /** Removes every document of the active collection. */
  async clear(): Promise<void> {
    await this.embedder.clearCollection(this.active);
  }

  /** Retry: the failed file `key`, or without a key the files a blocked queue keeps. */
  async retry(key?: string): Promise<void> {
    await this.embedder.retryIndexing(key);
  }

  clearFinished(): void {
    this.#setQueue(this.queue.filter((row) => !FINAL_STATUSES.has(row.status)));
    void this.embedder.forgetFinished().catch(() => {});
  }
}
