// Which version of a model's weights is loaded, so that vectors from other weights are never
// mixed with its own: for a download, the ETags the host sent with the weights files (kept with
// transformers.js' cached copies; LFS ETags are content hashes), for an imported local folder the
// weights files' names and sizes. Reads the cache only, never the network. Model workers.
import { env } from '@huggingface/transformers';
import { ONNX_SUFFIX, type Dtype } from '../../core/types/models';
import { usingLocalModels } from './local-folder/local-model-cache';
import { listLocalModels, readModelFile } from './local-folder/opfs-store';
import { modelFileUrl } from './model-files';

/** `onnx/model_q4.onnx` and its external-data parts (`…onnx_data`, `…onnx_data_1`…). */
const isWeightsOf = (dtype: Dtype) => (name: string) =>
  new RegExp(`^onnx/model${ONNX_SUFFIX[dtype]}\\.onnx(_data(_\\d+)?)?$`).test(name);

async function digest(text: string): Promise<string> {
  const data = new TextEncoder().encode(text);
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A short id of `modelId`'s `dtype` weights as stored now; undefined when it cannot be known. */
export async function modelRevision(modelId: string, dtype: Dtype): Promise<string | undefined> {
  const weights = isWeightsOf(dtype);
  let tags: string[];
  if (usingLocalModels()) {
    const model = (await listLocalModels()).find((m) => m.modelId === modelId);
    const names = (model?.files ?? []).filter(weights);
    // Each weights file by name and size: re-importing the same export keeps the revision.
    tags = await Promise.all(
      names.map(async (name) => `${name} ${(await readModelFile(modelId, name))?.size ?? 0}`),
    );
  } else {
    const cache = await caches.open(env.cacheKey);
    const base = modelFileUrl(modelId, '');
    tags = [];
    for (const request of await cache.keys()) {
      if (!request.url.startsWith(base) || !weights(request.url.slice(base.length))) continue;
      const headers = (await cache.match(request))?.headers;
      const tag = headers?.get('x-linked-etag') ?? headers?.get('etag');
      if (!tag) return undefined;
      tags.push(`${request.url.slice(base.length)} ${tag}`);
    }
  }
  return tags.length > 0 ? digest(tags.sort().join('\n')) : undefined;
}
