// The thread-probe worker's implementation of `ThreadProbeApi`: one measurement per worker, as
// ONNX Runtime's thread count cannot change once its WASM has started. Runs in the worker.

import type { ThreadProbeApi } from './api';
import { timeProbe } from '../../src/engine/models/thread-probe';
import type { ProbeMeasurement } from '../../src/core/wasm-threads';

export class ThreadProbeService implements ThreadProbeApi {
  #measured = false;

  async measure(threads: number, runs: number): Promise<ProbeMeasurement> {
    if (this.#measured) throw new Error('one measurement per probe worker: start a fresh one');
    this.#measured = true;
    return timeProbe(threads, runs);
  }
}
