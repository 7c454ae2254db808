// Browser-side transformers.js configuration for the model workers: where model files come
// from, and the self-hosted ONNX Runtime wasm files (never a CDN).

import { env } from '@huggingface/transformers';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import type { ModelSource } from '../../workers/model-types';

const HUB = { host: env.remoteHost, pathTemplate: env.remotePathTemplate };

function absolute(url: string): string {
  return new URL(url, self.location.href).href;
}

export function configureTransformers(source: ModelSource): void {
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.useBrowserCache = true;
  if (source.kind === 'url') {
    // A mirror lays repos out flat: `<base>/<org>/<name>/<file>`.
    env.remoteHost = absolute(source.baseUrl.endsWith('/') ? source.baseUrl : `${source.baseUrl}/`);
    env.remotePathTemplate = '{model}/';
  } else {
    env.remoteHost = HUB.host;
    env.remotePathTemplate = HUB.pathTemplate;
  }
  const wasm = env.backends.onnx.wasm;
  if (wasm) wasm.wasmPaths = { wasm: absolute(ortWasmUrl), mjs: absolute(ortFactoryUrl) };
}
