// The running embedding-speed figure: samples weighted by recency, stored figures as a head start.
import { describe, expect, it } from 'vitest';
import { STORED_INDEXING_WEIGHT_MS, ThroughputTracker } from './embedding-throughput';

describe('ThroughputTracker', () => {
  it('has no figure before a sample and ignores empty or untimed ones', () => {
    const tracker = new ThroughputTracker();
    expect(tracker.tokensPerSecond).toBeUndefined();
    tracker.record(0, 100, 'indexing');
    tracker.record(100, 0, 'indexing');
    tracker.record(Number.NaN, 10, 'indexing');
    expect(tracker.tokensPerSecond).toBeUndefined();
    expect(tracker.toStored(0)).toBeUndefined();
  });

  it('reports tokens per second of the samples', () => {
    const tracker = new ThroughputTracker();
    tracker.record(115, 1_000, 'warm-up');
    expect(tracker.tokensPerSecond).toBeCloseTo(115);
    expect(tracker.source).toBe('warm-up');
    expect(tracker.stored).toBe(false);
  });

  it('favours recent work: the figure follows a device that slows down', () => {
    const tracker = new ThroughputTracker(60_000);
    // Ten minutes at 400 tokens/s, then two minutes at 100 tokens/s (slices of one minute).
    for (let i = 0; i < 10; i++) tracker.record(24_000, 60_000, 'indexing');
    expect(tracker.tokensPerSecond).toBeCloseTo(400);
    tracker.record(6_000, 60_000, 'indexing');
    tracker.record(6_000, 60_000, 'indexing');
    const rate = tracker.tokensPerSecond!;
    // A plain average of all the work would still say 350; two half-lives on, it is far closer to 100.
    expect(rate).toBeLessThan(200);
    expect(rate).toBeGreaterThan(100);
    expect(tracker.source).toBe('indexing');
  });

  it('weighs samples by their time, not their count', () => {
    const tracker = new ThroughputTracker();
    tracker.record(1_000, 10_000, 'indexing'); // 100 tokens/s for 10 s
    tracker.record(50, 50, 'indexing'); // 1,000 tokens/s for 50 ms
    expect(tracker.tokensPerSecond).toBeGreaterThan(100);
    expect(tracker.tokensPerSecond).toBeLessThan(110);
  });

  it('starts from a stored indexing figure that a warm-up passage only nudges', () => {
    const tracker = new ThroughputTracker();
    tracker.seed({ tokensPerSecond: 150, source: 'indexing', measuredAt: 1 });
    expect(tracker.tokensPerSecond).toBeCloseTo(150);
    expect(tracker.stored).toBe(true);
    expect(tracker.source).toBe('indexing');
    expect(tracker.toStored(5)).toEqual({
      tokensPerSecond: 150,
      source: 'indexing',
      measuredAt: 1,
    });
    tracker.record(300, 1_000, 'warm-up');
    expect(tracker.stored).toBe(false);
    const rate = tracker.tokensPerSecond!;
    expect(rate).toBeGreaterThan(150);
    // 30 s of stored work against 1 s of warm-up.
    expect(rate).toBeLessThan(150 + (300 - 150) * (2_000 / STORED_INDEXING_WEIGHT_MS));
    expect(tracker.toStored(5)).toEqual({
      tokensPerSecond: rate,
      source: 'indexing',
      measuredAt: 5,
    });
  });

  it('replaces a stored warm-up figure with a new warm-up', () => {
    const tracker = new ThroughputTracker();
    tracker.seed({ tokensPerSecond: 90, source: 'warm-up', measuredAt: 1 });
    tracker.record(120, 1_000, 'warm-up');
    expect(tracker.tokensPerSecond).toBeCloseTo(120);
    expect(tracker.source).toBe('warm-up');
  });

  it('keeps what this session measured over a late stored figure', () => {
    const tracker = new ThroughputTracker();
    tracker.record(200, 1_000, 'warm-up');
    tracker.seed({ tokensPerSecond: 50, source: 'indexing', measuredAt: 1 });
    expect(tracker.tokensPerSecond).toBeCloseTo(200);
  });
});
