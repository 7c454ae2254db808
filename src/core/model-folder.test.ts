import { describe, expect, it } from 'vitest';
import { modelIdFor, planModelFolder } from './model-folder';

const KNOWN = [
  'onnx-community/Qwen3-Embedding-0.6B-ONNX',
  'onnx-community/Qwen3-Reranker-0.6B-ONNX',
];

describe('planModelFolder', () => {
  it('finds a mirror-style folder with two repositories and keeps only what transformers.js reads', () => {
    const plan = planModelFolder(
      [
        'models/onnx-community/Qwen3-Embedding-0.6B-ONNX/config.json',
        'models/onnx-community/Qwen3-Embedding-0.6B-ONNX/tokenizer.json',
        'models/onnx-community/Qwen3-Embedding-0.6B-ONNX/onnx/model_quantized.onnx',
        'models/onnx-community/Qwen3-Embedding-0.6B-ONNX/onnx/model.onnx_data',
        'models/onnx-community/Qwen3-Embedding-0.6B-ONNX/model.safetensors',
        'models/onnx-community/Qwen3-Embedding-0.6B-ONNX/.cache/huggingface/download/x.lock',
        'models/onnx-community/Qwen3-Reranker-0.6B-ONNX/config.json',
        'models/onnx-community/Qwen3-Reranker-0.6B-ONNX/onnx/model_q4.onnx',
        'models/notes.txt',
      ],
      KNOWN,
    );
    expect(plan.repos.map((r) => [r.modelId, r.files.map((f) => f.name)])).toEqual([
      [
        'onnx-community/Qwen3-Embedding-0.6B-ONNX',
        ['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx', 'onnx/model.onnx_data'],
      ],
      ['onnx-community/Qwen3-Reranker-0.6B-ONNX', ['config.json', 'onnx/model_q4.onnx']],
    ]);
    expect(plan.ignored).toEqual([
      'models/onnx-community/Qwen3-Embedding-0.6B-ONNX/model.safetensors',
      'models/onnx-community/Qwen3-Embedding-0.6B-ONNX/.cache/huggingface/download/x.lock',
      'models/notes.txt',
    ]);
  });

  it('takes a known id for a picked repository folder (a --local-dir download)', () => {
    const plan = planModelFolder(
      [
        'Qwen3-Reranker-0.6B-ONNX/config.json',
        'Qwen3-Reranker-0.6B-ONNX/onnx/model_quantized.onnx',
      ],
      KNOWN,
    );
    expect(plan.repos).toHaveLength(1);
    expect(plan.repos[0]).toMatchObject({
      modelId: 'onnx-community/Qwen3-Reranker-0.6B-ONNX',
      root: '',
      files: [
        { path: 'Qwen3-Reranker-0.6B-ONNX/config.json', name: 'config.json' },
        {
          path: 'Qwen3-Reranker-0.6B-ONNX/onnx/model_quantized.onnx',
          name: 'onnx/model_quantized.onnx',
        },
      ],
    });
  });

  it('gives nested repositories their own files', () => {
    const plan = planModelFolder(
      [
        'top/config.json',
        'top/inner/config.json',
        'top/inner/onnx/model.onnx',
        'top/onnx/model.onnx',
      ],
      [],
    );
    const byRoot = Object.fromEntries(plan.repos.map((r) => [r.root, r.files.map((f) => f.name)]));
    expect(byRoot).toEqual({
      inner: ['config.json', 'onnx/model.onnx'],
      '': ['config.json', 'onnx/model.onnx'],
    });
  });

  it('reports a folder without any config.json as holding no repository', () => {
    const plan = planModelFolder(['stuff/a.onnx', 'stuff/readme.md'], KNOWN);
    expect(plan.repos).toEqual([]);
    expect(plan.ignored).toHaveLength(2);
  });
});

describe('modelIdFor', () => {
  it('matches known repository names case-insensitively, else uses parent/name or local/name', () => {
    expect(modelIdFor('x/qwen3-embedding-0.6b-onnx', 'p', KNOWN)).toBe(KNOWN[0]);
    expect(modelIdFor('org/my-model', 'p', KNOWN)).toBe('org/my-model');
    expect(modelIdFor('my-model', 'p', KNOWN)).toBe('local/my-model');
    expect(modelIdFor('', 'picked', KNOWN)).toBe('local/picked');
  });
});
