// transformers.js' custom cache for the "local folder" model source: model files are read from
// (and deleted in) OPFS, where the folder the user picked was copied; everything else (ONNX
// Runtime's wasm) stays in Cache Storage. Runs in the model workers.

import { env } from '@huggingface/transformers';
import { deleteModelFile, readModelFile } from './opfs-store';

const CONTENT_TYPES: Record<string, string> = { json: 'application/json' };

/** The subset of the Cache API transformers.js calls (`env.customCache`). */
export interface TransformersCache {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/** Whether transformers.js is set up for the local-folder source (see configureTransformers). */
export function usingLocalModels(): boolean {
  return env.useCustomCache && env.customCache instanceof LocalModelCache;
}

export class LocalModelCache implements TransformersCache {
  #browser: Promise<Cache | undefined> | undefined;

  /** `base`: the absolute URL that model files resolve under (`<base><org>/<name>/<file>`). */
  constructor(
    private readonly base: string,
    private readonly browserCacheName: string,
  ) {}

  /** The model id and file a key names, when it is a local model file. */
  locate(key: string): { modelId: string; name: string } | undefined {
    if (!key.startsWith(this.base)) return undefined;
    const parts = decodeURIComponent(key.slice(this.base.length)).split('/');
    // Local model ids are always `<org>/<name>` (see planModelFolder).
    if (parts.length < 3) return undefined;
    return { modelId: parts.slice(0, 2).join('/'), name: parts.slice(2).join('/') };
  }

  async match(key: string): Promise<Response | undefined> {
    const at = this.locate(key);
    if (!at) return (await this.#browserCache())?.match(key);
    const file = await readModelFile(at.modelId, at.name);
    if (!file) return undefined;
    const type = CONTENT_TYPES[at.name.split('.').at(-1) ?? ''] ?? 'application/octet-stream';
    return new Response(file, {
      headers: { 'content-length': String(file.size), 'content-type': type },
    });
  }

  async put(key: string, response: Response): Promise<void> {
    // Local model files only ever come from an import; nothing downloaded is written over them.
    if (this.locate(key)) return;
    await (await this.#browserCache())?.put(key, response);
  }

  async delete(key: string): Promise<boolean> {
    const at = this.locate(key);
    if (at) return deleteModelFile(at.modelId, at.name);
    return (await (await this.#browserCache())?.delete(key)) ?? false;
  }

  #browserCache(): Promise<Cache | undefined> {
    this.#browser ??= caches.open(this.browserCacheName).catch(() => undefined);
    return this.#browser;
  }
}
