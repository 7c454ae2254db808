// The embedder worker's implementation of `EmbedderApi`: model lifecycle (device plan, WebGPU →
// WASM fallback, warm-up), the persisted library, ingestion and search. Runs in the worker.

import type { ProgressInfo } from '@huggingface/transformers';
import type {
  DocumentSummary,
  EmbedderApi,
  EngineSettings,
  IngestUpdate,
  ModelStatus,
  SearchResponse,
} from '../../workers/embedder/api';
import { detectGpu, planDevice, withWasmFallback, type DevicePlan, type GpuReport } from './device';
import { ingestFiles } from './ingest';
import { Library } from './library';
import { indexKeyOf, LibraryStore } from './library-store';
import { QWEN3_EMBEDDING_DTYPES, Qwen3Embedder } from './qwen3-embedder';
import { configureTransformers } from './runtime-env';

const PROGRESS_INTERVAL_MS = 100;
const OVERLAP_TOKENS = 48;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class EmbedderService implements EmbedderApi {
  #settings: EngineSettings | undefined;
  #status: ModelStatus = { phase: 'idle', modelId: '', reasons: [], files: {} };
  #notify: (status: ModelStatus) => void = () => {};
  #lastNotify = 0;
  #library = new Library(new LibraryStore());
  #gpu: Promise<GpuReport> | undefined;
  #embedder: Promise<Qwen3Embedder> | undefined;

  async open(
    settings: EngineSettings,
    onModelStatus: (status: ModelStatus) => void,
  ): Promise<DocumentSummary[]> {
    this.#settings = settings;
    this.#notify = onModelStatus;
    configureTransformers(settings.source);
    const plan = this.#plan(await this.#detectGpu());
    await this.#library.open(indexKeyOf(settings.modelId, plan.dtype, settings.dimension));
    this.#update({
      phase: 'idle',
      modelId: settings.modelId,
      backend: plan.backend,
      dtype: plan.dtype,
      reasons: plan.reasons,
      files: {},
    });
    return this.#library.summaries();
  }

  async loadModel(): Promise<ModelStatus> {
    await this.#ensureEmbedder();
    return this.#status;
  }

  async ingest(
    files: File[],
    onUpdate: (update: IngestUpdate) => void,
  ): Promise<DocumentSummary[]> {
    await ingestFiles(
      files,
      {
        library: this.#library,
        embedder: () => this.#ensureEmbedder(),
        maxFileBytes: this.#requireSettings().maxFileBytes,
        overlapTokens: OVERLAP_TOKENS,
      },
      onUpdate,
    );
    return this.#library.summaries();
  }

  async search(query: string, k: number): Promise<SearchResponse> {
    const started = performance.now();
    const embedder = await this.#ensureEmbedder();
    const embedStart = performance.now();
    const vector = await embedder.embedQuery(query);
    const searchStart = performance.now();
    const hits = this.#library.search(vector, k);
    const end = performance.now();
    return {
      hits,
      searched: this.#library.vectorCount,
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
    await this.#library.remove(id);
    return this.#library.summaries();
  }

  async clearLibrary(): Promise<DocumentSummary[]> {
    await this.#library.clear();
    return this.#library.summaries();
  }

  #requireSettings(): EngineSettings {
    if (!this.#settings) throw new Error('open() must be called first.');
    return this.#settings;
  }

  #detectGpu(): Promise<GpuReport> {
    this.#gpu ??= detectGpu();
    return this.#gpu;
  }

  #plan(gpu: GpuReport): DevicePlan {
    const { backend, dtype } = this.#requireSettings();
    return planDevice(gpu, QWEN3_EMBEDDING_DTYPES, { backend, dtype });
  }

  #ensureEmbedder(): Promise<Qwen3Embedder> {
    this.#embedder ??= this.#load().catch((error: unknown) => {
      this.#embedder = undefined;
      this.#update({ phase: 'error', error: message(error) });
      throw error;
    });
    return this.#embedder;
  }

  async #load(): Promise<Qwen3Embedder> {
    this.#update({ phase: 'detecting' });
    const plan = this.#plan(await this.#detectGpu());
    return withWasmFallback(plan, QWEN3_EMBEDDING_DTYPES, (p) => this.#loadWith(p));
  }

  async #loadWith(plan: DevicePlan): Promise<Qwen3Embedder> {
    const settings = this.#requireSettings();
    this.#update({
      phase: 'downloading',
      backend: plan.backend,
      dtype: plan.dtype,
      reasons: plan.reasons,
      files: {},
      error: undefined,
    });
    const loadStart = performance.now();
    const embedder = await Qwen3Embedder.load({
      modelId: settings.modelId,
      device: plan.backend,
      dtype: plan.dtype,
      dimension: settings.dimension,
      onProgress: (info) => this.#onDownload(info),
    });
    try {
      this.#update({ phase: 'warming', loadMs: performance.now() - loadStart });
      const warmStart = performance.now();
      // The first run compiles WebGPU shaders / allocates the WASM arena: keep it off user timings.
      await embedder.embedQuery('warm-up');
      const warmupMs = performance.now() - warmStart;
      await this.#library.attachIndex(
        indexKeyOf(settings.modelId, plan.dtype, settings.dimension),
        embedder.dimension,
      );
      this.#update({ phase: 'ready', warmupMs, dimension: embedder.dimension });
    } catch (error) {
      await embedder.dispose();
      throw error;
    }
    void this.#reindexMissing(embedder);
    return embedder;
  }

  /** Documents stored under another model, dtype or dimension get vectors for this one. */
  async #reindexMissing(embedder: Qwen3Embedder): Promise<void> {
    const pending = this.#library.withoutVectors();
    if (pending.length === 0) return;
    for (const [done, doc] of pending.entries()) {
      this.#update({ reindex: { done, total: pending.length } });
      try {
        const texts = Array.from(doc.chunks.starts, (_, i) => this.#library.chunkText(doc, i));
        await this.#library.setVectors(doc.record.id, await embedder.embedDocuments(texts));
      } catch (error) {
        this.#update({
          reasons: [
            ...this.#status.reasons,
            `Re-indexing ${doc.record.name} failed: ${message(error)}`,
          ],
        });
      }
    }
    this.#update({ reindex: undefined });
  }

  #onDownload(info: ProgressInfo): void {
    const files = { ...this.#status.files };
    if (info.status === 'progress_total') {
      Object.assign(files, info.files);
    } else if (info.status === 'progress') {
      files[info.file] = { loaded: info.loaded, total: info.total };
    } else if (info.status === 'done' && files[info.file]) {
      const f = files[info.file]!;
      files[info.file] = { loaded: f.total, total: f.total };
    } else {
      return;
    }
    this.#update({ files }, info.status !== 'done');
  }

  /** `throttle` drops updates closer than PROGRESS_INTERVAL_MS: download events come by the hundred. */
  #update(patch: Partial<ModelStatus>, throttle = false): void {
    this.#status = { ...this.#status, ...patch };
    const now = performance.now();
    if (throttle && now - this.#lastNotify < PROGRESS_INTERVAL_MS) return;
    this.#lastNotify = now;
    this.#notify(this.#status);
  }
}
