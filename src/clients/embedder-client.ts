// Main-thread handle on the embedder worker: started on first use, opened with the current
// settings, and restarted (on WASM if WebGPU was the cause) when it dies; the failed call is
// retried once. Ingestion is safe to retry: finished files are recognised by content hash.

import { proxy, type Remote } from 'comlink';
import type {
  DocumentSummary,
  EmbedderApi,
  EngineSettings,
  QueueEvent,
} from '../../workers/embedder/api';
import type { ModelStatus } from '../../workers/model-types';
import { IDLE_STATUS } from '../../workers/model-types';
import { SupervisedWorker, type WorkerHandle } from './supervised-worker';

export interface EmbedderClientOptions {
  settings: () => EngineSettings;
  onStatus: (status: ModelStatus) => void;
  /** Documents as stored, after each (re)start of the worker. */
  onOpened: (documents: DocumentSummary[]) => void;
  onNotice: (message: string) => void;
  /** Indexing queue changes (rows, state, the library after saves). */
  onQueue: (event: QueueEvent) => void;
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

  constructor(options: EmbedderClientOptions) {
    this.#worker = new SupervisedWorker<EmbedderApi>(
      options.createWorker ?? startEmbedderWorker,
      async (api, forceWasm) => {
        const settings = options.settings();
        const onStatus = proxy((status: ModelStatus) => {
          this.#status = status;
          options.onStatus(status);
        });
        const onQueue = proxy((event: QueueEvent) => options.onQueue(event));
        options.onOpened(
          await api.open(
            forceWasm ? { ...settings, backend: 'wasm' } : settings,
            onStatus,
            onQueue,
          ),
        );
      },
      {
        name: 'embedding worker',
        usesWebGpu: () => this.#status.backend === 'webgpu',
        onNotice: options.onNotice,
      },
    );
  }

  /** Starts the worker: it opens the library (reported through `onOpened`) and plans its device. */
  async prepare(): Promise<void> {
    await this.#worker.call(async () => {});
  }

  /** Runs `fn` against the worker, restarting it and retrying once if it dies meanwhile. */
  call<T>(fn: (api: Remote<EmbedderApi>) => Promise<T>): Promise<T> {
    return this.#worker.callWithRestart(fn);
  }

  /** Applies new settings: a fresh worker (the old model's memory is freed) on next use. */
  restart(): void {
    this.#worker.reset();
  }
}

/** Marks a callback to be called across the worker boundary. */
export { proxy as callback } from 'comlink';
