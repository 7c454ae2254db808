// Main-thread handle on the reranker worker: started lazily, stopped after an idle period to free
// the model's memory, restarted and retried once when it dies (on WASM if WebGPU was the cause).

import { proxy } from 'comlink';
import type { ModelFiles, ModelSettings, ModelStatus } from '../../workers/model-types';
import { IDLE_STATUS } from '../../workers/model-types';
import type {
  RerankerApi,
  RerankProgress,
  RerankRequest,
  RerankResult,
} from '../../workers/reranker/api';
import { SupervisedWorker, type WorkerHandle } from './supervised-worker';

export interface RerankerClientOptions {
  settings: () => ModelSettings;
  onStatus: (status: ModelStatus) => void;
  /** Shown to the user when the worker was restarted. */
  onNotice: (message: string) => void;
  idleMs: () => number;
  createWorker?: () => WorkerHandle;
}

function startRerankerWorker(): WorkerHandle {
  return new Worker(new URL('../../workers/reranker/reranker.worker.ts', import.meta.url), {
    type: 'module',
    name: 'sieve-reranker',
  });
}

export class RerankerClient {
  #worker: SupervisedWorker<RerankerApi>;
  #status: ModelStatus = IDLE_STATUS;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: RerankerClientOptions) {
    this.#worker = new SupervisedWorker<RerankerApi>(
      options.createWorker ?? startRerankerWorker,
      async (api, forceWasm) => {
        const settings = options.settings();
        const onStatus = proxy((status: ModelStatus) => this.#setStatus(status));
        await api.configure(forceWasm ? { ...settings, backend: 'wasm' } : settings, onStatus);
      },
      {
        name: 'reranker',
        usesWebGpu: () => this.#status.backend === 'webgpu',
        onNotice: options.onNotice,
      },
    );
  }

  get status(): ModelStatus {
    return this.#status;
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

  /** The model's files and what of them is cached (starts the worker, downloads nothing). */
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
    this.#setStatus({ ...IDLE_STATUS, modelId: this.#status.modelId, reasons: [reason] });
  }

  /** New settings apply from the next start; a WebGPU crash is forgotten. */
  reset(): void {
    this.unload('Settings changed.');
    this.#worker.reset();
  }

  #setStatus(status: ModelStatus): void {
    this.#status = status;
    this.options.onStatus(status);
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
