// Browser side of `npm run bench:self-check`: what the WebGPU self-check costs on WASM, the side
// that runs on the CPU: loading a second copy of the model file from the browser cache, and
// running the check's fixed inputs through it (the app's classes, transformers.js, ORT WASM).
import { env } from '@huggingface/transformers';
import type { Dtype } from '../../src/core/types/models';
import { configureTransformers } from '../../src/engine/models/runtime-env';
import { timeSelfCheckCopy } from './self-check-timing';

export interface SelfCheckCase {
  model: 'embedding' | 'reranker';
  dtype: Dtype;
  modelId: string;
  /** The stand-ins' mirror URL (`<base>/<org>/<name>/<file>`). */
  baseUrl: string;
  threads: number;
}

export interface SelfCheckTiming {
  /** The first load, which fetches the file into the browser cache (the GPU load's part). */
  first_load_ms: number;
  /** The check's WASM copy: a load from the browser cache… */
  load_ms: number;
  /** …and the fixed inputs through it. */
  run_ms: number;
  threads: number;
  crossOriginIsolated: boolean;
}

async function timeSelfCheck(c: SelfCheckCase): Promise<SelfCheckTiming> {
  configureTransformers({ kind: 'url', baseUrl: c.baseUrl });
  const wasm = env.backends.onnx.wasm;
  if (wasm) wasm.numThreads = c.threads;
  const timing = await timeSelfCheckCopy({ ...c, device: 'wasm' });
  return {
    ...timing,
    threads: wasm?.numThreads ?? 1,
    crossOriginIsolated: self.crossOriginIsolated,
  };
}

declare global {
  interface Window {
    timeSelfCheck: typeof timeSelfCheck;
  }
}

window.timeSelfCheck = timeSelfCheck;
document.getElementById('status')!.textContent = 'ready';
