import { env } from '@huggingface/transformers';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { availableDtypes } from './model-dtypes';

env.localModelPath = resolve('fixtures/models') + '/';
env.allowLocalModels = true;
env.allowRemoteModels = false;

describe('availableDtypes', () => {
  it('uses the known list for a known model without probing', async () => {
    expect(await availableDtypes('org/known', { 'org/known': ['q8'] }, ['fp32'])).toEqual(['q8']);
  });

  it('probes the repository layout of any other model', async () => {
    expect(await availableDtypes('onnx-community/Qwen3-Reranker-0.6B-ONNX', {}, [])).toEqual([
      'q8',
      'q4',
    ]);
    expect(await availableDtypes('onnx-community/Qwen3-Embedding-0.6B-ONNX', {}, [])).toEqual([
      'fp32',
      'fp16',
      'q8',
      'q4',
      'q4f16',
    ]);
  });

  it('falls back when the repository cannot be read', async () => {
    expect(await availableDtypes('onnx-community/Nothing-Here', {}, ['q8'])).toEqual(['q8']);
  });
});
