// Choosing ONNX Runtime's WASM thread count from the thread probe's timings (see
// src/clients/thread-probe-client.ts), the rule used without them, and the stored verdict. Pure.

export interface ThreadTiming {
  threads: number;
  /** Milliseconds of the fastest timed probe run. */
  ms: number;
}

/** One probe worker's measurement: its fastest run, each timed run, and its start-up costs. */
export interface ProbeMeasurement extends ThreadTiming {
  runsMs: number[];
  /** The untimed first run (it sizes ORT's buffers). */
  warmupMs: number;
  /** ORT's WASM start, session creation and the warm-up run. */
  setupMs: number;
}

/** The thread count the model workers get, and why, in words for the status notes. */
export interface WasmThreadsVerdict {
  threads: number;
  reason: string;
  cores: number;
  /** The probe's timings, fastest count included; empty when nothing was measured. */
  measured: ThreadTiming[];
  /** The whole probe's wall time (workers, WASM start-up, runs). */
  probeMs?: number;
  /** When it was measured (ms since the epoch), for a stored verdict. */
  measuredAt?: number;
}

/** More threads than this rarely pays for a 0.6B model, and each probe worker costs start-up. */
export const MAX_PROBE_THREADS = 16;
/** Counts within this fraction of the fastest time are as fast: the fewest of them wins. */
export const AS_FAST = 0.05;

/** 1, 2, 4, 8… up to the cores (at most 16), and the core count itself if not a power of two. */
export function threadCandidates(cores: number): number[] {
  const top = Math.max(1, Math.min(MAX_PROBE_THREADS, Math.floor(cores) || 1));
  const out: number[] = [];
  for (let n = 1; n <= top; n *= 2) out.push(n);
  if (out.at(-1) !== top) out.push(top);
  return out;
}

/** The count used where nothing was measured: one without isolation, else min(4, cores). */
export function defaultThreads(cores: number, crossOriginIsolated: boolean): number {
  return crossOriginIsolated ? Math.max(1, Math.min(4, cores)) : 1;
}

const plural = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;

/** "1 thread 41 ms, 2 threads 23 ms" in thread order. */
export function describeTimings(measured: readonly ThreadTiming[]): string {
  return [...measured]
    .sort((a, b) => a.threads - b.threads)
    .map(({ threads, ms }) => `${plural(threads)} ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`)
    .join(', ');
}

/**
 * The fewest threads whose time is within 5% of the fastest (fewer threads leave cores to the
 * page and the other model worker). Timings that are not finite (a failed count) are ignored;
 * none left gives the default rule.
 */
export function chooseThreads(
  timings: readonly ThreadTiming[],
  cores: number,
  probeMs?: number,
): WasmThreadsVerdict {
  const measured = timings.filter((t) => Number.isFinite(t.ms) && t.ms > 0 && t.threads >= 1);
  if (measured.length === 0) return fallbackThreads(cores, true, 'no thread count could be timed');
  const fastest = Math.min(...measured.map((t) => t.ms));
  const threads = Math.min(
    ...measured.filter((t) => t.ms <= fastest * (1 + AS_FAST)).map((t) => t.threads),
  );
  const took = probeMs === undefined ? '' : ` (probe took ${(probeMs / 1000).toFixed(1)} s)`;
  return {
    threads,
    cores,
    measured,
    ...(probeMs !== undefined && { probeMs }),
    reason: `WASM threads: ${threads} of ${cores} cores, measured: ${describeTimings(measured)} per probe run${took}.`,
  };
}

/** The default rule, with why nothing was measured. */
export function fallbackThreads(
  cores: number,
  crossOriginIsolated: boolean,
  why?: string,
): WasmThreadsVerdict {
  const threads = defaultThreads(cores, crossOriginIsolated);
  const reason = crossOriginIsolated
    ? `WASM threads: ${threads} of ${cores} cores, not measured (${why ?? 'no probe'}): the default min(4, cores).`
    : 'WASM threads: 1, not measured: the page is not cross-origin isolated, so no SharedArrayBuffer.';
  return { threads, cores, measured: [], reason };
}

/** Where a verdict is stored: one per device and browser (cores and user agent). */
export function verdictKey(cores: number, userAgent: string): string {
  return `sieve:wasm-threads:v1:${cores}:${userAgent}`;
}

/**
 * A stored verdict is measured again after this long: one taken while the machine was busy (a
 * build, another tab's model) chose too few threads, and browsers and hardware change.
 */
export const VERDICT_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/**
 * A stored verdict, or null if missing, unreadable, not a measured one, or (given `now`) older
 * than VERDICT_MAX_AGE_MS or undated.
 */
export function parseVerdict(json: string | null, now?: number): WasmThreadsVerdict | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as Partial<WasmThreadsVerdict>;
    const valid =
      Number.isInteger(v.threads) &&
      (v.threads ?? 0) >= 1 &&
      typeof v.reason === 'string' &&
      typeof v.cores === 'number' &&
      Array.isArray(v.measured) &&
      v.measured.length > 0;
    const fresh =
      now === undefined ||
      (typeof v.measuredAt === 'number' && now - v.measuredAt < VERDICT_MAX_AGE_MS);
    return valid && fresh ? (v as WasmThreadsVerdict) : null;
  } catch {
    return null;
  }
}
