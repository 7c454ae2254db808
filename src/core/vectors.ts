// Vector helpers (pure): L2 normalisation, Matryoshka truncation, dot products over flat rows.

/** Normalises in place to unit length; a zero vector stays zero (it can never match anything). */
export function l2NormalizeInPlace(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  if (sum === 0) return v;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
  return v;
}

/**
 * Matryoshka (MRL) reduction: keep the first `dimension` components, then re-normalise. Qwen3
 * embeddings are trained so that prefixes remain usable; without re-normalising, cosine scores
 * of truncated vectors would be wrong.
 */
export function truncateAndNormalize(v: ArrayLike<number>, dimension: number): Float32Array {
  if (dimension < 1 || dimension > v.length) {
    throw new RangeError(`dimension ${dimension} is outside 1..${v.length}`);
  }
  const out = new Float32Array(dimension);
  for (let i = 0; i < dimension; i++) out[i] = v[i]!;
  return l2NormalizeInPlace(out);
}

/** Dot product of `query` with row `row` of a flat row-major matrix of width `query.length`. */
export function dotRow(matrix: Float32Array, row: number, query: Float32Array): number {
  const dim = query.length;
  const offset = row * dim;
  let sum = 0;
  for (let i = 0; i < dim; i++) sum += matrix[offset + i]! * query[i]!;
  return sum;
}
