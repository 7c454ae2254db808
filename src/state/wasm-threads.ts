// The WASM thread count both model workers get, chosen once per device: the stored verdict, or
// the thread probe's measurement (src/clients/thread-probe-client.ts), stored in localStorage by
// cores and user agent. Main thread; never rejects, never waits past the probe's deadline.

import {
  measureThreadCounts,
  type ThreadProbeOptions,
  type ThreadProbeOutcome,
} from '../clients/thread-probe-client';
import {
  chooseThreads,
  fallbackThreads,
  parseVerdict,
  threadCandidates,
  verdictKey,
  type WasmThreadsVerdict,
} from '../core/wasm-threads';

export interface ThreadsEnvironment {
  crossOriginIsolated: boolean;
  sharedMemory: boolean;
  cores: number;
  userAgent: string;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  probe: (options: ThreadProbeOptions) => Promise<ThreadProbeOutcome>;
  now: () => number;
}

function browserEnvironment(): ThreadsEnvironment {
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    sharedMemory: typeof SharedArrayBuffer === 'function',
    cores: navigator.hardwareConcurrency || 1,
    userAgent: navigator.userAgent,
    storage: localStorage,
    probe: measureThreadCounts,
    now: () => Date.now(),
  };
}

function stored(env: ThreadsEnvironment, key: string): WasmThreadsVerdict | null {
  try {
    return parseVerdict(env.storage.getItem(key), env.now());
  } catch {
    return null; // storage blocked: measure again
  }
}

export async function chooseWasmThreads(
  env: ThreadsEnvironment = browserEnvironment(),
): Promise<WasmThreadsVerdict> {
  const { cores } = env;
  if (!env.crossOriginIsolated) return fallbackThreads(cores, false);
  const key = verdictKey(cores, env.userAgent);
  const known = stored(env, key);
  if (known) return known;
  if (!env.sharedMemory) return fallbackThreads(cores, true, 'no SharedArrayBuffer');
  const candidates = threadCandidates(cores);
  const { measurements, probeMs, error } = await env.probe({ candidates });
  // One count alone says nothing about the others, unless it was the only candidate.
  if (measurements.length < Math.min(2, candidates.length))
    return fallbackThreads(cores, true, `the thread probe failed: ${error ?? 'no timings'}`);
  const verdict = chooseThreads(measurements, cores, probeMs);
  if (error) return { ...verdict, reason: `${verdict.reason} Not measured: ${error}.` };
  // Only a complete measurement is kept; a partial one is retried on the next visit.
  try {
    env.storage.setItem(key, JSON.stringify({ ...verdict, measuredAt: env.now() }));
  } catch {
    // Storage full or blocked: measured again next time.
  }
  return verdict;
}
