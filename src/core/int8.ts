// Symmetric per-vector int8 quantisation (pure): the codes the flat index scans in its first
// pass and the vector store persists beside the exact f32 rows.

/** A block of rows' int8 codes (row-major, `dimension` per row) and one scale per row. */
export interface Int8Rows {
  codes: Int8Array;
  scales: Float32Array;
}

/**
 * Writes the codes of `v` into `codes` at `at` and returns the scale that maps them back to
 * floats (max |x| / 127). Codes stay within -127..127, which the SIMD kernel's i16 arithmetic
 * relies on; a zero or non-finite vector gets zero codes and scale 0.
 */
export function quantizeInt8(v: Float32Array, codes: Int8Array, at: number): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (x > max) max = x;
    else if (-x > max) max = -x;
  }
  if (!(max > 0) || max === Infinity) {
    codes.fill(0, at, at + v.length);
    return 0;
  }
  const inv = 127 / max;
  for (let i = 0; i < v.length; i++) codes[at + i] = Math.round(v[i]! * inv);
  return max / 127;
}

/** Codes and scales of every row of `rows` (row-major, `dimension` floats per row). */
export function quantizeRowsInt8(rows: Float32Array, dimension: number): Int8Rows {
  const count = Math.floor(rows.length / dimension);
  const codes = new Int8Array(count * dimension);
  const scales = new Float32Array(count);
  for (let r = 0; r < count; r++) {
    scales[r] = quantizeInt8(
      rows.subarray(r * dimension, (r + 1) * dimension),
      codes,
      r * dimension,
    );
  }
  return { codes, scales };
}
