// Library state on the main thread: stored documents and the ingest queue with per-file status.

import type { DocumentSummary, IngestUpdate } from '../../workers/embedder/api';
import { callback, type EmbedderClient } from '../clients/embedder-client';

export interface QueueRow extends Omit<IngestUpdate, 'fileIndex'> {
  key: string;
}

const FINISHED = new Set(['done', 'duplicate', 'skipped', 'failed']);

export class LibraryState {
  documents = $state.raw<DocumentSummary[]>([]);
  queue = $state.raw<QueueRow[]>([]);
  error = $state<string | null>(null);
  #batches = 0;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly embedder: EmbedderClient) {}

  get chunkCount(): number {
    return this.documents.reduce((sum, d) => sum + d.chunkCount, 0);
  }

  /** Queues files; batches run one after another so duplicates are detected reliably. */
  ingest(files: File[]): Promise<void> {
    if (files.length === 0) return Promise.resolve();
    const batch = ++this.#batches;
    const keyOf = (i: number) => `${batch}:${i}`;
    this.queue = [
      ...this.queue,
      ...files.map((f, i) => ({ key: keyOf(i), name: f.name, status: 'queued' as const })),
    ];
    const onUpdate = callback((update: IngestUpdate) => {
      const { fileIndex, ...rest } = update;
      const key = keyOf(fileIndex);
      this.queue = this.queue.map((row) => (row.key === key ? { key, ...rest } : row));
    });
    const run = this.#chain.then(async () => {
      try {
        this.documents = await this.embedder.call((api) => api.ingest(files, onUpdate));
        this.error = null;
      } catch (error) {
        this.error = `Indexing stopped: ${error instanceof Error ? error.message : String(error)}`;
      }
    });
    this.#chain = run;
    return run;
  }

  async refresh(): Promise<void> {
    this.documents = await this.embedder.call((api) => api.listDocuments());
  }

  async remove(id: string): Promise<void> {
    this.documents = await this.embedder.call((api) => api.removeDocument(id));
  }

  async clear(): Promise<void> {
    this.documents = await this.embedder.call((api) => api.clearLibrary());
    this.queue = [];
  }

  clearFinished(): void {
    this.queue = this.queue.filter((row) => !FINISHED.has(row.status));
  }
}
