// Main-thread driver of the WASM thread probe: one fresh worker per candidate thread count (ORT
// fixes its count when its WASM starts), one after another so they do not compete for cores, each
// terminated after its measurement, all within a deadline so model loading never waits long.

import { releaseProxy, wrap } from 'comlink';
import { errorMessage } from '../core/errors';
import type { ProbeMeasurement } from '../core/wasm-threads';
import type { ThreadProbeApi } from '../../workers/thread-probe/api';
import type { WorkerHandle } from './supervised-worker';

export interface ThreadProbeOptions {
  candidates: readonly number[];
  /** Timed runs per count, after one warm-up run. */
  runs?: number;
  /** The whole probe's deadline; counts not measured by then are left out. */
  timeoutMs?: number;
  createWorker?: () => WorkerHandle;
}

export interface ThreadProbeOutcome {
  measurements: ProbeMeasurement[];
  /** Wall time of the whole probe. */
  probeMs: number;
  /** What went wrong, if a count could not be measured (the others still count). */
  error?: string;
}

export const PROBE_RUNS = 7;
export const PROBE_TIMEOUT_MS = 8_000;
/**
 * Each candidate's worker needs ~1–1.5 s on an idle machine (fetching and compiling ORT's wasm),
 * but the probe runs while the page opens and a model loads: on 2 busy cores a 2-thread candidate
 * took over 8 s (the probe timed out in 2 of 3 CI runs at 3 s each). Measured once per device, so waiting is cheap.
 */
const PROBE_MS_PER_CANDIDATE = 8_000;

function startProbeWorker(): WorkerHandle {
  return new Worker(new URL('../../workers/thread-probe/thread-probe.worker.ts', import.meta.url), {
    type: 'module',
    name: 'sieve-thread-probe',
  });
}

/** Rejects when the worker fails to start or dies (its error event), or at the deadline. */
function failure(
  handle: WorkerHandle,
  deadline: number,
  timeoutMs: number,
): { promise: Promise<never>; stop(): void } {
  let stop = () => {};
  const promise = new Promise<never>((_, reject) => {
    const onError = (event: Event) =>
      reject(new Error(`probe worker failed: ${(event as ErrorEvent).message || event.type}`));
    const timer = setTimeout(
      () => reject(new Error(`the probe timed out after ${timeoutMs / 1000} s`)),
      Math.max(0, deadline - performance.now()),
    );
    handle.addEventListener('error', onError as EventListener);
    stop = () => {
      clearTimeout(timer);
      handle.removeEventListener('error', onError as EventListener);
    };
  });
  promise.catch(() => {});
  return { promise, stop: () => stop() };
}

/** Measures each candidate count in a worker of its own; never rejects. */
export async function measureThreadCounts(
  options: ThreadProbeOptions,
): Promise<ThreadProbeOutcome> {
  const {
    runs = PROBE_RUNS,
    timeoutMs = Math.max(PROBE_TIMEOUT_MS, PROBE_MS_PER_CANDIDATE * options.candidates.length),
    createWorker = startProbeWorker,
  } = options;
  const start = performance.now();
  const deadline = start + timeoutMs;
  const measurements: ProbeMeasurement[] = [];
  let error: string | undefined;
  for (const threads of options.candidates) {
    let handle: WorkerHandle | undefined;
    let fail: ReturnType<typeof failure> | undefined;
    try {
      handle = createWorker();
      fail = failure(handle, deadline, timeoutMs);
      const api = wrap<ThreadProbeApi>(handle);
      try {
        measurements.push(await Promise.race([api.measure(threads, runs), fail.promise]));
      } finally {
        api[releaseProxy]();
      }
    } catch (e) {
      error = `${threads} threads: ${errorMessage(e)}`;
      // Past the deadline nothing more is tried; a failed count does not stop the others.
      if (performance.now() >= deadline) break;
    } finally {
      fail?.stop();
      handle?.terminate();
    }
  }
  return { measurements, probeMs: performance.now() - start, ...(error && { error }) };
}
