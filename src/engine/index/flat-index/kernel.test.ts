// The SIMD128 kernel's exports called directly, on every dimension from 1 to 70 (each mix of
// unrolled, 4/16-wide and scalar tail loops) plus 768 and 1024, at unaligned addresses.
import { describe, expect, it } from 'vitest';
import { instantiateKernel, kernelModule } from './kernel';
import { randomUnitVectors } from '../../../../test/random-vectors';

const DIMS = [...Array.from({ length: 70 }, (_, i) => i + 1), 768, 1024];
const ROWS = 9;

function randomCodes(length: number, seed: number): Int8Array {
  const codes = new Int8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 16807) % 2147483647;
    // A third of the codes at ±127 so that i16 lanes see their worst-case sums.
    codes[i] = x % 3 === 0 ? (x % 2 ? 127 : -127) : (x % 255) - 127;
  }
  return codes;
}

describe('flat-index kernel', () => {
  it('validates and compiles in Node', () => {
    expect(kernelModule()).toBeInstanceOf(WebAssembly.Module);
  });

  it('score_f32 and gather_f32 match a double-precision dot product', () => {
    const k = instantiateKernel();
    k.memory.grow(80);
    for (const dim of DIMS) {
      const rows = randomUnitVectors(ROWS, dim, dim);
      const query = randomUnitVectors(1, dim, 1000 + dim);
      // Odd byte offsets: the kernel must not rely on alignment.
      const q = 4 + 4 * (dim % 3);
      const m = 8192 + 4 * (dim % 5);
      const out = 1 << 20;
      const ids = out + 1024;
      const gathered = out + 2048;
      new Float32Array(k.memory.buffer, q, dim).set(query);
      new Float32Array(k.memory.buffer, m, rows.length).set(rows);
      k.score_f32(q, m, dim, ROWS, out);
      const order = [8, 0, 3, 3, 5];
      new Int32Array(k.memory.buffer, ids, order.length).set(order);
      k.gather_f32(q, m, dim, ids, order.length, gathered);
      const scores = new Float32Array(k.memory.buffer, out, ROWS);
      for (let r = 0; r < ROWS; r++) {
        let exact = 0;
        for (let i = 0; i < dim; i++) exact += rows[r * dim + i]! * query[i]!;
        expect(Math.abs(scores[r]! - exact), `dim ${dim} row ${r}`).toBeLessThan(1e-6);
      }
      const picked = new Float32Array(k.memory.buffer, gathered, order.length);
      order.forEach((row, i) => expect(picked[i]).toBe(scores[row]));
    }
  });

  it('score_i8 is the exact integer dot product times both scales', () => {
    const k = instantiateKernel();
    k.memory.grow(4);
    for (const dim of DIMS) {
      const codes = randomCodes(ROWS * dim, dim);
      const queryCodes = randomCodes(dim, 7 * dim);
      const scales = Float32Array.from({ length: ROWS }, (_, r) => (r + 1) / 1000);
      const queryScale = Math.fround(1 / 127);
      const q = 3 + (dim % 7);
      const m = 4096 + (dim % 11);
      const s = 65536;
      const out = 65536 + 1024;
      new Int8Array(k.memory.buffer, q, dim).set(queryCodes);
      new Int8Array(k.memory.buffer, m, codes.length).set(codes);
      new Float32Array(k.memory.buffer, s, ROWS).set(scales);
      k.score_i8(q, queryScale, m, s, dim, ROWS, out);
      const scores = new Float32Array(k.memory.buffer, out, ROWS);
      for (let r = 0; r < ROWS; r++) {
        let dot = 0;
        for (let i = 0; i < dim; i++) dot += codes[r * dim + i]! * queryCodes[i]!;
        const expected = Math.fround(Math.fround(Math.fround(dot) * scales[r]!) * queryScale);
        expect(scores[r], `dim ${dim} row ${r}`).toBe(expected);
      }
    }
  });
});
