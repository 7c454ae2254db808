// Search scopes in the embedder worker (or Node): which documents a search may return, and
// searches that read deeper when some hits are filtered out.

import type { SearchScope } from '../../core/types/library';
import { collectionOf, type DocRecord } from './library-store';

/** Whether a document is in `scope` (every document when there is none). */
export function inScope(scope: SearchScope | undefined): (record: DocRecord) => boolean {
  if (!scope) return () => true;
  const only = scope.documents && new Set(scope.documents);
  return (record) => collectionOf(record) === scope.collection && (!only || only.has(record.id));
}

/**
 * The best `k` rows `search` finds that `keep` accepts, reading deeper (×4 each time) until `k`
 * are kept or all `rows` were read: for a query's required and excluded words.
 */
export function searchKeeping<T extends { docId: string; chunk: number }>(
  search: (depth: number) => T[],
  rows: number,
  k: number,
  keep: (docId: string, chunk: number) => boolean,
): T[] {
  for (let depth = Math.min(rows, k * 4); ; depth = Math.min(rows, depth * 4)) {
    const kept = search(depth).filter((hit) => keep(hit.docId, hit.chunk));
    if (kept.length >= k || depth >= rows) return kept.slice(0, k);
  }
}
