// describeModelFiles on the fixture repositories (local files, transformers.js' own file lists).
import { env } from '@huggingface/transformers';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
