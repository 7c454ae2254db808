// Library documents for unit tests: a record, its source text and chunk ranges, one chunk per
// paragraph, as the ingest pipeline would store them.
import type { StoredDocument } from '../src/engine/library/library-store';

/** Document `id` (named `${id}.txt`) whose chunks are `paragraphs`, joined by blank lines. */
export function documentOf(id: string, addedAt: number, paragraphs: string[]): StoredDocument {
  const source = paragraphs.join('\n\n');
  const starts = paragraphs.map((_, i) => paragraphs.slice(0, i).join('\n\n').length + (i ? 2 : 0));
  return {
    record: {
      id,
      name: `${id}.txt`,
      size: source.length,
      addedAt,
      chunkCount: paragraphs.length,
      tokenCount: 10,
    },
    source,
    chunks: {
      starts: Uint32Array.from(starts),
      ends: Uint32Array.from(paragraphs, (p, i) => starts[i]! + p.length),
    },
  };
}
