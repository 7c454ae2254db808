// The thread-count choice: candidates, the 5% rule, the default rule and stored verdicts.
import { describe, expect, it } from 'vitest';
import {
  chooseThreads,
  describeTimings,
  fallbackThreads,
  parseVerdict,
  threadCandidates,
  verdictKey,
  VERDICT_MAX_AGE_MS,
} from './wasm-threads';

describe('threadCandidates', () => {
  it('takes powers of two up to the cores, and the core count itself', () => {
    expect(threadCandidates(1)).toEqual([1]);
    expect(threadCandidates(2)).toEqual([1, 2]);
    expect(threadCandidates(6)).toEqual([1, 2, 4, 6]);
    expect(threadCandidates(8)).toEqual([1, 2, 4, 8]);
    expect(threadCandidates(12)).toEqual([1, 2, 4, 8, 12]);
  });

  it('stops at 16 and survives a missing core count', () => {
    expect(threadCandidates(64)).toEqual([1, 2, 4, 8, 16]);
    expect(threadCandidates(0)).toEqual([1]);
    expect(threadCandidates(NaN)).toEqual([1]);
  });
});

describe('chooseThreads', () => {
  it('takes the fastest count and states the measurement', () => {
    const v = chooseThreads(
      [
        { threads: 1, ms: 41.2 },
        { threads: 2, ms: 23.4 },
      ],
      2,
      1400,
    );
    expect(v.threads).toBe(2);
    expect(v.reason).toBe(
      'WASM threads: 2 of 2 cores, measured: 1 thread 41 ms, 2 threads 23 ms per probe run (probe took 1.4 s).',
    );
    expect(v.probeMs).toBe(1400);
  });

  it('prefers the fewest threads within 5% of the fastest', () => {
    const timings = [
      { threads: 1, ms: 80 },
      { threads: 2, ms: 44 },
      { threads: 4, ms: 40.5 },
      { threads: 8, ms: 40 },
    ];
    expect(chooseThreads(timings, 8).threads).toBe(4);
    // 42 is 5% above 40: the boundary counts as as fast.
    const two = (ms: number) => [
      { threads: 2, ms: 42 },
      { threads: 8, ms },
    ];
    expect(chooseThreads(two(40), 8).threads).toBe(2);
    expect(chooseThreads(two(39.9), 8).threads).toBe(8);
  });

  it('keeps one thread when more are slower (a busy or small machine)', () => {
    const v = chooseThreads(
      [
        { threads: 2, ms: 30 },
        { threads: 1, ms: 29 },
      ],
      2,
    );
    expect(v.threads).toBe(1);
    expect(v.reason).toContain('measured: 1 thread 29 ms, 2 threads 30 ms per probe run.');
  });

  it('ignores failed counts, and falls back when none was timed', () => {
    expect(
      chooseThreads(
        [
          { threads: 1, ms: 50 },
          { threads: 2, ms: NaN },
        ],
        2,
      ).threads,
    ).toBe(1);
    const none = chooseThreads([{ threads: 2, ms: Infinity }], 8);
    expect(none.threads).toBe(4);
    expect(none.measured).toEqual([]);
    expect(none.reason).toContain('not measured (no thread count could be timed)');
  });
});

describe('fallbackThreads', () => {
  it('is min(4, cores) when isolated, one thread otherwise, and says why', () => {
    expect(fallbackThreads(8, true, 'the probe timed out')).toMatchObject({
      threads: 4,
      reason:
        'WASM threads: 4 of 8 cores, not measured (the probe timed out): the default min(4, cores).',
    });
    expect(fallbackThreads(2, true).threads).toBe(2);
    const plain = fallbackThreads(8, false);
    expect(plain.threads).toBe(1);
    expect(plain.reason).toContain('not cross-origin isolated');
  });
});

describe('stored verdicts', () => {
  it('round-trips a measured verdict and refuses others', () => {
    const v = chooseThreads([{ threads: 1, ms: 9.54 }], 1);
    expect(describeTimings(v.measured)).toBe('1 thread 9.5 ms');
    expect(parseVerdict(JSON.stringify(v))).toEqual(v);
    expect(parseVerdict(JSON.stringify(fallbackThreads(2, true)))).toBeNull();
    expect(parseVerdict('{"threads":0}')).toBeNull();
    expect(parseVerdict('not json')).toBeNull();
    expect(parseVerdict(null)).toBeNull();
    // With a clock: undated or 30-day-old verdicts are measured again.
    expect(parseVerdict(JSON.stringify(v), 5)).toBeNull();
    const dated = JSON.stringify({ ...v, measuredAt: 1000 });
    expect(parseVerdict(dated, 1000 + VERDICT_MAX_AGE_MS - 1)).not.toBeNull();
    expect(parseVerdict(dated, 1000 + VERDICT_MAX_AGE_MS)).toBeNull();
  });

  it('keys by cores and user agent', () => {
    expect(verdictKey(2, 'UA')).not.toBe(verdictKey(4, 'UA'));
    expect(verdictKey(2, 'UA')).not.toBe(verdictKey(2, 'UA2'));
  });
});
