// Test helper shared by the vector index tests (vitest only): checks hits against a brute-force
// reference, allowing id swaps only between near-tied scores.
import { expect } from 'vitest';
import type { VectorHit } from '../src/core/vector-index';
import type { RefHit } from './random-vectors';

/** f32 accumulation (the kernels) against f64 (the reference) differs by ~1e-7 on unit vectors. */
export const EPS = 1e-5;
export const keyOf = (h: VectorHit) => `${h.docId}#${h.chunk}`;

/** Hits are a correct top-k of `ref`: exact scores, best first, ids equal except at near-ties. */
export function expectTopK(hits: VectorHit[], ref: RefHit[], k: number): void {
  expect(hits).toHaveLength(Math.min(k, ref.length));
  const exact = new Map(ref.map((r) => [r.key, r.score]));
  expect(new Set(hits.map(keyOf)).size).toBe(hits.length);
  hits.forEach((hit, i) => {
    expect(Math.abs(hit.score - exact.get(keyOf(hit))!)).toBeLessThan(EPS);
    expect(Math.abs(hit.score - ref[i]!.score)).toBeLessThan(EPS);
    const isolated = [ref[i - 1], ref[i + 1]].every(
      (n) => !n || Math.abs(n.score - ref[i]!.score) > EPS,
    );
    if (isolated) expect(keyOf(hit)).toBe(ref[i]!.key);
  });
}
