// The WebGPU self-check's CPU half as `npm run bench:self-check` times it, shared by its Node
// driver and its Chromium page: a first load (which fills the cache), then the WASM copy's load
// from that cache and the check's fixed inputs through it (the app's classes either way).
import type { Dtype } from '../../src/core/types/models';
import { Qwen3Embedder } from '../../src/engine/qwen3/embedder';
import { Qwen3Reranker } from '../../src/engine/qwen3/reranker';
import { embedderSelfCheck, rerankerSelfCheck } from '../../src/engine/qwen3/self-checks';

export interface CopyTiming {
  first_load_ms: number;
  load_ms: number;
  run_ms: number;
}

export async function timeSelfCheckCopy(target: {
  model: 'embedding' | 'reranker';
  modelId: string;
  device: 'wasm' | 'cpu';
  dtype: Dtype;
}): Promise<CopyTiming> {
  const { modelId, device, dtype } = target;
  const load = () =>
    target.model === 'embedding'
      ? Qwen3Embedder.load({ modelId, device, dtype })
      : Qwen3Reranker.load({ modelId, device, dtype });
  let start = performance.now();
  await (await load()).dispose();
  const first = performance.now() - start;
  start = performance.now();
  const model = await load();
  const loaded = performance.now() - start;
  start = performance.now();
  if (model instanceof Qwen3Embedder) await embedderSelfCheck.run(model);
  else await rerankerSelfCheck.run(model);
  const ran = performance.now() - start;
  await model.dispose();
  return { first_load_ms: first, load_ms: loaded, run_ms: ran };
}
