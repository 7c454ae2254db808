// The embedder worker's typed API, shared by the worker (`expose`) and its client (`wrap`).
// Only plain, structured-cloneable data crosses; progress comes back through proxied callbacks.

import type { IndexBackend } from '../../src/engine/vector-backends';
import type { ModelSettings, ModelStatus } from '../model-types';

export type { ModelSource, ModelStatus } from '../model-types';

export interface EngineSettings extends ModelSettings {
  /** Matryoshka dimension; `null` keeps the model's full size. */
  dimension: number | null;
  /** Which in-memory index searches the stored vectors (stored vectors are always f32). */
  indexBackend: IndexBackend;
  maxFileBytes: number;
}

export interface DocumentSummary {
  id: string;
  name: string;
  size: number;
  chunkCount: number;
  tokenCount: number;
  addedAt: number;
  /** Whether vectors for the current model, dtype and dimension exist. */
  indexed: boolean;
}

export type IngestStatus =
  | 'queued'
  | 'reading'
  | 'chunking'
  | 'embedding'
  | 'saving'
  | 'done'
  | 'duplicate'
  | 'skipped'
  | 'failed';

export interface IngestUpdate {
  /** Position of the file in the batch passed to `ingest`. */
  fileIndex: number;
  name: string;
  status: IngestStatus;
  /** Chunks embedded so far / in total, while embedding. */
  done?: number;
  total?: number;
  message?: string;
}

export interface SearchHit {
  docId: string;
  docName: string;
  chunk: number;
  /** Chunk text, to be rendered as text only. */
  text: string;
  start: number;
  end: number;
  score: number;
}

export interface SearchResponse {
  hits: SearchHit[];
  /** Vectors compared. */
  searched: number;
  timings: { queryEmbeddingMs: number; vectorSearchMs: number; workerMs: number };
}

export interface EmbedderApi {
  /** Applies settings, reads the stored library and reports model status changes from now on. */
  open(
    settings: EngineSettings,
    onModelStatus: (status: ModelStatus) => void,
  ): Promise<DocumentSummary[]>;
  /** Downloads (or reads from cache), loads and warms up the model; idempotent. */
  loadModel(): Promise<ModelStatus>;
  ingest(files: File[], onUpdate: (update: IngestUpdate) => void): Promise<DocumentSummary[]>;
  listDocuments(): Promise<DocumentSummary[]>;
  /** Top `k` chunks for `query`, embedded with the task `instruction` (a default when absent). */
  search(query: string, k: number, instruction?: string): Promise<SearchResponse>;
  removeDocument(id: string): Promise<DocumentSummary[]>;
  clearLibrary(): Promise<DocumentSummary[]>;
}
