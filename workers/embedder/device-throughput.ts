// This device's embedding speed, in the embedder worker: a ThroughputTracker fed by a timed passage
// after the model's warm-up and by every slice indexing embeds, stored in the queue's IndexedDB per
// model, dtype, backend and device (WASM threads or GPU adapter), so that a later visit has an
// estimate before the model has loaded.

import { get, set, type UseStore } from 'idb-keyval';
import { ThroughputTracker, type StoredThroughput } from '../../src/core/embedding-throughput';
import type { EmbeddingThroughput } from '../../src/core/types/library';
import type { Backend, Dtype, GpuReport } from '../../src/core/types/models';
import { wasmThreads } from '../../src/engine/models/runtime-env';
import type { Qwen3Embedder } from '../../src/engine/qwen3/embedder';

/**
 * The timed warm-up passage: 115 content tokens of ordinary prose with a few numbers, about what a
 * short section of a document gives; on real-size WASM it takes about a second.
 */
export const THROUGHPUT_PASSAGE =
  'Before the spring inspection, check that the hive entrance is clear and that the colony has enough stores to last until the first nectar flow. Lift each frame slowly and look for eggs and young larvae, the sign of a laying queen; note any capped queen cells along the lower edges. Replace damaged comb, scrape propolis from the frame rests, and record the date, the weather (say 14 °C, light wind) and the number of frames covered with bees, so that the next visit in 7–10 days can be compared with this one.';

const KEY_PREFIX = 'throughput:';
/** Indexing's figure is stored at most this often (a slice of a tiny model takes milliseconds). */
const SAVE_MS = 5_000;

interface Target {
  modelId: string;
  backend: Backend;
  dtype: Dtype;
}

export class DeviceThroughput {
  #tracker = new ThroughputTracker();
  #target: (Target & { key: string }) | undefined;
  #listener: () => void = () => {};
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly db: UseStore,
    private readonly gpu: () => Promise<GpuReport>,
  ) {}

  /** Called with each new figure (the page hears it in the queue's state). */
  onChange(listener: () => void): void {
    this.#listener = listener;
  }

  /**
   * Where the model runs (or will): a figure stored for it on an earlier visit is used until this
   * session measures. Another target starts afresh.
   */
  async use(target: Target): Promise<void> {
    const key = await this.#keyOf(target);
    if (this.#target?.key === key) return;
    this.#flush();
    this.#target = { ...target, key };
    this.#tracker = new ThroughputTracker();
    const stored = await get<StoredThroughput>(key, this.db).catch(() => undefined);
    if (!stored || this.#target.key !== key) return;
    this.#tracker.seed(stored);
    this.#listener();
  }

  /**
   * Times the fixed passage on a model that has just run its (untimed) warm-up, as a document.
   * Never fails the load: without a figure the estimate waits for indexing's.
   */
  async measure(embedder: Qwen3Embedder, target: Target): Promise<void> {
    try {
      // The plan that loaded may differ from the one announced (a WebGPU → WASM fallback).
      await this.use(target);
      const tokens = embedder.countTokens(THROUGHPUT_PASSAGE);
      const started = performance.now();
      await embedder.embedDocuments([THROUGHPUT_PASSAGE]);
      this.#record(tokens, performance.now() - started, 'warm-up');
      this.#flush();
    } catch {
      // A figure is a nicety; the model works without one.
    }
  }

  /** A slice indexing embedded: `tokens` content tokens in `ms` of embedding time. */
  record(tokens: number, ms: number): void {
    this.#record(tokens, ms, 'indexing');
    this.#saveTimer ??= setTimeout(() => this.#flush(), SAVE_MS);
  }

  /** The figure for the page, once there is one. */
  get current(): EmbeddingThroughput | undefined {
    const tokensPerSecond = this.#tracker.tokensPerSecond;
    const target = this.#target;
    if (tokensPerSecond === undefined || !target) return undefined;
    const current: EmbeddingThroughput = {
      tokensPerSecond,
      source: this.#tracker.source,
      backend: target.backend,
      dtype: target.dtype,
    };
    if (this.#tracker.stored) current.stored = true;
    return current;
  }

  #record(tokens: number, ms: number, source: 'warm-up' | 'indexing'): void {
    if (!this.#target) return;
    this.#tracker.record(tokens, ms, source);
    this.#listener();
  }

  /** Stores the figure now (a failed write only loses the next visit's head start). */
  #flush(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    const stored = this.#tracker.toStored(Date.now());
    if (!this.#target || !stored || this.#tracker.stored) return;
    void set(this.#target.key, stored, this.db).catch(() => {});
  }

  /** The device part of the key: WASM's thread count, or the GPU adapter. */
  async #keyOf({ modelId, backend, dtype }: Target): Promise<string> {
    let device = `${wasmThreads().threads} threads`;
    if (backend === 'webgpu') {
      const gpu = await this.gpu().catch(() => undefined);
      device = `${gpu?.vendor ?? 'gpu'} ${gpu?.architecture ?? ''}`.trim();
    }
    return `${KEY_PREFIX}${modelId}|${dtype}|${backend}|${device}`;
  }
}
