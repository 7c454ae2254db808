// Browser-side transformers.js configuration for the model workers: where model files come
// from, and the self-hosted ONNX Runtime wasm files (never a CDN).

import { env } from '@huggingface/transformers';
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortFactoryUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import type { ModelSource } from '../../workers/model-types';
import { ModelUnavailableError } from './model-host';

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

/** Where transformers.js fetches `file` of `modelId` from, under the current source. */
export function modelFileUrl(modelId: string, file: string): string {
  const path = env.remotePathTemplate
    .replaceAll('{model}', modelId)
    .replaceAll('{revision}', 'main');
  return new URL(path + file, env.remoteHost).href;
}

/**
 * transformers.js reports a missing repo or an unreachable host with errors such as "Cannot read
 * properties of undefined (reading 'tokenizer_class')". On failure, probe config.json and say
 * what actually went wrong; other failures keep their own message.
 */
export async function explainLoadFailure(modelId: string, error: unknown): Promise<Error> {
  const original = error instanceof Error ? error : new Error(String(error));
  const url = modelFileUrl(modelId, 'config.json');
  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', cache: 'no-store' });
  } catch {
    return new ModelUnavailableError(
      `Could not download ${modelId}: ${new URL(url).host} is unreachable (offline?).`,
    );
  }
  if (!response.ok) {
    return new ModelUnavailableError(
      `Could not download ${modelId}: ${url} answered HTTP ${response.status}.`,
    );
  }
  // Static hosts with a single-page-app fallback answer 200 with HTML for missing files.
  const config = (await response.json().catch(() => null)) as { model_type?: unknown } | null;
  if (typeof config?.model_type !== 'string') {
    const type = response.headers.get('content-type') ?? 'unknown content';
    return new ModelUnavailableError(
      `Could not download ${modelId}: ${url} is not a model config (got ${type}); check the model source URL.`,
    );
  }
  return original;
}
