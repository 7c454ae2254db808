// Browser side of `npm run bench:rerank`: runs in headless Chromium on the Vite dev server and
// exposes `window.runRerankBench(config)`, which loads the fixture reranker from /fixture-models/
// or the stand-ins' mirror (once per model/device/dtype, with calibration as warm-up) and times
// `score()` per case.
import { env } from '@huggingface/transformers';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import { Qwen3Reranker } from '../../src/engine/qwen3/reranker';
import type { CaseTiming, LoadInfo, RerankBenchConfig } from './rerank-shared';

declare global {
  interface Window {
    runRerankBench: (
      config: RerankBenchConfig,
    ) => Promise<{ load: LoadInfo | null; timings: CaseTiming[] }>;
  }
}

const absolute = (url: string) => new URL(url, location.href).href;

env.allowLocalModels = false;
env.allowRemoteModels = true;
env.remoteHost = absolute('/fixture-models/');
env.remotePathTemplate = '{model}/';
env.useBrowserCache = false;
const wasm = env.backends.onnx.wasm;
if (wasm) wasm.wasmPaths = { wasm: absolute(ortWasmUrl), mjs: absolute(ortFactoryUrl) };

let loaded: { key: string; reranker: Qwen3Reranker } | null = null;

async function ensureLoaded(config: RerankBenchConfig): Promise<LoadInfo | null> {
  const key = `${config.modelId}|${config.device}|${config.dtype}`;
  if (loaded?.key === key) return null;
  await loaded?.reranker.dispose();
  loaded = null;
  env.remoteHost = config.modelsBase ?? absolute('/fixture-models/');
  const start = performance.now();
  const reranker = await Qwen3Reranker.load({
    modelId: config.modelId,
    device: config.device,
    dtype: config.dtype,
  });
  const loadMs = performance.now() - start;
  const calibration = await reranker.calibrateBatching();
  loaded = { key, reranker };
  return {
    load_ms: loadMs,
    calibrate_ms: performance.now() - start - loadMs,
    batched: reranker.batchSafe,
    difference: calibration.difference,
    prefix_reuse: calibration.prefixReuse.enabled,
    crossOriginIsolated: self.crossOriginIsolated,
  };
}

window.runRerankBench = async (config) => {
  const load = await ensureLoaded(config);
  const reranker = loaded!.reranker;
  const timings: CaseTiming[] = [];
  for (const c of config.cases) {
    const pairs = c.documents.map((d) =>
      reranker.pairIds(config.query, d, config.instruction, c.maxTokens),
    );
    const runs: number[] = [];
    for (let r = 0; r < c.repeats; r++) {
      const start = performance.now();
      const gc = (globalThis as { gc?: () => void }).gc;
      const scores = await reranker.score(
        config.query,
        c.documents,
        config.instruction,
        c.maxTokens,
        config.gcEachPass && gc ? { onScored: () => gc() } : {},
      );
      runs.push(performance.now() - start);
      if (scores.some(Number.isNaN)) throw new Error('score() left NaN scores');
    }
    timings.push({
      candidates: c.candidates,
      docTokens: c.docTokens,
      runs_ms: runs,
      // What was scored: score() caps pairs at maxPairTokens when the export lacks num_logits_to_keep.
      pair_tokens:
        pairs.reduce((sum, p) => sum + Math.min(p.length, reranker.maxPairTokens), 0) /
        pairs.length,
    });
  }
  return { load, timings };
};

document.getElementById('status')!.textContent = 'ready';
