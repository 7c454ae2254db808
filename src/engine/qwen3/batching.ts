// How many sequences the embedder may put in one forward pass for each dtype: a pure function,
// used by Qwen3Embedder alike in the browser worker (WASM, WebGPU) and in Node.

import type { Dtype } from '../../core/types/models';

/**
 * The most sequences per forward pass for `dtype`, so that a chunk's vector does not depend on
 * which chunks it was batched with (vectors are stored and reused by chunk hash, and queries are
 * always embedded alone, so a batch-dependent vector would stick to whichever batch came first).
 *
 * - `q8`: 1. Its MatMulInteger layers quantise activations with DynamicQuantizeLinear, which
 *   computes ONE scale and zero point over the whole [batch, sequence, hidden] input: the other
 *   rows of a batch, pad rows or not, change every row's rounding. Batches without padding are
 *   not enough (two chunks of equal length moved each other by up to 3.6e-3 per component on
 *   the fixture); one sequence per pass makes the vector a function of the chunk alone, exactly.
 * - `fp32`, `fp16`, `q4`, `q4f16`: no limit. Every op is row-local (q4's MatMulNBits quantises
 *   weights only), so batch-mates and left padding (masked to exactly zero attention) change a
 *   vector only through float rounding in the matrix kernels. Measured on the fixtures in Node
 *   against the chunk alone (max |Δ| per component of the unit vector): fp32 and q4 1.2e-7,
 *   fp16 6.1e-5, q4f16 0. That is far below anything ranking can see, and batching keeps its
 *   throughput; the unit tests hold these dtypes to that bound.
 */
export function maxSequencesPerPass(dtype: Dtype): number {
  return dtype === 'q8' ? 1 : Number.POSITIVE_INFINITY;
}
