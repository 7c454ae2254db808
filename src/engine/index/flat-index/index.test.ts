// createVectorIndex: WASM SIMD where the kernel validates (Node 20 does), plain JS otherwise.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVectorIndex, WasmFlatIndex } from './index';
import { randomUnitVectors } from '../../../../test/random-vectors';

afterEach(() => {
  vi.restoreAllMocks();
  vi.resetModules();
});

describe('createVectorIndex', () => {
  it('returns the WASM SIMD index where SIMD is available', () => {
    const { index, engine } = createVectorIndex(32, { quantization: 'int8' });
    expect(engine).toBe('wasm-simd');
    expect(index).toBeInstanceOf(WasmFlatIndex);
    expect((index as WasmFlatIndex).quantization).toBe('int8');
  });

  it('falls back to ExactCosineIndex when the kernel does not validate', async () => {
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    vi.resetModules(); // drop the cached compiled kernel
    const fresh = await import('./index');
    const core = await import('../../../core/vector-index');
    expect(fresh.wasmSimdSupported()).toBe(false);
    const { index, engine } = fresh.createVectorIndex(16, { quantization: 'int8' });
    expect(validate).toHaveBeenCalled();
    expect(engine).toBe('js');
    expect(index).toBeInstanceOf(core.ExactCosineIndex);
    const data = randomUnitVectors(20, 16, 3);
    index.add('a', data);
    expect(index.search(data.subarray(16 * 4, 16 * 5), 1)[0]).toMatchObject({ chunk: 4 });
  });
});
