// Browser-side transformers.js configuration for the model workers: where model files come
// from, the self-hosted ONNX Runtime wasm files (never a CDN) and its WASM thread count.

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
  if (!wasm) return;
  wasm.wasmPaths = { wasm: absolute(ortWasmUrl), mjs: absolute(ortFactoryUrl) };
  // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page (sw.js adds COOP/COEP where
  // the host does not). Set here, not left to ORT's default of half the cores.
  const cores = navigator.hardwareConcurrency || 1;
  wasm.numThreads = self.crossOriginIsolated ? Math.min(4, cores) : 1;
}

/** ONNX Runtime's WASM thread count as configured, and whether the page allows threads. */
export function wasmThreads(): { threads: number; crossOriginIsolated: boolean; cores: number } {
  return {
    threads: env.backends.onnx.wasm?.numThreads ?? 1,
    crossOriginIsolated: self.crossOriginIsolated,
    cores: navigator.hardwareConcurrency || 1,
  };
}

/** The thread count ONNX Runtime's WASM backend runs with (it drops to 1 if threads fail). */
export function wasmThreadsNote(): string {
  const threads = env.backends.onnx.wasm?.numThreads ?? 1;
  const why = self.crossOriginIsolated
    ? 'cross-origin isolated'
    : 'not cross-origin isolated, so no SharedArrayBuffer';
  return `WASM threads: ${threads} (${why}).`;
}
