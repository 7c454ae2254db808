import { describe, expect, it } from 'vitest';
import { arrayOf, decodeBinaryShard, encodeBinaryShard } from './binary-shard';

describe('binary shards', () => {
  it('round-trips typed arrays at 8-byte offsets with their fields', () => {
    const bytes = encodeBinaryShard(
      {
        odd: new Int8Array([1, -2, 3]),
        floats: new Float32Array([0.5, -1.25]),
        shorts: new Uint16Array([65535]),
        words: new Uint32Array([7, 2 ** 32 - 1]),
      },
      { note: 'x' },
    );
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('SIEVEBIN');
    // Decoding from a view at an odd offset still gives aligned, equal arrays.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const shard = decodeBinaryShard(shifted.subarray(1), 'f');
    expect(Array.from(arrayOf(shard, 'odd', 'i8', 'f'))).toEqual([1, -2, 3]);
    expect(Array.from(arrayOf(shard, 'floats', 'f32', 'f'))).toEqual([0.5, -1.25]);
    expect(Array.from(arrayOf(shard, 'shorts', 'u16', 'f'))).toEqual([65535]);
    expect(Array.from(arrayOf(shard, 'words', 'u32', 'f'))).toEqual([7, 2 ** 32 - 1]);
    expect(shard.fields).toEqual({ note: 'x' });
    expect(() => arrayOf(shard, 'odd', 'f32', 'f')).toThrow(/no f32 array "odd"/);
  });

  it('refuses bytes that are not a shard or end early', () => {
    const bytes = encodeBinaryShard({ codes: new Int8Array(64) });
    expect(() => decodeBinaryShard(new Uint8Array(4), 'a.bin')).toThrow(/a.bin is too short/);
    expect(() => decodeBinaryShard(new Uint8Array(64), 'a.bin')).toThrow(/not a Sieve binary/);
    expect(() => decodeBinaryShard(bytes.subarray(0, bytes.length - 1), 'a.bin')).toThrow(
      /ends inside array "codes"/,
    );
    const header = new Uint8Array(bytes);
    header[8] = 255; // header length far past the end
    expect(() => decodeBinaryShard(header, 'a.bin')).toThrow(/header past its end/);
  });
});
