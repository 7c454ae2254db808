import { describe, expect, it } from 'vitest';
import { quantizeInt8, quantizeRowsInt8 } from './int8';

describe('int8 quantisation', () => {
  it('maps the largest magnitude to ±127 and reconstructs within half a step', () => {
    const v = Float32Array.from([0.5, -1, 0.25, 0.001]);
    const codes = new Int8Array(6);
    const scale = quantizeInt8(v, codes, 2);
    expect(Array.from(codes.subarray(2))).toEqual([64, -127, 32, 0]);
    expect(codes[0]).toBe(0);
    v.forEach((x, i) => expect(Math.abs(codes[2 + i]! * scale - x)).toBeLessThanOrEqual(scale / 2));
  });

  it('gives zero and non-finite vectors zero codes and scale 0', () => {
    const codes = new Int8Array(3).fill(5);
    expect(quantizeInt8(new Float32Array(3), codes, 0)).toBe(0);
    expect(Array.from(codes)).toEqual([0, 0, 0]);
    codes.fill(5);
    expect(quantizeInt8(Float32Array.from([1, Infinity, 0]), codes, 0)).toBe(0);
    expect(Array.from(codes)).toEqual([0, 0, 0]);
  });

  it('quantises each row with its own scale', () => {
    const { codes, scales } = quantizeRowsInt8(Float32Array.from([1, 0, 0, 0.5, 0, -0.25]), 3);
    // -0.25 × 254 = -63.5: Math.round takes halves up.
    expect(Array.from(codes)).toEqual([127, 0, 0, 127, 0, -63]);
    expect(Array.from(scales)).toEqual([Math.fround(1 / 127), Math.fround(0.5 / 127)]);
  });
});
