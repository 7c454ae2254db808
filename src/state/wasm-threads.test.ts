// Once per device: the probe runs on a first isolated visit, its verdict is stored and reused.
import { describe, expect, it, vi } from 'vitest';
import type { ThreadProbeOutcome } from '../clients/thread-probe-client';
import { VERDICT_MAX_AGE_MS, verdictKey, type ProbeMeasurement } from '../core/wasm-threads';
import { chooseWasmThreads, type ThreadsEnvironment } from './wasm-threads';

const timing = (threads: number, ms: number): ProbeMeasurement => ({
  threads,
  ms,
  runsMs: [ms],
  warmupMs: ms,
  setupMs: 100,
});

function environment(outcome: ThreadProbeOutcome, overrides: Partial<ThreadsEnvironment> = {}) {
  const items = new Map<string, string>();
  const env: ThreadsEnvironment = {
    crossOriginIsolated: true,
    sharedMemory: true,
    cores: 2,
    userAgent: 'UA',
    storage: { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) },
    probe: vi.fn(() => Promise.resolve(outcome)),
    now: () => 1_000_000,
    ...overrides,
  };
  return { env, items };
}

describe('chooseWasmThreads', () => {
  it('measures once per device, stores the verdict and reuses it', async () => {
    const { env, items } = environment({
      measurements: [timing(1, 40), timing(2, 22)],
      probeMs: 900,
    });
    const first = await chooseWasmThreads(env);
    expect(first.threads).toBe(2);
    expect(env.probe).toHaveBeenCalledWith({ candidates: [1, 2] });
    expect(items.has(verdictKey(2, 'UA'))).toBe(true);
    expect(await chooseWasmThreads(env)).toEqual({ ...first, measuredAt: 1_000_000 });
    expect(env.probe).toHaveBeenCalledTimes(1);
    // Another browser on the same device measures for itself.
    await chooseWasmThreads({ ...env, userAgent: 'UA2' });
    expect(env.probe).toHaveBeenCalledTimes(2);
  });

  it('measures again once the stored verdict is 30 days old', async () => {
    const { env } = environment({ measurements: [timing(1, 40), timing(2, 22)], probeMs: 900 });
    await chooseWasmThreads(env);
    await chooseWasmThreads({ ...env, now: () => 1_000_000 + VERDICT_MAX_AGE_MS - 1 });
    expect(env.probe).toHaveBeenCalledTimes(1);
    await chooseWasmThreads({ ...env, now: () => 1_000_000 + VERDICT_MAX_AGE_MS });
    expect(env.probe).toHaveBeenCalledTimes(2);
  });

  it('uses one thread without probing when the page is not isolated', async () => {
    const { env } = environment({ measurements: [], probeMs: 0 }, { crossOriginIsolated: false });
    const verdict = await chooseWasmThreads(env);
    expect(verdict.threads).toBe(1);
    expect(verdict.reason).toContain('not cross-origin isolated');
    expect(env.probe).not.toHaveBeenCalled();
  });

  it('falls back to the default rule when the probe fails, and does not store that', async () => {
    const { env, items } = environment(
      {
        measurements: [timing(1, 40)],
        probeMs: 8000,
        error: '2 threads: the probe timed out after 8 s',
      },
      { cores: 8 },
    );
    const verdict = await chooseWasmThreads(env);
    expect(verdict.threads).toBe(4);
    expect(verdict.reason).toContain('the thread probe failed: 2 threads: the probe timed out');
    expect(items.size).toBe(0);
  });

  it('chooses among the counts measured when one fails, and measures again next time', async () => {
    const { env, items } = environment(
      {
        measurements: [timing(1, 40), timing(2, 21)],
        probeMs: 2000,
        error: '4 threads: probe worker failed: error',
      },
      { cores: 4 },
    );
    const verdict = await chooseWasmThreads(env);
    expect(verdict.threads).toBe(2);
    expect(verdict.reason).toContain('Not measured: 4 threads');
    expect(items.size).toBe(0);
  });
});
