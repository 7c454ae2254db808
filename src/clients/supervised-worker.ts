// A model worker that is started on first use, wrapped with comlink, and watched: if it dies (an
// uncaught error, out of memory) pending calls fail with WorkerCrashedError instead of hanging;
// `callWithRestart` then starts a fresh worker, on WASM if WebGPU was in use. Main thread.

import { wrap, type Endpoint, type Remote } from 'comlink';
import { errorMessage } from '../core/errors';

export interface WorkerHandle extends Endpoint {
  terminate(): void;
}

/** Errors after which a worker's model state cannot be trusted: restart rather than reuse. */
const FATAL =
  /device (was |is )?lost|out of memory|memory access out of bounds|Aborted\(|allocation failed|GPUDevice/i;

export function isFatal(error: unknown): boolean {
  return (
    error instanceof WorkerCrashedError || (error instanceof Error && FATAL.test(error.message))
  );
}

export class WorkerCrashedError extends Error {
  constructor(detail: string) {
    super(`The worker stopped unexpectedly: ${detail}`);
    this.name = 'WorkerCrashedError';
  }
}

export interface Supervision {
  /** Names the worker in notices, e.g. "reranker". */
  name: string;
  /** Whether the worker's model runs on WebGPU: a restart after a failure then uses WASM. */
  usesWebGpu: () => boolean;
  onNotice: (message: string) => void;
}

interface Running<Api> {
  /** Set once the worker exists (`create` may first tell the service worker its policy). */
  handle?: WorkerHandle;
  crashed: Promise<never>;
  /** The worker's API once it exists and `init` ran. */
  ready: Promise<Remote<Api>>;
}

export class SupervisedWorker<Api> {
  #running: Running<Api> | undefined;
  #forceWasm = false;

  constructor(
    private readonly create: () => WorkerHandle | Promise<WorkerHandle>,
    /** Runs once per fresh worker before any call (e.g. passing settings). */
    private readonly init: (api: Remote<Api>, forceWasm: boolean) => Promise<void>,
    private readonly supervision: Supervision,
  ) {}

  get running(): boolean {
    return this.#running !== undefined;
  }

  /** Runs `fn` against the worker; rejects with WorkerCrashedError if the worker dies meanwhile. */
  async call<T>(fn: (api: Remote<Api>) => Promise<T>): Promise<T> {
    const running = this.#start();
    return Promise.race([running.ready.then(fn), running.crashed]);
  }

  /**
   * Like `call`, but when the worker dies or its model fails fatally, starts a fresh worker (on
   * WASM if WebGPU was in use), says so, and retries once. A second failure rejects.
   */
  async callWithRestart<T>(fn: (api: Remote<Api>) => Promise<T>): Promise<T> {
    try {
      return await this.call(fn);
    } catch (error) {
      if (!isFatal(error)) throw error;
      const gpuCaused = this.supervision.usesWebGpu();
      this.stop();
      if (gpuCaused) this.#forceWasm = true;
      const reason = errorMessage(error);
      this.supervision.onNotice(
        `The ${this.supervision.name} stopped (${reason}); restarted it${gpuCaused ? ' on WASM' : ''} and retried.`,
      );
      return await this.call(fn);
    }
  }

  /** Stops the worker and forgets an earlier WebGPU failure: new settings apply on next use. */
  reset(): void {
    this.#forceWasm = false;
    this.stop();
  }

  /** Terminates the worker (frees its memory); the next call starts a new one. */
  stop(): void {
    this.#running?.handle?.terminate();
    this.#running = undefined;
  }

  #start(): Running<Api> {
    if (this.#running) return this.#running;
    let crash!: (error: WorkerCrashedError) => void;
    const crashed = new Promise<never>((_, reject) => (crash = reject));
    crashed.catch(() => {}); // observed by callers through `call`
    // Current before `#launch` runs, which checks that it still is once `create` resolved.
    const running = { crashed } as Running<Api>;
    this.#running = running;
    running.ready = this.#launch(running, crash, this.#forceWasm);
    running.ready.catch(() => {
      if (this.#running === running) this.stop();
    });
    return running;
  }

  async #launch(
    running: Running<Api>,
    crash: (error: WorkerCrashedError) => void,
    forceWasm: boolean,
  ): Promise<Remote<Api>> {
    const handle = await this.create();
    // Stopped while `create` waited: the worker it made is not wanted.
    if (this.#running !== running) {
      handle.terminate();
      throw new WorkerCrashedError('stopped before it started');
    }
    const fail = (event: Event) => {
      if (this.#running === running) this.stop();
      crash(new WorkerCrashedError((event as ErrorEvent).message || event.type));
    };
    handle.addEventListener('error', fail as EventListener);
    handle.addEventListener('messageerror', fail as EventListener);
    running.handle = handle;
    const api = wrap<Api>(handle);
    await Promise.race([this.init(api, forceWasm), running.crashed]);
    return api;
  }
}
