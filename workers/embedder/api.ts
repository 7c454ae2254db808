// The embedder worker's contract, shared by the worker (`expose`) and its client (`wrap`). Only
// plain, structured-cloneable data crosses (its types are in src/core/types); progress, status and
// library changes come back through proxied callbacks.

import type * as library from '../../src/core/types/library';
import type * as models from '../../src/core/types/models';
import type * as packs from '../../src/core/types/pack-transfer';
import type * as packSite from '../../src/core/types/pack-site';

export interface EmbedderApi {
  /**
   * Applies settings, reads the stored library (announced through `onLibrary`), reports model
   * status, queue and library changes from now on, and resumes indexing files left in the queue
   * by an earlier session.
   */
  open(
    settings: library.EngineSettings,
    onModelStatus: (status: models.ModelStatus) => void,
    onQueue: (event: library.QueueEvent) => void,
    onLibrary: (change: library.LibraryChange) => void,
  ): Promise<void>;
  /**
   * Instead of `open`: the read-only pack mode (`?pack=`). Reads the hosted pack at `pack`
   * (relative to `base`, the page's address) with progress and problems through `onPack`, sets the
   * embedder to the pack's model, dtype and dimension, and announces its documents through
   * `onLibrary`; the stored library and the indexing queue stay closed.
   */
  openPack(
    settings: library.EngineSettings,
    pack: string,
    base: string,
    onModelStatus: (status: models.ModelStatus) => void,
    onLibrary: (change: library.LibraryChange) => void,
    onPack: (event: packSite.PackEvent) => void,
  ): Promise<void>;
  /** Downloads (or reads from cache), loads and warms up the model; idempotent. */
  loadModel(): Promise<models.ModelStatus>;
  /** The planned dtype's files, sizes and cache status (metadata only, nothing downloaded). */
  modelFiles(): Promise<models.ModelFiles>;
  /** Deletes those files from the browser's model cache. */
  deleteModelFiles(): Promise<models.ModelFiles>;
  /**
   * Copies the model repositories in a picked folder into OPFS for the "local folder" source;
   * folders named like `knownIds`' repositories take those ids.
   */
  importModelFolder(
    items: models.ModelFolderFile[],
    knownIds: string[],
    onProgress: (progress: models.ModelImportProgress) => void,
  ): Promise<models.ModelImportResult>;
  /** Models imported into OPFS. */
  localModels(): Promise<models.LocalModel[]>;
  deleteLocalModel(modelId: string): Promise<models.LocalModel[]>;
  /**
   * The page saw the browser come back online (workers do not always get the event): a model
   * download that failed on the network starts again, and a queue waiting for the model retries.
   */
  reconnected(): Promise<void>;
  /** Stores the files in the persistent queue (indexed in the background, in order). */
  enqueue(items: library.IngestItem[]): Promise<void>;
  /** Pausing takes effect at the next embedding batch; cancel empties the queue. */
  pauseIndexing(): Promise<void>;
  resumeIndexing(): Promise<void>;
  cancelIndexing(): Promise<void>;
  /** Retry: the failed file `key` again, or without a key the files a blocked queue keeps. */
  retryIndexing(key?: string): Promise<void>;
  /** The page cleared its finished rows: failed files are no longer kept for a Retry. */
  forgetFinished(): Promise<void>;
  getDocument(id: string): Promise<library.DocumentView | undefined>;
  /**
   * Stage 1: the top `k` chunks for the request's query by keywords, meaning or both fused. The
   * keyword leg needs no model; without the embedding model a hybrid search says it ran on
   * keywords alone.
   */
  search(request: library.SearchRequest): Promise<library.SearchResponse>;
  removeDocument(id: string): Promise<void>;
  /** Removes every document of `collection` (the collection stays). */
  clearCollection(collection: string): Promise<void>;
  /** WebGPU adapter (or why not), shader-f16, WASM threads and isolation, as the worker sees them. */
  deviceReport(): Promise<models.DeviceReport>;
  /** Creates a collection and returns it (the new list is announced through `onLibrary`). */
  createCollection(name: string): Promise<library.CollectionSummary>;
  renameCollection(id: string, name: string): Promise<void>;
  /** Deletes a collection and its documents. */
  deleteCollection(id: string): Promise<void>;
  /**
   * A collection as one Sieve pack file (bytes transferred), queries meant to use `instruction`;
   * refused while any of its documents lacks vectors of the current model.
   */
  exportCollection(
    collectionId: string,
    instruction: string,
    onProgress: (progress: packs.PackTransferProgress) => void,
  ): Promise<packs.PackExportResult>;
  /**
   * Imports a pack file (bytes transferred) as a new collection, all in one transaction, nothing
   * embedded. A pack of another vector space answers `mismatch` unless `reembed`; an unusable one
   * throws its PackError's message.
   */
  importPack(
    bytes: Uint8Array,
    options: packs.PackImportOptions,
    onProgress: (progress: packs.PackTransferProgress) => void,
  ): Promise<packs.PackImportResult>;
}
