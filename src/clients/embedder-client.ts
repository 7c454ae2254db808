// Main-thread handle on the embedder worker: started on first use, opened with the current
// settings, and restarted (on WASM if WebGPU was the cause) when it dies; the failed call is
// retried once. Ingestion is safe to retry: finished files are recognised by content hash.

import { proxy, transfer } from 'comlink';
import type * as library from '../core/types/library';
import { IDLE_STATUS } from '../core/types/models';
import type * as models from '../core/types/models';
import type * as packs from '../core/types/pack-transfer';
import type { PackEvent } from '../core/types/pack-site';
import type { EmbedderApi } from '../../workers/embedder/api';
import type { ModelClient, ModelClientOptions } from './model-client';
import { SupervisedWorker, type WorkerHandle } from './supervised-worker';
import { startGranted } from './worker-connections';

export interface EmbedderClientOptions extends ModelClientOptions<library.EngineSettings> {
  /** Indexing queue changes (rows and state). */
  onQueue: (event: library.QueueEvent) => void;
  /** Library changes, starting with every document and collection at each (re)start. */
  onLibrary: (change: library.LibraryChange) => void;
  /** The read-only pack mode: the hosted pack at `url` (relative to `base`) instead of the library. */
  pack?: { url: string; base: string; onPack: (event: PackEvent) => void };
}

function startEmbedderWorker(): WorkerHandle {
  return new Worker(new URL('../../workers/embedder/embedder.worker.ts', import.meta.url), {
    type: 'module',
    name: 'sieve-embedder',
  });
}

export class EmbedderClient implements ModelClient {
  readonly #worker: SupervisedWorker<EmbedderApi>;

  constructor(private readonly options: EmbedderClientOptions) {
    this.#worker = new SupervisedWorker<EmbedderApi>(
      options.createWorker ?? (() => startGranted(options.connections(), startEmbedderWorker)),
      async (api, forceWasm) => {
        await options.beforeStart?.();
        const settings = options.settings();
        const { pack } = options;
        if (pack) {
          // A restarted worker opens the pack again (from the HTTP or service worker cache).
          return api.openPack(
            forceWasm ? { ...settings, backend: 'wasm' } : settings,
            pack.url,
            pack.base,
            proxy(options.onStatus),
            proxy(options.onLibrary),
            proxy(pack.onPack),
          );
        }
        await api.open(
          forceWasm ? { ...settings, backend: 'wasm' } : settings,
          proxy(options.onStatus),
          proxy(options.onQueue),
          proxy(options.onLibrary),
        );
      },
      {
        name: 'embedding worker',
        usesWebGpu: () => options.backend() === 'webgpu',
        onNotice: options.onNotice,
      },
    );
  }

  /** Starts the worker: it opens the library (announced through `onLibrary`) and plans its device. */
  async prepare(): Promise<void> {
    await this.#worker.call(async () => {});
  }

  async load(): Promise<void> {
    await this.#worker.callWithRestart((api) => api.loadModel());
  }

  reconnected(): Promise<void> {
    return this.#worker.callWithRestart((api) => api.reconnected());
  }

  files(): Promise<models.ModelFiles> {
    return this.#worker.callWithRestart((api) => api.modelFiles());
  }

  deleteFiles(): Promise<models.ModelFiles> {
    return this.#worker.callWithRestart((api) => api.deleteModelFiles());
  }

  /** A fresh worker (the old model's memory is freed) with the settings of the next start. */
  reset(): void {
    this.#worker.reset();
    this.options.onStatus(IDLE_STATUS);
  }

  enqueue(items: library.IngestItem[]): Promise<void> {
    return this.#worker.callWithRestart((api) => api.enqueue(items));
  }

  pauseIndexing(): Promise<void> {
    return this.#worker.callWithRestart((api) => api.pauseIndexing());
  }

  resumeIndexing(): Promise<void> {
    return this.#worker.callWithRestart((api) => api.resumeIndexing());
  }

  cancelIndexing(): Promise<void> {
    return this.#worker.callWithRestart((api) => api.cancelIndexing());
  }

  retryIndexing(key?: string): Promise<void> {
    return this.#worker.callWithRestart((api) => api.retryIndexing(key));
  }

  forgetFinished(): Promise<void> {
    return this.#worker.callWithRestart((api) => api.forgetFinished());
  }

  search(request: library.SearchRequest): Promise<library.SearchResponse> {
    return this.#worker.callWithRestart((api) => api.search(request));
  }

  getDocument(id: string): Promise<library.DocumentView | undefined> {
    return this.#worker.callWithRestart((api) => api.getDocument(id));
  }

  removeDocument(id: string): Promise<void> {
    return this.#worker.callWithRestart((api) => api.removeDocument(id));
  }

  clearCollection(collection: string): Promise<void> {
    return this.#worker.callWithRestart((api) => api.clearCollection(collection));
  }

  createCollection(name: string): Promise<library.CollectionSummary> {
    return this.#worker.callWithRestart((api) => api.createCollection(name));
  }

  renameCollection(id: string, name: string): Promise<void> {
    return this.#worker.callWithRestart((api) => api.renameCollection(id, name));
  }

  deleteCollection(id: string): Promise<void> {
    return this.#worker.callWithRestart((api) => api.deleteCollection(id));
  }

  /** A collection as one pack file; progress may outlive the call. */
  exportCollection(
    collectionId: string,
    instruction: string,
    onProgress: (progress: packs.PackTransferProgress) => void,
  ): Promise<packs.PackExportResult> {
    const progress = proxy(onProgress);
    return this.#worker.callWithRestart((api) =>
      api.exportCollection(collectionId, instruction, progress),
    );
  }

  /**
   * Imports a pack file as a new collection. `bytes` are transferred (unusable here afterwards),
   * so a worker that dies meanwhile is not asked again: the user retries.
   */
  importPack(
    bytes: Uint8Array,
    options: packs.PackImportOptions,
    onProgress: (progress: packs.PackTransferProgress) => void,
  ): Promise<packs.PackImportResult> {
    const progress = proxy(onProgress);
    return this.#worker.call<packs.PackImportResult>((api) =>
      api.importPack(transfer(bytes, [bytes.buffer]), options, progress),
    );
  }

  deviceReport(): Promise<models.DeviceReport> {
    return this.#worker.callWithRestart((api) => api.deviceReport());
  }

  /** Copies a picked folder's model repositories into OPFS; progress may outlive the call. */
  importModelFolder(
    items: models.ModelFolderFile[],
    knownIds: string[],
    onProgress: (progress: models.ModelImportProgress) => void,
  ): Promise<models.ModelImportResult> {
    const progress = proxy(onProgress);
    return this.#worker.callWithRestart((api) => api.importModelFolder(items, knownIds, progress));
  }

  localModels(): Promise<models.LocalModel[]> {
    return this.#worker.callWithRestart((api) => api.localModels());
  }

  deleteLocalModel(modelId: string): Promise<models.LocalModel[]> {
    return this.#worker.callWithRestart((api) => api.deleteLocalModel(modelId));
  }
}
