// Search scopes in the embedder worker (or Node): which documents a search may return.

import type { SearchScope } from '../../core/types/library';
import { collectionOf, type DocRecord } from './library-store';

/** Whether a document is in `scope` (every document when there is none). */
export function inScope(scope: SearchScope | undefined): (record: DocRecord) => boolean {
  if (!scope) return () => true;
  const only = scope.documents && new Set(scope.documents);
  return (record) => collectionOf(record) === scope.collection && (!only || only.has(record.id));
}
