// describeModelFiles on the fixture repositories (local files, transformers.js' own file lists).
import { env } from '@huggingface/transformers';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Dtype } from '../../core/types/models';
import { QWEN3_EMBEDDING_ESTIMATES, QWEN3_RERANKER_ESTIMATES } from '../qwen3/download-estimates';
import type { DevicePlan } from './device';
import { describeModelFiles } from './model-cache';

env.localModelPath = resolve('fixtures/models') + '/';
env.allowLocalModels = true;
env.allowRemoteModels = false;

const EMBEDDER = 'onnx-community/Qwen3-Embedding-0.6B-ONNX';
const size = (file: string) => statSync(resolve('fixtures/models', EMBEDDER, file)).size;

describe('describeModelFiles', () => {
  it('lists the files a dtype loads with their sizes, and sums them', async () => {
    const report = await describeModelFiles(EMBEDDER, {
      backend: 'wasm',
      dtype: 'q8',
      reasons: [],
    });
    const names = report.files.map((f) => f.name);
    expect(names).toContain('onnx/model_quantized.onnx');
    expect(names).toContain('tokenizer.json');
    expect(names.some((n) => n.includes('model.onnx_data') || n.endsWith('fp16.onnx'))).toBe(false);
    for (const f of report.files) expect(f.bytes).toBe(size(f.name));
    expect(report.totalBytes).toBe(report.files.reduce((sum, f) => sum + size(f.name), 0));
    expect(report).toMatchObject({ modelId: EMBEDDER, dtype: 'q8' });
  });

  it('lists the external data file of an fp32 export', async () => {
    const report = await describeModelFiles(EMBEDDER, {
      backend: 'wasm',
      dtype: 'fp32',
      reasons: [],
    });
    const names = report.files.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['onnx/model.onnx', 'onnx/model.onnx_data']));
    expect(report.totalBytes).toBeGreaterThan(40e6);
  });

  it('reports the estimates, asking nobody, while nothing of the model is stored', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    const plan: DevicePlan = { backend: 'wasm', dtype: 'q8', reasons: [] };
    const report = await describeModelFiles('org/not-stored', plan, [
      ['config.json', 2_000],
      ['onnx/model_quantized.onnx', 585e6],
    ]);
    expect(report).toMatchObject({ estimated: true, totalBytes: 585.002e6, cachedBytes: 0 });
    expect(report.files.every((f) => !f.cached)).toBe(true);
    expect(fetch).not.toHaveBeenCalled();
    fetch.mockRestore();
    // Once config.json is stored, the real list and sizes replace the estimates.
    const stored = await describeModelFiles(EMBEDDER, plan, [['config.json', 1]]);
    expect(stored.estimated).toBeUndefined();
    expect(stored.totalBytes).toBeGreaterThan(1);
  });

  it("names the files transformers.js loads for each shipped dtype (the fixtures' layout)", async () => {
    const repos = [
      [EMBEDDER, QWEN3_EMBEDDING_ESTIMATES],
      ['onnx-community/Qwen3-Reranker-0.6B-ONNX', QWEN3_RERANKER_ESTIMATES],
    ] as const;
    for (const [repo, estimates] of repos) {
      for (const [dtype, files] of Object.entries(estimates)) {
        const plan: DevicePlan = { backend: 'wasm', dtype: dtype as Dtype, reasons: [] };
        const listed = (await describeModelFiles(repo, plan)).files.map((f) => f.name);
        expect(files.map(([name]) => name).sort(), `${repo} ${dtype}`).toEqual(listed.sort());
      }
    }
  });
});
