// The embedder worker's implementation of `EmbedderApi`: the embedding model (through
// ModelHost), the persisted library, ingestion, re-indexing and search. Runs in the worker.

import type { ModelFiles } from '../model-types';
import type {
  DocumentSummary,
  CollectionSummary,
  DeviceReport,
  DocumentView,
  EmbedderApi,
  IngestItem,
  EngineSettings,
  QueueEvent,
  SearchScope,
  ModelStatus,
  SearchResponse,
} from './api';
import { QWEN3_EMBEDDING_MODEL_ID } from '../../src/core/qwen3-embedding';
import { createStore } from 'idb-keyval';
import { ingestFile } from '../../src/engine/ingest/ingest-file';
import { IngestQueue } from '../../src/engine/ingest/ingest-queue';
import { PendingVectors } from '../../src/engine/ingest/pending-vectors';
import { Library } from '../../src/engine/library/library';
import {
  collectionOf,
  indexKeyOf,
  LibraryStore,
  pathOf,
  type DocRecord,
} from '../../src/engine/library/library-store';
import { Collections } from '../../src/engine/library/collections';
import { errorMessage, ModelHost } from '../../src/engine/models/model-host';
import { QWEN3_EMBEDDING_DTYPES, Qwen3Embedder } from '../../src/engine/qwen3/embedder';
import { configureTransformers, wasmThreads } from '../../src/engine/models/runtime-env';
import {
  importModelFolder,
  type ModelFolderFile,
} from '../../src/engine/models/local-folder/import-folder';
import type {
  ModelImportProgress,
  ModelImportResult,
} from '../../src/engine/models/local-folder/import-folder';
import {
  deleteLocalModel,
  listLocalModels,
  type LocalModel,
} from '../../src/engine/models/local-folder/opfs-store';

const OVERLAP_TOKENS = 48;

