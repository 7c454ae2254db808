// Times the thread probe model (src/core/thread-probe-model.ts) on ONNX Runtime Web's WASM backend
// at one thread count: the same onnxruntime-web build and self-hosted wasm files as the models.
// Runs in a probe worker of its own, since ORT reads numThreads once, when its WASM starts.

import * as ort from 'onnxruntime-web/webgpu';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import {
  buildProbeModel,
  PROBE_INPUT,
  probeInput,
  THREAD_PROBE_SPEC,
} from '../../core/thread-probe-model';
import type { ProbeMeasurement } from '../../core/wasm-threads';

/** Starts ORT with `threads` threads, runs the probe once to warm up, then times `runs` runs. */
export async function timeProbe(threads: number, runs: number): Promise<ProbeMeasurement> {
  if (threads > 1 && !self.crossOriginIsolated)
    throw new Error('threads need a cross-origin isolated page (SharedArrayBuffer)');
  const start = performance.now();
  const wasm = ort.env.wasm;
  wasm.wasmPaths = {
    wasm: new URL(ortWasmUrl, self.location.href).href,
    mjs: new URL(ortFactoryUrl, self.location.href).href,
  };
  wasm.numThreads = threads;
  wasm.proxy = false;
  const session = await ort.InferenceSession.create(buildProbeModel(THREAD_PROBE_SPEC), {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
  });
  try {
    const { rows, hidden } = THREAD_PROBE_SPEC;
    const feeds = {
      [PROBE_INPUT]: new ort.Tensor('float32', probeInput(THREAD_PROBE_SPEC), [rows, hidden]),
    };
    const warm = performance.now();
    await session.run(feeds);
    const setupMs = performance.now() - start;
    const runsMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await session.run(feeds);
      runsMs.push(performance.now() - t);
    }
    return {
      threads,
      // The fastest run: what the cores do when nothing else competes for them. A median
      // measured on a busy machine (another tab, a build) would pick too few threads for good.
      ms: Math.min(...runsMs),
      runsMs,
      warmupMs: performance.now() - warm - runsMs.reduce((a, b) => a + b, 0),
      setupMs,
    };
  } finally {
    await session.release();
  }
}
