// Main-thread handle on the embedder worker: started on first use, opened with the current
// settings, and restarted (on WASM if WebGPU was the cause) when it dies; the failed call is
// retried once. Ingestion is safe to retry: finished files are recognised by content hash.

import { proxy, type Remote } from 'comlink';
import type { DocumentSummary, EmbedderApi, EngineSettings } from '../../workers/embedder/api';
import type { ModelStatus } from '../../workers/model-types';
import { IDLE_STATUS } from '../../workers/model-types';
import { SupervisedWorker, type WorkerHandle } from './supervised-worker';

export interface EmbedderClientOptions {
  settings: () => EngineSettings;
  onStatus: (status: ModelStatus) => void;
  /** Documents as stored, after each (re)start of the worker. */
  onOpened: (documents: DocumentSummary[]) => void;
  onNotice: (message: string) => void;
  createWorker?: () => WorkerHandle;
}

function startEmbedderWorker(): WorkerHandle {
  return new Worker(new URL('../../workers/embedder/embedder.worker.ts', import.meta.url), {
    type: 'module',
    name: 'sieve-embedder',
  });
}

export class EmbedderClient {
  #worker: SupervisedWorker<EmbedderApi>;
  #status: ModelStatus = IDLE_STATUS;
  #forceWasm = false;

  constructor(private readonly options: EmbedderClientOptions) {
    this.#worker = new SupervisedWorker<EmbedderApi>(
      options.createWorker ?? startEmbedderWorker,
      async (api) => {
        const settings = options.settings();
        const onStatus = proxy((status: ModelStatus) => {
          this.#status = status;
          options.onStatus(status);
        });
        options.onOpened(
          await api.open(this.#forceWasm ? { ...settings, backend: 'wasm' } : settings, onStatus),
        );
      },
    );
  }

  /** Runs `fn` against the worker, restarting it and retrying once if it dies meanwhile. */
  call<T>(fn: (api: Remote<EmbedderApi>) => Promise<T>): Promise<T> {
    return this.#worker.callWithRestart(fn, (error) => {
      const gpuCaused = this.#status.backend === 'webgpu';
      if (gpuCaused) this.#forceWasm = true;
      const reason = error instanceof Error ? error.message : String(error);
      this.options.onNotice(
        `The embedding worker stopped (${reason}); restarted it${gpuCaused ? ' on WASM' : ''}.`,
      );
    });
  }

  /** Applies new settings: a fresh worker (the old model's memory is freed) on next use. */
  restart(): void {
    this.#forceWasm = false;
    this.#worker.stop();
  }
}

/** Marks a callback to be called across the worker boundary. */
export { proxy as callback } from 'comlink';