export class EmbedderService implements EmbedderApi {
  #settings: EngineSettings | undefined;
  #host: ModelHost<Qwen3Embedder> | undefined;
  readonly #store = new LibraryStore();
  #library = new Library(this.#store, {
    onIndexLoad: (progress) => this.#host?.update({ indexLoad: progress }, progress !== undefined),
    onNote: (message) => this.#host?.note(message),
  });
  #reindexed = new WeakSet<Qwen3Embedder>();
  readonly #collections = new Collections(this.#store, this.#library);
  #queue: IngestQueue | undefined;
  readonly #queueDb = createStore('sieve-queue', 'files');

  async open(
    settings: EngineSettings,
    onModelStatus: (status: ModelStatus) => void,
    onQueue: (event: QueueEvent) => void,
  ): Promise<DocumentSummary[]> {
    this.#settings = settings;
    configureTransformers(settings.source);
    this.#host = new ModelHost(
      settings,
      {
        shipped: { modelId: QWEN3_EMBEDDING_MODEL_ID, dtypes: QWEN3_EMBEDDING_DTYPES },
        load: (plan, onProgress) =>
          Qwen3Embedder.load({
            modelId: settings.modelId,
            device: plan.backend,
            dtype: plan.dtype,
            dimension: settings.dimension,
            onProgress,
          }),
        warmUp: async (embedder, plan) => {
          // The first run compiles WebGPU shaders / sizes the WASM arena: keep it off user timings.
          await embedder.embedQuery('warm-up');
          await this.#library.attachIndex(
            this.#indexKey(plan.dtype),
            { modelId: settings.modelId, dtype: plan.dtype, dimension: embedder.dimension },
            settings.indexBackend,
          );
          const notes = [`Vector index: ${this.#library.indexDescription ?? 'not loaded'}`];
          return { dimension: embedder.dimension, notes };
        },
        dispose: (embedder) => embedder.dispose(),
      },
      onModelStatus,
    );
    const plan = await this.#host.announce();
    await this.#library.open(this.#indexKey(plan.dtype), settings.indexBackend);
    this.#queue = this.#createQueue(settings, onQueue);
    // Files an earlier session left in the queue are indexed again, in order.
    void this.#queue.restore();
    return this.#library.summaries();
  }

  #createQueue(settings: EngineSettings, onQueue: (event: QueueEvent) => void): IngestQueue {
    const pending = new PendingVectors(this.#queueDb);
    return new IngestQueue(this.#queueDb, {
      process: (item, report, checkpoint) =>
        ingestFile(
          item,
          {
            library: this.#library,
            embedder: () => this.#embedder({ wait: true }),
            maxFileBytes: settings.maxFileBytes,
            chunkTokens: settings.chunkTokens,
            overlapTokens: OVERLAP_TOKENS,
            checkpoint,
            pending: { store: pending, space: this.#library.indexKey ?? '' },
          },
          report,
        ),
      emit: onQueue,
      documents: () => this.#library.summaries(),
      drained: () => pending.clear(),
    });
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
    await this.#embedder();
    return this.#requireHost().status;
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

  async getDocument(id: string): Promise<DocumentView | undefined> {
    const doc = await this.#library.document(id);
    if (!doc) return undefined;
    const { record, source } = doc;
    return {
      id,
      name: record.name,
      path: pathOf(record),
      format: record.format,
      text: source,
    };
  }

  async search(
    query: string,
    k: number,
    instruction?: string,
    scope?: SearchScope,
  ): Promise<SearchResponse> {
    const started = performance.now();
    const embedder = await this.#embedder();
    const embedStart = performance.now();
    const vector = await embedder.embedQuery(query, instruction);
    const searchStart = performance.now();
    const only = scope?.documents && new Set(scope.documents);
    const inScope = (record: DocRecord) =>
      !scope || (collectionOf(record) === scope.collection && (!only || only.has(record.id)));
    const hits = await this.#library.search(vector, k, inScope);
    const end = performance.now();
    return {
      hits,
      searched: this.#library.searchedRows(inScope),
      timings: {
        queryEmbeddingMs: searchStart - embedStart,
        vectorSearchMs: end - searchStart,
        workerMs: end - started,
      },
    };
  }

  async listDocuments(): Promise<DocumentSummary[]> {
    return this.#library.summaries();
  }

  async removeDocument(id: string): Promise<DocumentSummary[]> {
    await this.#library.remove([id]);
    return this.#library.summaries();
  }

  async clearCollection(collection: string): Promise<DocumentSummary[]> {
    await this.#library.remove(this.#library.idsIn(collection));
    return this.#library.summaries();
  }

  async deviceReport(): Promise<DeviceReport> {
    const { threads, crossOriginIsolated, cores } = wasmThreads();
    return {
      gpu: await this.#requireHost().gpu(),
      crossOriginIsolated,
      wasmThreads: threads,
      cores,
    };
  }

  listCollections(): Promise<CollectionSummary[]> {
    return this.#collections.list();
  }

  createCollection(name: string): Promise<CollectionSummary[]> {
    return this.#collections.create(name);
  }

  renameCollection(id: string, name: string): Promise<CollectionSummary[]> {
    return this.#collections.rename(id, name);
  }

  deleteCollection(id: string): Promise<CollectionSummary[]> {
    return this.#collections.delete(id);
  }

  #requireSettings(): EngineSettings {
    if (!this.#settings) throw new Error('open() must be called first.');
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

  #indexKey(dtype: string): string {
    const { modelId, dimension } = this.#requireSettings();
    return indexKeyOf(modelId, dtype, dimension);
  }

  /** The loaded embedder; the first caller after a load also starts re-indexing. */
  async #embedder(options: { wait?: boolean } = {}): Promise<Qwen3Embedder> {
    const embedder = await this.#requireHost().get(options);
    if (!this.#reindexed.has(embedder)) {
      this.#reindexed.add(embedder);
      void this.#reindexMissing(embedder);
    }
    return embedder;
  }

  /** Documents stored under another model, dtype or dimension get vectors for this one. */
  async #reindexMissing(embedder: Qwen3Embedder): Promise<void> {
    const host = this.#requireHost();
    const pending = await this.#library.withoutVectors();
    if (pending.length === 0) return;
    for (const [done, doc] of pending.entries()) {
      host.update({ reindex: { done, total: pending.length } });
      try {
        const texts = await this.#library.embeddingInputs(doc);
        await this.#library.setVectors(doc.record.id, await embedder.embedDocuments(texts));
      } catch (error) {
        host.note(`Re-indexing ${doc.record.name} failed: ${errorMessage(error)}`);
      }
    }
    host.update({ reindex: undefined });
  }
}
