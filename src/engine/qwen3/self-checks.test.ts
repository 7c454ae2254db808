// The self-check inputs on the fixture models (onnxruntime-node): two loads of the same file agree,
// the outputs have the shapes the comparisons expect, and corrupted outputs are caught.
import { resolve } from 'node:path';
import { env } from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import { corruptOutputs } from '../../core/gpu-self-check';
import { QWEN3_EMBEDDING_MODEL_ID } from '../../core/qwen3-embedding';
import { fixtureRerankers } from '../../../test/fixture-reranker';
import { Qwen3Embedder } from './embedder';
import { embedderSelfCheck, rerankerSelfCheck } from './self-checks';

env.localModelPath = resolve('fixtures/models') + '/';
env.allowLocalModels = true;
env.allowRemoteModels = false;

const rerankers = fixtureRerankers();
const embedders: Qwen3Embedder[] = [];
afterAll(async () => {
  for (const e of embedders) await e.dispose();
});

async function embedder(): Promise<Qwen3Embedder> {
  const loaded = await Qwen3Embedder.load({
    modelId: QWEN3_EMBEDDING_MODEL_ID,
    device: 'cpu',
    dtype: 'q4',
  });
  embedders.push(loaded);
  return loaded;
}

describe('embedder self-check', () => {
  it('two copies of the same weights agree; corrupted outputs do not', async () => {
    const [a, b] = [await embedder(), await embedder()];
    const first = await embedderSelfCheck.run(a);
    const second = await embedderSelfCheck.run(b);
    expect(first).toHaveLength(3);
    expect(first.every((row) => row.length === a.dimension)).toBe(true);
    // Three different texts: rows that all came out alike would make the check blind.
    expect(first[0]).not.toEqual(first[1]);
    expect(embedderSelfCheck.compare(first, second)).toMatchObject({ passed: true });
    expect(embedderSelfCheck.compare(corruptOutputs(first), second).passed).toBe(false);
  });
});

describe('reranker self-check', () => {
  it('scores two pairs in 0..1; the same weights agree, corrupted scores do not', async () => {
    const reranker = await rerankers('q8');
    const first = await rerankerSelfCheck.run(reranker);
    const second = await rerankerSelfCheck.run(reranker);
    expect(first).toHaveLength(2);
    for (const [score] of first) expect(score).toBeGreaterThanOrEqual(0);
    for (const [score] of first) expect(score).toBeLessThanOrEqual(1);
    expect(rerankerSelfCheck.compare(first, second)).toMatchObject({ passed: true });
    expect(rerankerSelfCheck.compare(corruptOutputs(first), second).passed).toBe(false);
  });
});
