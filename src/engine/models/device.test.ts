import { describe, expect, it } from 'vitest';
import { planDevice, wasmFallbackPlan, withWasmFallback, type DevicePlan } from './device';
import type { Dtype, GpuReport } from '../../core/types/models';

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

  it('prefers WASM over a software adapter unless WebGPU is forced', () => {
    const software = gpu(false, true);
    const chosen = planDevice(software, EMBED, auto);
    expect(chosen).toMatchObject({ backend: 'wasm', dtype: 'q8' });
    expect(chosen.reasons.join(' ')).toMatch(/software adapter/);
    expect(planDevice(software, EMBED, { backend: 'webgpu', dtype: 'auto' })).toMatchObject({
      backend: 'webgpu',
      dtype: 'q4',
    });
  });

  it('plans the WASM fallback with its cause', () => {
    const fallback = wasmFallbackPlan(RERANK, 'device lost');
    expect(fallback).toMatchObject({ backend: 'wasm', dtype: 'q8' });
    expect(fallback.reasons[0]).toContain('device lost');
  });
});

describe('withWasmFallback', () => {
  it('retries on WASM when WebGPU fails, and says why', async () => {
    const tried: DevicePlan[] = [];
    const result = await withWasmFallback(
      planDevice(gpu(false), EMBED, auto),
      EMBED,
      async (plan) => {
        tried.push(plan);
        if (plan.backend === 'webgpu') throw new Error('GPU device was lost');
        return plan;
      },
    );
    expect(tried.map((p) => `${p.backend}/${p.dtype}`)).toEqual(['webgpu/q4', 'wasm/q8']);
    expect(result.reasons[0]).toContain('GPU device was lost');
  });

  it('does not retry a WASM failure', async () => {
    let calls = 0;
    const failing = withWasmFallback(planDevice(noGpu, EMBED, auto), EMBED, async () => {
      calls++;
      throw new Error('download failed');
    });
    await expect(failing).rejects.toThrow('download failed');
    expect(calls).toBe(1);
  });

  it('does not retry a failure marked as not retryable (missing model files)', async () => {
    let calls = 0;
    const missing = withWasmFallback(
      planDevice(gpu(false), EMBED, auto),
      EMBED,
      async () => {
        calls++;
        throw new Error('HTTP 404');
      },
      () => false,
    );
    await expect(missing).rejects.toThrow('HTTP 404');
    expect(calls).toBe(1);
  });
});
