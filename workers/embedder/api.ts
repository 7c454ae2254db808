// The embedder worker's typed API, shared by the worker (`expose`) and its client (`wrap`).
// Only plain, structured-cloneable data crosses; progress comes back through proxied callbacks.

import type { GpuReport } from '../../src/engine/models/device';
import type { IndexBackend } from '../../src/engine/index/vector-backends';
import type {
  ModelFolderFile,
  ModelImportProgress,
  ModelImportResult,
} from '../../src/engine/models/local-folder/import-folder';
import type { LocalModel } from '../../src/engine/models/local-folder/opfs-store';
import type { ModelFiles, ModelSettings, ModelStatus } from '../model-types';

export type { ModelSource, ModelStatus } from '../model-types';
export type { LocalModel, ModelFolderFile, ModelImportProgress, ModelImportResult };

export interface EngineSettings extends ModelSettings {
  /** Matryoshka dimension; `null` keeps the model's full size. */
  dimension: number | null;
  /** Which in-memory index searches the stored vectors (stored vectors are always f32). */
  indexBackend: IndexBackend;
  maxFileBytes: number;
  /** Upper bound of tokens per chunk (the model's own limit applies too). */
  chunkTokens: number;
}

export interface DocumentSummary {
  id: string;
  name: string;
  /** Path within a dropped folder, or the file name. */
  path: string;
  collection: string;
  format?: string;
  pages?: number;
  size: number;
  chunkCount: number;
  tokenCount: number;
  addedAt: number;
  /** Whether vectors for the current model, dtype and dimension exist. */
  indexed: boolean;
}

export type IngestStatus =
  | 'queued'
  | 'extracting'
  | 'embedding'
  | 'saving'
  | 'done'
  | 'duplicate'
  | 'skipped'
  | 'failed'
  | 'cancelled';

/** A file to index and its path within the dropped folder (the name for a loose file). */
export interface IngestItem {
  file: File;
  path: string;
  /** The collection it goes into (the default one when absent). */
  collection?: string;
}

export interface CollectionSummary {
  id: string;
  name: string;
}

/** The collection every library starts with; it can be renamed, not deleted. */
export const DEFAULT_COLLECTION: CollectionSummary = { id: 'default', name: 'My documents' };

/** Statuses after which a file leaves the queue. */
export const FINAL_STATUSES: ReadonlySet<IngestStatus> = new Set<IngestStatus>([
  'done',
  'duplicate',
  'skipped',
  'failed',
  'cancelled',
]);

/** Where a search looks: one collection, optionally only some of its documents. */
export interface SearchScope {
  collection: string;
  documents?: string[];
}

export interface IngestUpdate {
  /** The queue entry this is about (stable across reloads while the file waits). */
  key: string;
  /** The file's path. */
  name: string;
  status: IngestStatus;
  /** Chunks embedded so far / in total, while embedding. */
  done?: number;
  total?: number;
  message?: string;
}

export interface QueueState {
  paused: boolean;
  /** Files waiting or being indexed. */
  remaining: number;
  /** Estimated time to finish them, once there is a measured rate. */
  etaMs?: number;
}

/** What the indexing queue reports: changed rows, its state and, after saves, the library. */
export interface QueueEvent {
  updates: IngestUpdate[];
  state: QueueState;
  documents?: DocumentSummary[];
}

export interface SearchHit {
  docId: string;
  docName: string;
  docPath: string;
  chunk: number;
  /** Where the chunk is, e.g. "Page 3" or "Guide › Install", when the document says. */
  location?: string;
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

/** A document as the source view shows it: its whole text (passages come from the hits). */
export interface DocumentView {
  id: string;
  name: string;
  path: string;
  format?: string;
  /** Untrusted document text: render as text only. */
  text: string;
}

/** What this device offers the models, for the "About this device" view. */
export interface DeviceReport {
  gpu: GpuReport;
  crossOriginIsolated: boolean;
  wasmThreads: number;
  cores: number;
}

export interface EmbedderApi {
  /**
   * Applies settings, reads the stored library, reports model status and queue changes from now
   * on, and resumes indexing files left in the queue by an earlier session.
   */
  open(
    settings: EngineSettings,
    onModelStatus: (status: ModelStatus) => void,
    onQueue: (event: QueueEvent) => void,
  ): Promise<DocumentSummary[]>;
  /** Downloads (or reads from cache), loads and warms up the model; idempotent. */
  loadModel(): Promise<ModelStatus>;
  /** The planned dtype's files, sizes and cache status (metadata only, nothing downloaded). */
  modelFiles(): Promise<ModelFiles>;
  /** Deletes those files from the browser's model cache. */
  deleteModelFiles(): Promise<ModelFiles>;
  /**
   * Copies the model repositories in a picked folder into OPFS for the "local folder" source;
   * folders named like `knownIds`' repositories take those ids.
   */
  importModelFolder(
    items: ModelFolderFile[],
    knownIds: string[],
    onProgress: (progress: ModelImportProgress) => void,
  ): Promise<ModelImportResult>;
  /** Models imported into OPFS. */
  localModels(): Promise<LocalModel[]>;
  deleteLocalModel(modelId: string): Promise<LocalModel[]>;
  /** Stores the files in the persistent queue (indexed in the background, in order). */
  enqueue(items: IngestItem[]): Promise<void>;
  /** Pausing takes effect at the next embedding batch; cancel empties the queue. */
  pauseIndexing(): Promise<void>;
  resumeIndexing(): Promise<void>;
  cancelIndexing(): Promise<void>;
  getDocument(id: string): Promise<DocumentView | undefined>;
  listDocuments(): Promise<DocumentSummary[]>;
  /** Top `k` chunks for `query`, embedded with the task `instruction` (a default when absent). */
  search(
    query: string,
    k: number,
    instruction?: string,
    scope?: SearchScope,
  ): Promise<SearchResponse>;
  removeDocument(id: string): Promise<DocumentSummary[]>;
  /** Removes every document of `collection` (the collection stays). */
  clearCollection(collection: string): Promise<DocumentSummary[]>;
  listCollections(): Promise<CollectionSummary[]>;
  /** WebGPU adapter (or why not), shader-f16, WASM threads and isolation, as the worker sees them. */
  deviceReport(): Promise<DeviceReport>;
  createCollection(name: string): Promise<CollectionSummary[]>;
  renameCollection(id: string, name: string): Promise<CollectionSummary[]>;
  /** Deletes a collection and its documents. */
  deleteCollection(id: string): Promise<CollectionSummary[]>;
}
