// A collection of the library as one Sieve pack file, in the embedder worker: each document's
// chunk records from its stored text and chunk ranges, its stored rows of the current vector
// space, the keyword index built by buildPack, all zipped into one `.sievepack` archive.

import { pathOf, chunkSection } from '../library/library-store';
import type { Library } from '../library/library';
import { buildPack, type PackDocumentInput } from '../../core/pack/pack-build';
import { packArchive, PACK_ARCHIVE_EXTENSION } from '../../core/pack/pack-archive';
import type { PackChunking } from '../../core/pack/pack-manifest';
import { QUERY_TEMPLATE } from '../../core/pack/pack-manifest';
import type { PackChunk } from '../../core/pack/pack-shards';
import type { CollectionSummary } from '../../core/types/library';
import type { PackExportResult, PackTransferProgress } from '../../core/types/pack-transfer';

/** The vector space and chunker the library's vectors were made with. */
export interface ExportSpace {
  modelId: string;
  dtype: string;
  revision?: string;
  instruction: string;
  chunking: PackChunking;
}

export const PACK_GENERATOR = 'sieve 0.1.0 (browser)';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A file name from a collection name: characters no file system takes become "_". */
export function packFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = name.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_').trim() || 'collection';
  return `${safe.slice(0, 100)}${PACK_ARCHIVE_EXTENSION}`;
}

/** The pack's own id of a document: the content hash, without the collection's prefix. */
const contentHashOf = (id: string, collection: string) =>
  id.startsWith(`${collection}/`) ? id.slice(collection.length + 1) : id;

/**
 * Exports every document of `collection`. A collection with documents that have no vectors in
 * this vector space yet (waiting for the model, or being re-embedded) is refused with how many:
 * a pack that silently lacked some of the collection's documents would search differently.
 */
export async function exportCollection(
  library: Library,
  collection: CollectionSummary,
  space: ExportSpace,
  onProgress: (progress: PackTransferProgress) => void = () => {},
): Promise<PackExportResult> {
  const ids = library.idsIn(collection.id);
  if (ids.length === 0) {
    throw new Error(`“${collection.name}” has no documents: there is nothing to export.`);
  }
  const missing = (await library.withoutVectors()).filter((d) => ids.includes(d.record.id));
  if (missing.length > 0) {
    throw new Error(
      `${plural(missing.length, 'document')} of “${collection.name}” ${missing.length === 1 ? 'has' : 'have'} no vectors for this model yet: load the embedding model and let indexing finish, then export again.`,
    );
  }
  const documents: PackDocumentInput[] = [];
  let dimension = 0;
  for (const [done, id] of ids.entries()) {
    onProgress({ phase: 'reading', done, total: ids.length });
    const [doc, stored] = await Promise.all([library.document(id), library.vectorsOf(id)]);
    if (!doc || !stored) throw new Error(`A document of “${collection.name}” went missing.`);
    dimension = stored.dimension;
    const { record, chunks, source } = doc;
    const records = Array.from(chunks.starts, (start, i): Omit<PackChunk, 'doc'> => {
      const end = chunks.ends[i]!;
      const section = chunkSection(chunks, i);
      return {
        start,
        end,
        text: source.slice(start, end),
        ...(section?.page !== undefined ? { page: section.page } : {}),
        ...(section?.headings?.length ? { headings: section.headings } : {}),
      };
    });
    documents.push({
      id: contentHashOf(record.id, collection.id),
      name: record.name,
      path: pathOf(record),
      ...(record.format !== undefined ? { format: record.format } : {}),
      ...(record.pages !== undefined ? { pages: record.pages } : {}),
      size: record.size,
      tokenCount: record.tokenCount,
      chunks: records,
      vectors: stored.rows,
    });
  }
  const chunks = documents.reduce((n, d) => n + d.chunks.length, 0);
  onProgress({ phase: 'building', done: 0, total: chunks });
  const { files } = await buildPack({
    title: collection.name,
    generator: PACK_GENERATOR,
    embedding: {
      modelId: space.modelId,
      ...(space.revision ? { revision: space.revision } : {}),
      dtype: space.dtype,
      dimension,
      queryTemplate: QUERY_TEMPLATE,
      instruction: space.instruction,
    },
    chunking: space.chunking,
    documents,
  });
  onProgress({ phase: 'archiving', done: chunks, total: chunks });
  const bytes = packArchive(files);
  return { fileName: packFileName(collection.name), bytes, documents: documents.length, chunks };
}
