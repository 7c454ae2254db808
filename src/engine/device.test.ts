import { describe, expect, it } from 'vitest';
import { planDevice, wasmFallbackPlan, type Dtype, type GpuReport } from './device';

const EMBED: Dtype[] = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'];
const RERANK: Dtype[] = ['q8', 'q4'];
const noGpu: GpuReport = { available: false, detail: 'none', shaderF16: false };
const gpu = (shaderF16: boolean, isFallbackAdapter = false): GpuReport => ({
  available: true,
  detail: 'gpu',
  shaderF16,
  isFallbackAdapter,
});
const auto = { backend: 'auto', dtype: 'auto' } as const;

describe('planDevice', () => {
  it('uses WASM with q8 when there is no adapter', () => {
    expect(planDevice(noGpu, EMBED, auto)).toMatchObject({ backend: 'wasm', dtype: 'q8' });
  });

  it('uses f16 weights only with shader-f16, else q4 (q8 would run on the CPU)', () => {
    expect(planDevice(gpu(true), EMBED, auto)).toMatchObject({ backend: 'webgpu', dtype: 'fp16' });
    expect(planDevice(gpu(false), EMBED, auto)).toMatchObject({ backend: 'webgpu', dtype: 'q4' });
    expect(planDevice(gpu(true), RERANK, auto)).toMatchObject({ backend: 'webgpu', dtype: 'q4' });
  });

  it('honours a forced backend and explains a refused dtype', () => {
    expect(planDevice(gpu(true), EMBED, { backend: 'wasm', dtype: 'auto' })).toMatchObject({
      backend: 'wasm',
      dtype: 'q8',
    });
    const refused = planDevice(gpu(false), EMBED, { backend: 'auto', dtype: 'q4f16' });
    expect(refused.dtype).toBe('q4');
    expect(refused.reasons.join(' ')).toMatch(/shader-f16/);
  });

  it('warns about a software adapter and plans the WASM fallback with its cause', () => {
    expect(planDevice(gpu(false, true), EMBED, auto).reasons.join(' ')).toMatch(/software adapter/);
    const fallback = wasmFallbackPlan(RERANK, 'device lost');
    expect(fallback).toMatchObject({ backend: 'wasm', dtype: 'q8' });
    expect(fallback.reasons[0]).toContain('device lost');
  });
});
