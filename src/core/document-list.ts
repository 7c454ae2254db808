// The library list's view of the documents (pure): filtered by what the user types, sorted by a
// chosen key, and for long lists only the window of rows the scroll position shows (plus a margin).

export const DOCUMENT_SORTS = ['added', 'newest', 'name', 'size', 'chunks'] as const;
export type DocumentSort = (typeof DOCUMENT_SORTS)[number];

export const SORT_LABELS: Record<DocumentSort, string> = {
  added: 'Order added',
  newest: 'Newest first',
  name: 'Name',
  size: 'Largest first',
  chunks: 'Most chunks first',
};

export interface ListedDocument {
  id: string;
  name: string;
  path: string;
  size: number;
  chunkCount: number;
  addedAt: number;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** `documents` in `sort` order (ties by name, then id, so the order is stable). */
export function sortDocuments<T extends ListedDocument>(
  documents: readonly T[],
  sort: DocumentSort,
): T[] {
  const byName = (a: T, b: T) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1);
  const key: Record<DocumentSort, (a: T, b: T) => number> = {
    added: (a, b) => a.addedAt - b.addedAt,
    newest: (a, b) => b.addedAt - a.addedAt,
    name: () => 0,
    size: (a, b) => b.size - a.size,
    chunks: (a, b) => b.chunkCount - a.chunkCount,
  };
  return [...documents].sort((a, b) => key[sort](a, b) || byName(a, b));
}

/** The documents whose path contains every word of `filter` (case-insensitive). */
export function filterDocuments<T extends ListedDocument>(
  documents: readonly T[],
  filter: string,
): T[] {
  const words = filter
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return [...documents];
  return documents.filter((doc) => {
    const path = doc.path.toLowerCase();
    return words.every((word) => path.includes(word));
  });
}

export interface RowWindow {
  /** First and one-past-last row to render. */
  start: number;
  end: number;
}

/**
 * The rows a list of `count` rows of `rowHeight` px shows when scrolled to `scrollTop` in a
 * viewport `viewportHeight` px high, with `overscan` rows more on each side (so fast scrolling
 * does not show blanks).
 */
export function rowWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 8,
): RowWindow {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count - 1, first) - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end: Math.max(start, end) };
}
