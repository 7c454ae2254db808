// Library state on the main thread: stored documents and the indexing queue (per-file rows,
// paused or not, remaining files and ETA), fed by the embedder worker's queue events.

import { SvelteSet } from 'svelte/reactivity';
import {
  DEFAULT_COLLECTION,
  FINAL_STATUSES,
  type CollectionSummary,
  type DocumentSummary,
  type IngestItem,
  type IngestUpdate,
  type QueueEvent,
  type QueueState,
  type SearchScope,
} from '../../workers/embedder/api';
import type { EmbedderClient } from '../clients/embedder-client';

export type QueueRow = IngestUpdate;

/** A dropped entry that was never sent for indexing (hidden file, junk folder). */
export interface SkippedEntry {
  path: string;
  reason: string;
}

const IDLE_QUEUE: QueueState = { paused: false, remaining: 0 };
const ACTIVE_KEY = 'sieve:collection';

export class LibraryState {
  documents = $state.raw<DocumentSummary[]>([]);
  queue = $state.raw<QueueRow[]>([]);
  queueState = $state.raw<QueueState>(IDLE_QUEUE);
  error = $state<string | null>(null);
  collections = $state.raw<CollectionSummary[]>([DEFAULT_COLLECTION]);
  /** The collection shown, indexed into and searched. */
  active = $state(localStorage.getItem(ACTIVE_KEY) ?? DEFAULT_COLLECTION.id);
  /** Documents chosen to limit search to (none: the whole collection). */
  readonly selected = new SvelteSet<string>();
  #skippedBatches = 0;

  constructor(private readonly embedder: EmbedderClient) {}

  /** The active collection's documents. */
  readonly shown = $derived(this.documents.filter((d) => d.collection === this.active));
  readonly chunkCount = $derived(this.shown.reduce((sum, d) => sum + d.chunkCount, 0));

  scope(): SearchScope {
    const chosen = this.shown.filter((d) => this.selected.has(d.id)).map((d) => d.id);
    return { collection: this.active, documents: chosen.length > 0 ? chosen : undefined };
  }

  async loadCollections(): Promise<void> {
    this.#setCollections(await this.embedder.call((api) => api.listCollections()));
  }

  select(id: string): void {
    this.active = id;
    localStorage.setItem(ACTIVE_KEY, id);
    this.selected.clear();
  }

  async createCollection(name: string): Promise<void> {
    const list = await this.embedder.call((api) => api.createCollection(name));
    const created = list.find((c) => !this.collections.some((old) => old.id === c.id));
    this.#setCollections(list);
    if (created) this.select(created.id);
  }

  async renameCollection(name: string): Promise<void> {
    const id = this.active;
    this.#setCollections(await this.embedder.call((api) => api.renameCollection(id, name)));
  }

  async deleteCollection(): Promise<void> {
    const id = this.active;
    this.#setCollections(await this.embedder.call((api) => api.deleteCollection(id)));
    await this.refresh();
  }

  #setCollections(list: CollectionSummary[]): void {
    this.collections = list;
    if (!list.some((c) => c.id === this.active)) this.select(DEFAULT_COLLECTION.id);
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
      this.queue = [...rows, ...updates.values()];
    }
    this.queueState = event.state;
    if (event.documents) this.documents = event.documents;
  }

  /** Sends files to the worker's persistent queue; skipped entries get rows right away. */
  async ingest(items: IngestItem[], skipped: readonly SkippedEntry[] = []): Promise<void> {
    if (skipped.length > 0) {
      const batch = ++this.#skippedBatches;
      this.queue = [
        ...this.queue,
        ...skipped.map((entry, i) => ({
          key: `skipped:${batch}:${i}`,
          name: entry.path,
          status: 'skipped' as const,
          message: entry.reason,
        })),
      ];
    }
    if (items.length === 0) return;
    const collection = this.active;
    items = items.map((item) => ({ ...item, collection }));
    try {
      await this.embedder.call((api) => api.enqueue(items));
      this.error = null;
    } catch (error) {
      this.error = `Could not queue the files: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  async pause(): Promise<void> {
    await this.embedder.call((api) => api.pauseIndexing());
  }

  async resume(): Promise<void> {
    await this.embedder.call((api) => api.resumeIndexing());
  }

  /** The running file stops at its next embedding batch; the waiting ones are dropped. */
  async cancel(): Promise<void> {
    await this.embedder.call((api) => api.cancelIndexing());
  }

  async refresh(): Promise<void> {
    this.documents = await this.embedder.call((api) => api.listDocuments());
  }

  async remove(id: string): Promise<void> {
    this.documents = await this.embedder.call((api) => api.removeDocument(id));
    this.selected.delete(id);
  }

  /** Removes every document of the active collection. */
  async clear(): Promise<void> {
    const collection = this.active;
    this.documents = await this.embedder.call((api) => api.clearCollection(collection));
    this.selected.clear();
  }

  clearFinished(): void {
    this.queue = this.queue.filter((row) => !FINAL_STATUSES.has(row.status));
  }
}
