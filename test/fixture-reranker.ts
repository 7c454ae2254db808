// The fixture reranker for unit tests (Node, onnxruntime-node): transformers.js pointed at
// fixtures/models, and one loaded reranker per dtype, shared by a test file and disposed after it.
import { env } from '@huggingface/transformers';
import { resolve } from 'node:path';
import { afterAll } from 'vitest';
import type { Dtype } from '../src/core/types/models';
import { QWEN3_RERANKER_MODEL_ID } from '../src/core/qwen3-reranker';
import { Qwen3Reranker } from '../src/engine/qwen3/reranker';

env.localModelPath = resolve('fixtures/models') + '/';
env.allowLocalModels = true;
env.allowRemoteModels = false;

/** A loader of the fixture reranker per dtype; everything loaded is disposed after the file. */
export function fixtureRerankers(): (dtype: Dtype) => Promise<Qwen3Reranker> {
  const loaded = new Map<Dtype, Qwen3Reranker>();
  afterAll(async () => {
    for (const r of loaded.values()) await r.dispose();
  });
  return async (dtype) => {
    let reranker = loaded.get(dtype);
    if (!reranker) {
      reranker = await Qwen3Reranker.load({
        modelId: QWEN3_RERANKER_MODEL_ID,
        device: 'cpu',
        dtype,
      });
      loaded.set(dtype, reranker);
    }
    return reranker;
  };
}
