// A worker that is started on first use, wrapped with comlink, and watched: if it dies (an
// uncaught error, out of memory) every pending call fails with WorkerCrashedError instead of
// hanging, and the next call starts a fresh worker. Main thread.

import { wrap, type Endpoint, type Remote } from 'comlink';

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

interface Running<Api> {
  handle: WorkerHandle;
  api: Remote<Api>;
  crashed: Promise<never>;
  ready: Promise<void>;
}

export class SupervisedWorker<Api> {
  #running: Running<Api> | undefined;

  constructor(
    private readonly create: () => WorkerHandle,
    /** Runs once per fresh worker before any call (e.g. passing settings). */
    private readonly init: (api: Remote<Api>) => Promise<void>,
  ) {}

  get running(): boolean {
    return this.#running !== undefined;
  }

  /** Runs `fn` against the worker; rejects with WorkerCrashedError if the worker dies meanwhile. */
  async call<T>(fn: (api: Remote<Api>) => Promise<T>): Promise<T> {
    const running = this.#start();
    return Promise.race([running.ready.then(() => fn(running.api)), running.crashed]);
  }

  /**
   * Like `call`, but when the worker dies or its model fails fatally, starts a fresh worker and
   * retries once; `onRestart` runs in between (e.g. to switch to WASM). A second failure rejects.
   */
  async callWithRestart<T>(
    fn: (api: Remote<Api>) => Promise<T>,
    onRestart: (error: unknown) => void,
  ): Promise<T> {
    try {
      return await this.call(fn);
    } catch (error) {
      if (!isFatal(error)) throw error;
      this.stop();
      onRestart(error);
      return await this.call(fn);
    }
  }

  /** Terminates the worker (frees its memory); the next call starts a new one. */
  stop(): void {
    this.#running?.handle.terminate();
    this.#running = undefined;
  }

  #start(): Running<Api> {
    if (this.#running) return this.#running;
    const handle = this.create();
    const crashed = new Promise<never>((_, reject) => {
      const fail = (event: Event) => {
        if (this.#running?.handle === handle) this.stop();
        const detail = (event as ErrorEvent).message || event.type;
        reject(new WorkerCrashedError(detail));
      };
      handle.addEventListener('error', fail as EventListener);
      handle.addEventListener('messageerror', fail as EventListener);
    });
    crashed.catch(() => {}); // observed by callers through `call`
    const api = wrap<Api>(handle);
    const running: Running<Api> = { handle, api, crashed, ready: Promise.resolve() };
    running.ready = Promise.race([this.init(api), crashed]);
    running.ready.catch(() => {
      if (this.#running === running) this.stop();
    });
    this.#running = running;
    return running;
  }
}
