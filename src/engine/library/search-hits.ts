// Search results as the UI shows them (embedder worker): index hits joined with their
// documents' names, paths, chunk text and location. Texts are fetched once per document.
import { locationLabel } from '../../core/section-chunks';
import type { VectorHit } from '../../core/vector-index';
import { chunkSection, pathOf, type DocumentEntry } from './library-store';
import type { SearchHit } from '../../core/types/library';

export async function searchHits(
  found: readonly VectorHit[],
  entryOf: (docId: string) => DocumentEntry,
  textOf: (docId: string) => Promise<string>,
): Promise<SearchHit[]> {
  const ids = [...new Set(found.map((hit) => hit.docId))];
  const texts = await Promise.all(ids.map(textOf));
  const textById = new Map(ids.map((id, i) => [id, texts[i]!]));
  return found.map(({ docId, chunk, score }) => {
    const { record, chunks } = entryOf(docId);
    const start = chunks.starts[chunk]!;
    const end = chunks.ends[chunk]!;
    const text = textById.get(docId)!.slice(start, end);
    const docPath = pathOf(record);
    const location = locationLabel(chunkSection(chunks, chunk));
    const { format } = record;
    return {
      docId,
      docName: record.name,
      docPath,
      format,
      chunk,
      location,
      text,
      start,
      end,
      score,
    };
  });
}
