import { describe, expect, it } from 'vitest';
import { meanMetrics, mrrAt, ndcgAt, precisionAt, recallAt, scoreRanking } from './metrics';

const judged = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('ndcgAt', () => {
  it('discounts binary gains by log2(rank + 1) against the ideal ordering', () => {
    // Relevant at ranks 1 and 3 of two relevant docs.
    const relevant = judged({ a: 1, c: 1 });
    const dcg = 1 / Math.log2(2) + 1 / Math.log2(4);
    const idcg = 1 / Math.log2(2) + 1 / Math.log2(3);
    expect(ndcgAt(['a', 'b', 'c'], relevant, 10)).toBeCloseTo(dcg / idcg, 12);
    // 1 / log2(3) = log3(2) ≈ 0.63093, so about 1.5 / 1.63093 = 0.91972.
    expect(dcg / idcg).toBeCloseTo(0.91972, 5);
    expect(ndcgAt(['a', 'c', 'b'], relevant, 10)).toBeCloseTo(1, 12);
  });

  it('uses the grades themselves as gains, and grades ≤ 0 as no gain', () => {
    const relevant = judged({ a: 1, b: 2, c: 0, d: -1 });
    // Run: d (−1 → 0), a (1), b (2). Ideal: 2, 1.
    const dcg = 0 / Math.log2(2) + 1 / Math.log2(3) + 2 / Math.log2(4);
    const idcg = 2 / Math.log2(2) + 1 / Math.log2(3);
    expect(ndcgAt(['d', 'a', 'b'], relevant, 10)).toBeCloseTo(dcg / idcg, 12);
    // (0.63093 + 1) / (2 + 0.63093) ≈ 0.61990.
    expect(ndcgAt(['d', 'a', 'b'], relevant, 10)).toBeCloseTo(0.6199, 4);
  });

  it('cuts both the run and the ideal ranking at k', () => {
    // Three relevant docs; at k = 2 the ideal holds two of them.
    const relevant = judged({ a: 1, b: 1, c: 1 });
    const dcg = 0 + 1 / Math.log2(3);
    const idcg = 1 + 1 / Math.log2(3);
    expect(ndcgAt(['x', 'a', 'b', 'c'], relevant, 2)).toBeCloseTo(dcg / idcg, 12);
    // A relevant doc just past the cut earns nothing.
    expect(ndcgAt(['x', 'y', 'a'], relevant, 2)).toBe(0);
  });

  it('is 0 when nothing is relevant, or nothing is retrieved', () => {
    expect(ndcgAt(['a'], new Map(), 10)).toBe(0);
    expect(ndcgAt(['a'], judged({ a: 0 }), 10)).toBe(0);
    expect(ndcgAt([], judged({ a: 1 }), 10)).toBe(0);
  });
});

describe('mrrAt', () => {
  it('is one over the rank of the first relevant doc within k', () => {
    const relevant = judged({ c: 1, d: 2 });
    expect(mrrAt(['a', 'b', 'c', 'd'], relevant, 10)).toBeCloseTo(1 / 3, 12);
    expect(mrrAt(['d'], relevant, 10)).toBe(1);
    expect(mrrAt(['a', 'b', 'c'], relevant, 2)).toBe(0);
    expect(mrrAt(['a', 'b', 'c'], judged({ a: 0, b: -1 }), 10)).toBe(0);
  });
});

describe('recallAt', () => {
  it('counts relevant docs found in the top k over all relevant docs', () => {
    const relevant = judged({ a: 1, b: 2, c: 1, z: 0 });
    expect(recallAt(['a', 'x', 'c', 'b'], relevant, 3)).toBeCloseTo(2 / 3, 12);
    expect(recallAt(['a', 'x', 'c', 'b'], relevant, 100)).toBe(1);
    // Finding the grade-0 doc does not count, nor does it enlarge the denominator.
    expect(recallAt(['z', 'a'], relevant, 100)).toBeCloseTo(1 / 3, 12);
    expect(recallAt(['a'], new Map(), 100)).toBe(0);
  });
});

describe('precisionAt', () => {
  it('divides by k even when the run is shorter than k', () => {
    const relevant = judged({ a: 1, b: 1 });
    expect(precisionAt(['a', 'x', 'b'], relevant, 5)).toBeCloseTo(2 / 5, 12);
    expect(precisionAt(['a', 'x', 'b'], relevant, 2)).toBeCloseTo(1 / 2, 12);
    expect(precisionAt([], relevant, 5)).toBe(0);
  });
});

describe('scoreRanking and meanMetrics', () => {
  it('computes nDCG@10, MRR@10, Recall@100 and P@5 for one query', () => {
    // Relevant doc r1 at rank 2, r2 at rank 12 (outside the @10 and @5 cuts).
    const ranked = Array.from({ length: 20 }, (_, i) => `d${i + 1}`);
    ranked[1] = 'r1';
    ranked[11] = 'r2';
    const relevant = judged({ r1: 1, r2: 1 });
    expect(scoreRanking(ranked, relevant)).toEqual({
      ndcgAt10: expect.closeTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 12) as number,
      mrrAt10: 0.5,
      recallAt100: 1,
      pAt5: 0.2,
    });
  });

  it('averages each metric over the queries', () => {
    const mean = meanMetrics([
      { ndcgAt10: 1, mrrAt10: 1, recallAt100: 0.5, pAt5: 0.2 },
      { ndcgAt10: 0, mrrAt10: 0.5, recallAt100: 1, pAt5: 0 },
    ]);
    expect(mean).toEqual({ ndcgAt10: 0.5, mrrAt10: 0.75, recallAt100: 0.75, pAt5: 0.1 });
    expect(meanMetrics([]).ndcgAt10).toBeNaN();
  });
});
