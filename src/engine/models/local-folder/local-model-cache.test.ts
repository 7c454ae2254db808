// The local-folder source's cache keys and its failure messages (Node: no OPFS, so every
// model reads as not imported).
import { env } from '@huggingface/transformers';
import { afterEach, describe, expect, it } from 'vitest';
import { explainLoadFailure, ModelUnavailableError } from '../model-files';
import { LocalModelCache, usingLocalModels } from './local-model-cache';

const BASE = 'http://127.0.0.1:4173/assets/local-models/';
const saved = { ...env };
afterEach(() => {
  Object.assign(env, saved);
});

function useLocal() {
  env.useCustomCache = true;
  env.customCache = new LocalModelCache(BASE, 'transformers-cache');
  env.allowRemoteModels = false;
}

describe('LocalModelCache', () => {
  it('maps keys under its base to a model id and a file, and nothing else', () => {
    const cache = new LocalModelCache(BASE, 'transformers-cache');
    expect(
      cache.locate(`${BASE}onnx-community/Qwen3-Embedding-0.6B-ONNX/onnx/model_q4.onnx`),
    ).toEqual({ modelId: 'onnx-community/Qwen3-Embedding-0.6B-ONNX', name: 'onnx/model_q4.onnx' });
    expect(cache.locate(`${BASE}local/my%20model/config.json`)).toEqual({
      modelId: 'local/my model',
      name: 'config.json',
    });
    expect(cache.locate(`${BASE}org/config.json`)).toBeUndefined();
    expect(
      cache.locate('http://127.0.0.1:4173/assets/ort-wasm-simd-threaded.wasm'),
    ).toBeUndefined();
  });

  it('is what configures the local source', () => {
    expect(usingLocalModels()).toBe(false);
    useLocal();
    expect(usingLocalModels()).toBe(true);
  });
});

describe('explainLoadFailure with the local-folder source', () => {
  it('names the missing file of an imported model', async () => {
    useLocal();
    const error = new Error(
      `\`local_files_only=true\` or \`env.allowRemoteModels=false\` and file was not found locally at "${BASE}org/model/onnx/model_q4.onnx".`,
    );
    const explained = await explainLoadFailure('org/model', error);
    expect(explained).toBeInstanceOf(ModelUnavailableError);
    expect(explained.message).toBe(
      'org/model is not complete in the imported model folders: onnx/model_q4.onnx is missing. Import a folder that has it (Model settings → Model source → Local folder).',
    );
  });

  it('says a model without a stored config.json was never imported', async () => {
    useLocal();
    const explained = await explainLoadFailure(
      'org/model',
      new TypeError("Cannot read properties of undefined (reading 'tokenizer_class')"),
    );
    expect(explained).toBeInstanceOf(ModelUnavailableError);
    expect(explained.message).toMatch(/^org\/model is not among the imported models\./);
    // transformers.js may ask for config.json first: its "not found" means the same.
    const notFound = new Error(
      `\`local_files_only=true\` and file was not found locally at "${BASE}org/model/config.json".`,
    );
    const again = await explainLoadFailure('org/model', notFound);
    expect(again.message).toMatch(/^org\/model is not among the imported models\./);
  });
});
