// Library state on the main thread: stored documents and the indexing queue (per-file rows,
// paused or not, remaining files and ETA), fed by the embedder worker's queue events.

import type {
  DocumentSummary,
  IngestItem,
  IngestUpdate,
  QueueEvent,
  QueueState,
} from '../../workers/embedder/api';
import type { EmbedderClient } from '../clients/embedder-client';

export type QueueRow = IngestUpdate;

/** A dropped entry that was never sent for indexing (hidden file, junk folder). */
export interface SkippedEntry {
  path: string;
  reason: string;
}

const FINISHED = new Set(['done', 'duplicate', 'skipped', 'failed', 'cancelled']);
const IDLE_QUEUE: QueueState = { paused: false, remaining: 0 };

export class LibraryState {
  documents = $state.raw<DocumentSummary[]>([]);
  queue = $state.raw<QueueRow[]>([]);
  queueState = $state.raw<QueueState>(IDLE_QUEUE);
  error = $state<string | null>(null);
  #skippedBatches = 0;

  constructor(private readonly embedder: EmbedderClient) {}

  get chunkCount(): number {
    return this.documents.reduce((sum, d) => sum + d.chunkCount, 0);
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
  }

  async clear(): Promise<void> {
    this.documents = await this.embedder.call((api) => api.clearLibrary());
    this.queue = this.queue.filter((row) => !FINISHED.has(row.status));
  }

  clearFinished(): void {
    this.queue = this.queue.filter((row) => !FINISHED.has(row.status));
  }
}
