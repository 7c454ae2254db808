// Stage 1 of a search in the embedder worker (or Node): embed the query, scan the vectors of the
// documents in scope, and time both steps.

import type { SearchResponse, SearchScope } from '../../core/types/library';
import type { Library } from './library';
import { collectionOf, type DocRecord } from './library-store';

/** Whether a document is in `scope` (every document when there is none). */
export function inScope(scope: SearchScope | undefined): (record: DocRecord) => boolean {
  if (!scope) return () => true;
  const only = scope.documents && new Set(scope.documents);
  return (record) => collectionOf(record) === scope.collection && (!only || only.has(record.id));
}

/**
 * The top `k` chunks for the query vector `embedQuery` computes; `started` is when the request
 * began (a model load before it counts in `workerMs`).
 */
export async function searchLibrary(
  library: Library,
  embedQuery: () => Promise<Float32Array>,
  k: number,
  scope?: SearchScope,
  started = performance.now(),
): Promise<SearchResponse> {
  const embedStart = performance.now();
  const vector = await embedQuery();
  const searchStart = performance.now();
  const allow = inScope(scope);
  const hits = await library.search(vector, k, allow);
  const end = performance.now();
  return {
    hits,
    searched: library.searchedRows(allow),
    timings: {
      queryEmbeddingMs: searchStart - embedStart,
      vectorSearchMs: end - searchStart,
      workerMs: end - started,
    },
  };
}
