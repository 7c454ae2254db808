// The embedder worker's implementation of `EmbedderApi` on top of src/engine: the embedding
// model (through ModelHost), the persisted library and its collections, the indexing queue
// (library-queue.ts), re-indexing, search, pack files (library-packs.ts) and the read-only pack
// mode (pack-mode.ts). Runs in the worker.

import type {
  CollectionSummary,
  DocumentView,
  EngineSettings,
  IngestItem,
  LibraryChange,
  QueueEvent,
  SearchRequest,
  SearchResponse,
} from '../../src/core/types/library';
import type {
  DeviceReport,
  LocalModel,
  ModelFiles,
  ModelFolderFile,
  ModelImportProgress,
  ModelImportResult,
  ModelStatus,
} from '../../src/core/types/models';
import type { IngestQueue } from '../../src/engine/ingest/ingest-queue';
import { LibraryStore, pathOf } from '../../src/engine/library/library-store';
import { searchStage1, type QueryEmbedder } from '../../src/engine/library/hybrid-search';
import { SharedLibrary } from '../../src/engine/library/shared-library';
import { reopeningStore } from '../../src/engine/storage/reopening-store';
import { importModelFolder } from '../../src/engine/models/local-folder/import-folder';
import { deleteLocalModel, listLocalModels } from '../../src/engine/models/local-folder/opfs-store';
import type { ModelHost } from '../../src/engine/models/model-host';
import { configureTransformers, wasmThreads } from '../../src/engine/models/runtime-env';
import type { Qwen3Embedder } from '../../src/engine/qwen3/embedder';
import { errorMessage } from '../../src/core/errors';
import type { PackEvent } from '../../src/core/types/pack-site';
import type {
  PackExportResult,
  PackImportOptions,
  PackImportResult,
  PackTransferProgress,
} from '../../src/core/types/pack-transfer';
import { transfer } from 'comlink';
import type { EmbedderApi } from './api';
import { embedderHost, spaceKey } from './embedder-host';
import { PackMode } from './pack-mode';
import { createIngestQueue } from './library-queue';
import { DeviceThroughput } from './device-throughput';
import { EmbedderAccess } from './embedder-access';
import {
  exportLibraryCollection,
  importLibraryPack,
  type LibraryPacksContext,
} from './library-packs';
import { searchPack } from '../../src/engine/pack/pack-search';

