// The thread-probe worker's contract, shared by the worker (`expose`) and its client (`wrap`). One
// fresh worker per thread count: ONNX Runtime fixes its WASM thread count when it starts.

import type { ProbeMeasurement } from '../../src/core/wasm-threads';

export interface ThreadProbeApi {
  /** Times the probe model at `threads` WASM threads: a warm-up, then the fastest of `runs`. */
  measure(threads: number, runs: number): Promise<ProbeMeasurement>;
}
