import { describe, expect, it } from 'vitest';
import { topK } from './top-k';
import { l2NormalizeInPlace, truncateAndNormalize } from './vectors';

const norm = (v: Float32Array) => Math.hypot(...v);

describe('Matryoshka truncation', () => {
  it('keeps the prefix direction and re-normalises to unit length', () => {
    const full = l2NormalizeInPlace(Float32Array.from({ length: 64 }, (_, i) => Math.sin(i + 1)));
    const cut = truncateAndNormalize(full, 16);
    expect(cut.length).toBe(16);
    expect(norm(cut)).toBeCloseTo(1, 6);
    const prefixNorm = norm(full.subarray(0, 16));
    expect(prefixNorm).toBeLessThan(0.9);
    cut.forEach((x, i) => expect(x).toBeCloseTo(full[i]! / prefixNorm, 6));
  });

  it('rejects a dimension larger than the vector', () => {
    expect(() => truncateAndNormalize(new Float32Array(8), 9)).toThrow(RangeError);
  });

  it('leaves a zero vector at zero instead of producing NaN', () => {
    expect([...l2NormalizeInPlace(new Float32Array(4))]).toEqual([0, 0, 0, 0]);
  });
});

describe('topK', () => {
  it('matches a full sort, best first, ties by index, NaN ignored', () => {
    const scores = [0.1, 0.9, NaN, 0.5, 0.9, -1, 0.3, 0.7];
    expect(topK(scores, 4)).toEqual([
      { index: 1, score: 0.9 },
      { index: 4, score: 0.9 },
      { index: 7, score: 0.7 },
      { index: 3, score: 0.5 },
    ]);
    expect(topK(scores, 0)).toEqual([]);
    expect(topK(scores, 100)).toHaveLength(7);
  });

  it('agrees with sorting on random data', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const scores = Float32Array.from({ length: 5000 }, rand);
    const expected = [...scores.keys()]
      .sort((a, b) => scores[b]! - scores[a]! || a - b)
      .slice(0, 25);
    expect(topK(scores, 25).map((s) => s.index)).toEqual(expected);
  });
});
