// Main-thread handle on the embedder worker: starts it and wraps its API with comlink.
// Keep the returned object alive for the app's lifetime (a collected proxy drops calls).

import { proxy, wrap, type Remote } from 'comlink';
import type { EmbedderApi } from '../../workers/embedder/api';

export interface EmbedderClient {
  api: Remote<EmbedderApi>;
  terminate(): void;
}

export function startEmbedderWorker(): EmbedderClient {
  const worker = new Worker(new URL('../../workers/embedder/embedder.worker.ts', import.meta.url), {
    type: 'module',
    name: 'sieve-embedder',
  });
  return { api: wrap<EmbedderApi>(worker), terminate: () => worker.terminate() };
}

/** Marks a callback to be called across the worker boundary. */
export const callback = proxy;
