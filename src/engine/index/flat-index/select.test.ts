// selectTop against core's topK: same indices in the same order, ties and NaN included.
import { describe, expect, it } from 'vitest';
import { topK } from '../../../core/top-k';
import { selectTop } from './select';

describe('selectTop', () => {
  it('agrees with topK on scores full of ties and NaN', () => {
    let x = 12345;
    for (const n of [0, 1, 2, 7, 100, 2000]) {
      const scores = Float32Array.from({ length: n }, () => {
        x = (x * 16807) % 2147483647;
        // Few distinct values, so ties are common, and some NaN.
        return x % 17 === 0 ? NaN : (x % 9) / 8 - 0.5;
      });
      for (const k of [0, 1, 3, 10, 64, n, n + 5]) {
        const expected = topK(scores, k).map((s) => s.index);
        expect(Array.from(selectTop(scores, k)), `n ${n} k ${k}`).toEqual(expected);
      }
    }
  });

  it('orders distinct scores best first', () => {
    const scores = Float32Array.from([0.1, 0.9, -0.3, 0.5, 0.7]);
    expect(Array.from(selectTop(scores, 3))).toEqual([1, 4, 3]);
  });
});