export class EmbedderService implements EmbedderApi {
  #host: ModelHost<Qwen3Embedder> | undefined;
  #onLibrary: (change: LibraryChange) => void = () => {};
  /** Shared with the other tabs of this origin: their changes are read here too. */
  readonly #shared = new SharedLibrary(new LibraryStore('sieve', 'library', () => this.#lost()), {
    onIndexLoad: (progress) => this.#host?.update({ indexLoad: progress }, progress !== undefined),
    onNote: (message) => this.#host?.note(message),
    onChange: (change) => this.#onLibrary(change),
  });
  readonly #library = this.#shared.library;
  readonly #access = new EmbedderAccess(
    () => this.#requireHost(),
    this.#shared,
    () => this.#pack !== undefined,
  );
  #queue: IngestQueue | undefined;
  readonly #queueDb = reopeningStore('sieve-queue', 'files', () => this.#lost());
  readonly #throughput = new DeviceThroughput(this.#queueDb, () => this.#requireHost().gpu());
  #recovering = false;
  /** The settings `open` applied (packs record the model and chunker they describe). */
  #settings: EngineSettings | undefined;
  /** Set in the read-only pack mode: searches and documents come from the hosted pack. */
  #pack: PackMode | undefined;

  async open(
    settings: EngineSettings,
    onModelStatus: (status: ModelStatus) => void,
    onQueue: (event: QueueEvent) => void,
    onLibrary: (change: LibraryChange) => void,
  ): Promise<void> {
    this.#onLibrary = onLibrary;
    this.#settings = settings;
    configureTransformers(settings.source, settings);
    const { modelId } = settings;
    this.#host = embedderHost(
      settings,
      this.#shared,
      (status) => {
        onModelStatus(status);
        if (status.phase === 'ready') this.#queue?.unblock('model');
      },
      (embedder, { backend, dtype }) =>
        this.#throughput.measure(embedder, { modelId, backend, dtype }),
    );
    const plan = await this.#host.announce();
    // An earlier visit's speed on this device, for an estimate before the model loads.
    await this.#throughput.use({ modelId, backend: plan.backend, dtype: plan.dtype });
    // Announces every document and collection through onLibrary.
    await this.#shared.open(spaceKey(settings, plan.dtype), settings.indexBackend);
    this.#queue = createIngestQueue(this.#queueDb, settings, onQueue, {
      shared: this.#shared,
      tokens: () => this.#access.tokenCounter(),
      embedder: () => this.#access.available(),
      throughput: this.#throughput,
    });
    // Files an earlier session left in the queue are indexed again, in order.
    void this.#queue.restore();
  }

  async openPack(
    settings: EngineSettings,
    pack: string,
    base: string,
    onModelStatus: (status: ModelStatus) => void,
    onLibrary: (change: LibraryChange) => void,
    onPack: (event: PackEvent) => void,
  ): Promise<void> {
    configureTransformers(settings.source, settings);
    this.#pack = await PackMode.open(settings, pack, base, onModelStatus, onLibrary, onPack);
    this.#host = this.#pack.host;
  }

  /**
   * The browser closed or deleted the databases (site data cleared): open the library again
   * (empty, announced to the page with a notice), keep the queued files it can still read.
   */
  #lost(): void {
    if (this.#recovering) return;
    this.#recovering = true;
    void (async () => {
      // Both databases report the loss: let the second one arrive before reopening.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await this.#shared.recoverStorage();
      await this.#queue?.keepAfterStorageLoss().catch(() => {});
      this.#queue?.unblock('storage-lost');
      this.#recovering = false;
    })();
  }

  modelFiles(): Promise<ModelFiles> {
    return this.#requireHost().files();
  }

  deleteModelFiles(): Promise<ModelFiles> {
    return this.#requireHost().deleteFiles();
  }

  importModelFolder(
    items: ModelFolderFile[],
    knownIds: string[],
    onProgress: (progress: ModelImportProgress) => void,
  ): Promise<ModelImportResult> {
    return importModelFolder(items, knownIds, onProgress);
  }

  localModels(): Promise<LocalModel[]> {
    return listLocalModels();
  }

  async deleteLocalModel(modelId: string): Promise<LocalModel[]> {
    await deleteLocalModel(modelId);
    return listLocalModels();
  }

  async loadModel(): Promise<ModelStatus> {
    this.#requireHost().allowDownload();
    await this.#access.embedder();
    return this.#requireHost().status;
  }

  async reconnected(): Promise<void> {
    // The first use of a model loaded now gives documents stored meanwhile their vectors.
    if (await this.#requireHost().reconnected()) await this.#access.embedder().catch(() => {});
    this.#queue?.unblock('model');
  }

  async enqueue(items: IngestItem[]): Promise<void> {
    await this.#requireQueue().enqueue(items);
  }

  async pauseIndexing(): Promise<void> {
    this.#requireQueue().pause();
  }

  async resumeIndexing(): Promise<void> {
    this.#requireQueue().resume();
  }

  async cancelIndexing(): Promise<void> {
    await this.#requireQueue().cancel();
  }

  async retryIndexing(key?: string): Promise<void> {
    const queue = this.#requireQueue();
    if (key === undefined) queue.retry();
    else await queue.retryFile(key);
  }

  async forgetFinished(): Promise<void> {
    this.#requireQueue().forgetFinished();
  }

  async getDocument(id: string): Promise<DocumentView | undefined> {
    if (this.#pack) return this.#pack.library.document(id);
    const doc = await this.#library.document(id);
    if (!doc) return undefined;
    const { record, source } = doc;
    return { id, name: record.name, path: pathOf(record), format: record.format, text: source };
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const started = performance.now();
    if (this.#pack) request = this.#pack.request(request);
    // "More like this" reads the passage's stored vector: no model call.
    const embedder: QueryEmbedder =
      request.mode === 'keywords' || request.like
        ? { unavailable: 'not asked for' }
        : await this.#access.embedder().then(
            (loaded) => ({ embed: () => loaded.embedQuery(request.query, request.instruction) }),
            (error: unknown) => ({ unavailable: errorMessage(error) }),
          );
    if (this.#pack) return searchPack(this.#pack.library, request, embedder, started);
    return searchStage1(this.#library, request, embedder, started);
  }

  async removeDocument(id: string): Promise<void> {
    await this.#shared.remove(() => [id]);
    this.#queue?.unblock('storage-full');
  }

  async clearCollection(collection: string): Promise<void> {
    await this.#shared.remove(() => this.#library.idsIn(collection));
    this.#queue?.unblock('storage-full');
  }

  async deviceReport(): Promise<DeviceReport> {
    const { threads, reason, crossOriginIsolated, cores } = wasmThreads();
    return {
      gpu: await this.#requireHost().gpu(),
      crossOriginIsolated,
      wasmThreads: threads,
      wasmThreadsReason: reason,
      cores,
    };
  }

  createCollection(name: string): Promise<CollectionSummary> {
    return this.#shared.createCollection(name);
  }

  renameCollection(id: string, name: string): Promise<void> {
    return this.#shared.renameCollection(id, name);
  }

  async deleteCollection(id: string): Promise<void> {
    await this.#shared.deleteCollection(id);
    this.#queue?.unblock('storage-full');
  }

  async exportCollection(
    collectionId: string,
    instruction: string,
    onProgress: (progress: PackTransferProgress) => void,
  ): Promise<PackExportResult> {
    const result = await exportLibraryCollection(
      this.#packContext(),
      collectionId,
      instruction,
      onProgress,
    );
    return transfer(result, [result.bytes.buffer]);
  }

  importPack(
    bytes: Uint8Array,
    options: PackImportOptions,
    onProgress: (progress: PackTransferProgress) => void,
  ): Promise<PackImportResult> {
    return importLibraryPack(this.#packContext(), bytes, options, onProgress);
  }

  #packContext(): LibraryPacksContext {
    return {
      settings: this.#requireSettings(),
      host: this.#requireHost(),
      shared: this.#shared,
      availableEmbedder: () => this.#access.available(),
      // Re-indexing ran when the model loaded: documents stored since need another round.
      reindex: () => this.#access.reindexAgain(),
    };
  }

  #requireSettings(): EngineSettings {
    if (!this.#settings || this.#pack) throw new Error('No library is open here.');
    return this.#settings;
  }

  #requireQueue(): IngestQueue {
    if (!this.#queue) throw new Error('open() must be called first.');
    return this.#queue;
  }

  #requireHost(): ModelHost<Qwen3Embedder> {
    if (!this.#host) throw new Error('open() must be called first.');
    return this.#host;
  }
}
