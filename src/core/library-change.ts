// How the page's document list follows the embedder worker's announced changes. Pure.

import type { DocumentSummary, LibraryChange } from './types/library';

/**
 * The document list after `change`, or `undefined` when the change is not about documents.
 * Changed documents keep their place (the worker lists them oldest first); new ones go last.
 */
export function applyDocumentChange(
  list: readonly DocumentSummary[],
  change: LibraryChange,
): DocumentSummary[] | undefined {
  const { documents, upserted = [], removed = [] } = change;
  if (!documents && upserted.length === 0 && removed.length === 0) return undefined;
  const updates = new Map(upserted.map((d) => [d.id, d]));
  const gone = new Set(removed);
  const kept = (documents ?? list)
    .filter((d) => !gone.has(d.id))
    .map((d) => {
      const update = updates.get(d.id);
      updates.delete(d.id);
      return update ?? d;
    });
  return [...kept, ...updates.values()];
}
