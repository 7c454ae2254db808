// Seeded random numbers and data, and a double-precision brute-force reference for the flat index's tests and
// timing script (pure; Node or browser). Not imported by the app.
import { l2NormalizeInPlace } from '../src/core/vectors';

/** mulberry32: a small seeded generator of numbers in [0, 1), so a failing case can be reproduced. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` unit vectors of `dim`, uniform on the sphere (Gaussian components), from `seed`. */
export function randomUnitVectors(count: number, dim: number, seed: number): Float32Array {
  let x = seed >>> 0 || 1;
  const uniform = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float32Array(count * dim);
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  }
  for (let r = 0; r < count; r++) l2NormalizeInPlace(out.subarray(r * dim, (r + 1) * dim));
  return out;
}

export interface RefHit {
  key: string;
  score: number;
}

/** Every row of every doc scored in double precision, best first (ties: insertion order). */
export function bruteForce(docs: Map<string, Float32Array>, query: Float32Array): RefHit[] {
  const dim = query.length;
  const all: RefHit[] = [];
  for (const [docId, vectors] of docs) {
    for (let c = 0; c < vectors.length / dim; c++) {
      let s = 0;
      for (let i = 0; i < dim; i++) s += vectors[c * dim + i]! * query[i]!;
      all.push({ key: `${docId}#${c}`, score: s });
    }
  }
  return all.sort((a, b) => b.score - a.score);
}
