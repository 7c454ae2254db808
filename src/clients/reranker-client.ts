// Main-thread handle on the reranker worker: started lazily, stopped after an idle period to free
// the model's memory, restarted and retried once when it dies (on WASM if WebGPU was the cause).

import { proxy } from 'comlink';
import { IDLE_STATUS, type ModelFiles, type ModelSettings } from '../core/types/models';
import type { RerankProgress, RerankRequest, RerankResult } from '../core/types/rerank';
import type { RerankerApi } from '../../workers/reranker/api';
import type { ModelClient, ModelClientOptions } from './model-client';
import { SupervisedWorker, type WorkerHandle } from './supervised-worker';
import { startGranted } from './worker-connections';

export interface RerankerClientOptions extends ModelClientOptions<ModelSettings> {
  idleMs: () => number;
}

function startRerankerWorker(): WorkerHandle {
  return new Worker(new URL('../../workers/reranker/reranker.worker.ts', import.meta.url), {
    type: 'module',
    name: 'sieve-reranker',
  });
}

export class RerankerClient implements ModelClient {
  readonly #worker: SupervisedWorker<RerankerApi>;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: RerankerClientOptions) {
    this.#worker = new SupervisedWorker<RerankerApi>(
      options.createWorker ?? (() => startGranted(options.connections(), startRerankerWorker)),
      async (api, forceWasm) => {
        await options.beforeStart?.();
        const settings = options.settings();
        await api.configure(
          forceWasm ? { ...settings, backend: 'wasm' } : settings,
          proxy(options.onStatus),
        );
      },
      {
        name: 'reranker',
        usesWebGpu: () => options.backend() === 'webgpu',
        onNotice: options.onNotice,
      },
    );
  }

  /** Starts the worker and plans its device, without downloading the model. */
  async prepare(): Promise<void> {
    await this.#worker.call(async () => {});
  }

  async load(): Promise<void> {
    await this.#worker.call((api) => api.load());
    this.#armIdleTimer();
  }

  async rerank(
    request: RerankRequest,
    onProgress: (progress: RerankProgress) => void,
  ): Promise<RerankResult> {
    this.#clearIdleTimer();
    const progress = proxy(onProgress);
    try {
      return await this.#worker.callWithRestart((api) => api.rerank(request, progress));
    } finally {
      this.#armIdleTimer();
    }
  }

  async reconnected(): Promise<void> {
    // A stopped worker has no failed download to resume.
    if (this.#worker.running) await this.#worker.call((api) => api.reconnected());
  }

  files(): Promise<ModelFiles> {
    return this.#worker.call((api) => api.modelFiles());
  }

  deleteFiles(): Promise<ModelFiles> {
    return this.#worker.call((api) => api.deleteModelFiles());
  }

  cancel(id: number): void {
    if (this.#worker.running) void this.#worker.call((api) => api.cancel(id)).catch(() => {});
  }

  /** Frees the model now; the next rerank reloads it. */
  unload(reason: string): void {
    this.#clearIdleTimer();
    if (!this.#worker.running) return;
    this.#worker.stop();
    const { modelId } = this.options.settings();
    this.options.onStatus({ ...IDLE_STATUS, modelId, reasons: [reason] });
  }

  reset(): void {
    this.unload('Settings changed.');
    this.#worker.reset();
  }

  #armIdleTimer(): void {
    this.#clearIdleTimer();
    const idleMs = this.options.idleMs();
    if (!Number.isFinite(idleMs) || idleMs <= 0) return;
    this.#idleTimer = setTimeout(
      () =>
        this.unload(
          `Unloaded after ${Math.round(idleMs / 60_000)} min idle to free memory; reloads when needed.`,
        ),
      idleMs,
    );
  }

  #clearIdleTimer(): void {
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
  }
}
