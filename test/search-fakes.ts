// Fake stage clients for SearchState's tests (Node): an embedder whose searches answer at once or
// wait to be released, and a reranker whose runs the test drives through progress and results.
import type { EmbedderClient } from '../src/clients/embedder-client';
import type { RerankStage } from '../src/state/search.svelte';
import type { SearchHit, SearchRequest, SearchResponse } from '../src/core/types/library';
import type { RerankProgress, RerankRequest, RerankResult } from '../src/core/types/rerank';

export const hit = (docName: string, score: number): SearchHit => ({
  docId: docName,
  docName,
  docPath: docName,
  chunk: 0,
  text: docName,
  start: 0,
  end: docName.length,
  score,
});

export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Fake stage clients. Searches answer at once unless `holdSearches` is set: then each waits in
 * `held` until released (to make a preview and a search cross).
 */
export function fakes(hitsFor: (query: string) => SearchHit[]) {
  const pending: Array<{
    request: RerankRequest;
    onProgress: (p: RerankProgress) => void;
    done: ReturnType<typeof deferred<RerankResult>>;
  }> = [];
  const cancelled: number[] = [];
  const searches: SearchRequest[] = [];
  const held: Array<{ request: SearchRequest; release: () => void }> = [];
  const control = { holdSearches: false };
  const respond = ({ query, mode }: SearchRequest): SearchResponse => ({
    hits: hitsFor(query),
    searched: mode === 'keywords' ? 0 : 3,
    legs: mode === 'keywords' ? ['keywords'] : ['keywords', 'meaning'],
    timings: { keywordSearchMs: 1, queryEmbeddingMs: 1, vectorSearchMs: 1, workerMs: 2 },
  });
  const embedder: Pick<EmbedderClient, 'search'> = {
    search: async (request: SearchRequest): Promise<SearchResponse> => {
      searches.push(request);
      if (!control.holdSearches) return respond(request);
      const gate = deferred<void>();
      held.push({ request, release: () => gate.resolve() });
      await gate.promise;
      return respond(request);
    },
  };
  const reranker: RerankStage = {
    status: { phase: 'ready', modelId: 'r', backend: 'wasm', reasons: [], files: {} },
    client: {
      cancel: (id: number) => void cancelled.push(id),
      rerank: (request: RerankRequest, onProgress: (p: RerankProgress) => void) => {
        const done = deferred<RerankResult>();
        pending.push({ request, onProgress, done });
        return done.promise;
      },
    },
  };
  return { embedder, reranker, pending, cancelled, searches, held, control };
}

export const result = (id: number, scores: number[]): RerankResult => ({
  id,
  scores,
  superseded: false,
  totalMs: 10,
  perCandidateMs: 10 / scores.length,
  loadMs: 0,
});
