// Browser-side transformers.js configuration for the model workers: where model files come
// from, the self-hosted ONNX Runtime wasm files (never a CDN) and its WASM thread count.

import { env } from '@huggingface/transformers';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import { LocalModelCache } from './local-folder/local-model-cache';
import type { Fetch } from '../../core/types/fetch';
import { resilientFetch } from './resilient-fetch';
import type { ModelSettings, ModelSource } from '../../core/types/models';

const HUB = { host: env.remoteHost, pathTemplate: env.remotePathTemplate };
/** Retries and resumes downloads on a flaky network (see resilient-fetch.ts). */
const NETWORK_FETCH = resilientFetch(env.fetch as Fetch);
/** Where local-folder model files appear to live; only ever a cache key, never fetched. */
const LOCAL_MODELS_PATH = 'local-models/';

function absolute(url: string): string {
  return new URL(url, self.location.href).href;
}

/** Why the configured thread count was chosen (the page's measurement), for the status notes. */
let threadsReason: string | undefined;

/**
 * `threads` carries the page's choice (measured once per device, see src/state/wasm-threads.ts);
 * without it (Node, tests) the default rule applies: min(4, cores) when isolated, else 1.
 */
export function configureTransformers(
  source: ModelSource,
  threads: Pick<ModelSettings, 'wasmThreads' | 'wasmThreadsReason'> = {},
): void {
  env.allowLocalModels = source.kind === 'local';
  env.allowRemoteModels = source.kind !== 'local';
  env.useBrowserCache = true;
  env.useCustomCache = source.kind === 'local';
  env.customCache = null;
  env.fetch = NETWORK_FETCH;
  if (source.kind === 'local') {
    // Files come only from OPFS (the custom cache). transformers.js insists on local or remote
    // loading being on, so "local" paths point at OPFS too and a miss answers 404 offline.
    const base = absolute(LOCAL_MODELS_PATH);
    env.remoteHost = base;
    env.remotePathTemplate = '{model}/';
    env.localModelPath = base;
    env.customCache = new LocalModelCache(base, env.cacheKey);
    env.fetch = (input, init) =>
      String(input).startsWith(base)
        ? Promise.resolve(new Response(null, { status: 404 }))
        : NETWORK_FETCH(input, init);
  } else if (source.kind === 'url') {
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
  const measured = self.crossOriginIsolated ? threads.wasmThreads : undefined;
  wasm.numThreads = measured ?? (self.crossOriginIsolated ? Math.min(4, cores) : 1);
  threadsReason = measured === undefined ? undefined : threads.wasmThreadsReason;
}

/** ONNX Runtime's WASM thread count as configured, and whether the page allows threads. */
export function wasmThreads(): {
  threads: number;
  reason?: string;
  crossOriginIsolated: boolean;
  cores: number;
} {
  return {
    threads: env.backends.onnx.wasm?.numThreads ?? 1,
    ...(threadsReason !== undefined && { reason: threadsReason }),
    crossOriginIsolated: self.crossOriginIsolated,
    cores: navigator.hardwareConcurrency || 1,
  };
}

/** The thread count ONNX Runtime's WASM backend runs with (it drops to 1 if threads fail). */
export function wasmThreadsNote(): string {
  const threads = env.backends.onnx.wasm?.numThreads ?? 1;
  // The page's measurement, when it is what ORT was given (it states the count and timings).
  if (threadsReason?.startsWith(`WASM threads: ${threads} `)) return threadsReason;
  const why = self.crossOriginIsolated
    ? 'cross-origin isolated'
    : 'not cross-origin isolated, so no SharedArrayBuffer';
  return `WASM threads: ${threads} (${why}).`;
}
