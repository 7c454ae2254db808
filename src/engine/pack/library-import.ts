// A Sieve pack file imported into the library as a new collection, in the embedder worker: the
// whole pack is read and checked (every shard's size and hash, every chunk record) before anything
// is written, its vector space is compared with this browser's embedder, and the collection with
// all its documents (texts, chunk ranges, keyword records, vectors) is stored in one transaction.

import { archiveSource } from '../../core/pack/pack-archive';
import { PackError, vectorSpaceOf, type PackManifest } from '../../core/pack/pack-manifest';
import { documentText, OpenedPack } from '../../core/pack/pack-reader';
import type { PackChunk, PackDocument } from '../../core/pack/pack-shards';
import { keywordDocument } from '../../core/keyword/keyword-document';
import { embeddingInput, type TextSection } from '../../core/section-chunks';
import type {
  PackImportOptions,
  PackImportResult,
  PackTransferProgress,
} from '../../core/types/pack-transfer';
import { hashChunks } from '../library/chunk-hashes';
import { newCollectionId } from '../library/collections';
import type { NewDocument } from '../library/library';
import { documentIdIn, type ChunkRanges } from '../library/library-store';
import type { SharedLibrary } from '../library/shared-library';

/** A pack read whole and checked: its documents with their chunk records. */
export interface CheckedPack {
  manifest: PackManifest;
  pack: OpenedPack;
  documents: Array<{ doc: PackDocument; chunks: PackChunk[] }>;
}

/** What this browser's embedder is, as far as known (dimension: null until the model loads). */
export interface EmbedderSpace {
  modelId: string;
  dtype: string | undefined;
  dimension: number | null;
}

export interface ImportTarget {
  shared: SharedLibrary;
  /** Known without loading the model (the settings' dimension, when one is set). */
  known: EmbedderSpace;
  /** Loads the embedder when it may load now (its index attached); its dimension, or undefined. */
  loadEmbedder(): Promise<number | undefined>;
  /** Whether the embedding model is loaded now. */
  modelLoaded(): boolean;
}

type Progress = (progress: PackTransferProgress) => void;

const damaged = (why: string) => new PackError(`The pack is damaged: ${why}.`);

/**
 * Reads and checks everything in the archive `bytes`; throws a PackError when it is unusable or
 * unpacks to more than `maxUnpackedBytes` (archiveSource's default unless given).
 */
export async function readPackFile(
  bytes: Uint8Array,
  onProgress: Progress,
  fileName?: string,
  maxUnpackedBytes?: number,
): Promise<CheckedPack> {
  onProgress({ phase: 'checking', done: 0, total: bytes.length });
  const source = archiveSource(bytes, fileName ? `“${fileName}”` : undefined, maxUnpackedBytes);
  const pack = await OpenedPack.open(source, {
    onProgress: ({ loaded, total }) => onProgress({ phase: 'checking', done: loaded, total }),
  });
  const documents: CheckedPack['documents'] = [];
  for (const [i, doc] of pack.documents.entries()) {
    onProgress({ phase: 'reading', done: i, total: pack.documents.length });
    const chunks = await pack.documentChunks(i);
    if (chunks.some((c) => c.doc !== i)) throw damaged(`${doc.path} has another document's chunks`);
    documents.push({ doc, chunks });
  }
  return { manifest: pack.manifest, pack, documents };
}

const dims = (dimension: number | null) =>
  dimension === null ? 'its full dimension' : `${dimension} dims`;

/** Why the pack's vectors cannot be searched by `current`, naming each difference, or null. */
export function spaceMismatch(manifest: PackManifest, current: EmbedderSpace): string | null {
  const pack = vectorSpaceOf(manifest);
  const differs: string[] = [];
  if (pack.modelId !== current.modelId) differs.push('model');
  if (current.dtype !== undefined && pack.dtype !== current.dtype) differs.push('dtype');
  if (current.dimension !== null && pack.dimension !== current.dimension) differs.push('dimension');
  if (differs.length === 0) return null;
  return (
    `This pack was made with ${pack.modelId} (${pack.dtype}, ${pack.dimension} dims); this browser's embedder is ` +
    `${current.modelId} (${current.dtype ?? 'dtype not chosen yet'}, ${dims(current.dimension)}). ` +
    `Different ${differs.join(', ')}: its vectors cannot be searched here. Import it and re-embed its texts with this model, or change the model settings to match.`
  );
}

/** A pack chunk's page and headings as the library's section of it (untrusted: checked types). */
function sectionKey(c: PackChunk): Omit<TextSection, 'start' | 'end'> {
  const headings = Array.isArray(c.headings)
    ? c.headings.filter((h): h is string => typeof h === 'string')
    : [];
  return {
    ...(Number.isSafeInteger(c.page) ? { page: c.page } : {}),
    ...(headings.length > 0 ? { headings } : {}),
  };
}

/** Chunk ranges with sections rebuilt from consecutive chunks of the same page and headings. */
function rangesOf(chunks: readonly PackChunk[]): Omit<ChunkRanges, 'hashes'> {
  const sections: TextSection[] = [];
  const sectionOf = new Uint32Array(chunks.length);
  let lastKey = '';
  chunks.forEach((c, i) => {
    const located = sectionKey(c);
    const key = JSON.stringify(located);
    const last = sections[sections.length - 1];
    if (!last || key !== lastKey) sections.push({ start: c.start, end: c.end, ...located });
    else last.end = Math.max(last.end, c.end);
    lastKey = key;
    sectionOf[i] = sections.length - 1;
  });
  return {
    starts: Uint32Array.from(chunks, (c) => c.start),
    ends: Uint32Array.from(chunks, (c) => c.end),
    sectionOf,
    sections,
  };
}

/** The library's records of every pack document, in collection `collection`. */
async function libraryDocuments(
  checked: CheckedPack,
  collection: string,
  withVectors: boolean,
  onProgress: Progress,
): Promise<NewDocument[]> {
  const out: NewDocument[] = [];
  const seen = new Set<string>();
  const addedAt = Date.now();
  for (const [i, { doc, chunks }] of checked.documents.entries()) {
    onProgress({ phase: 'preparing', done: i, total: checked.documents.length });
    const id = documentIdIn(collection, doc.id);
    // The same file twice in one pack is one document here, as when it is dropped twice.
    if (seen.has(id) || chunks.length === 0) continue;
    seen.add(id);
    const source = documentText(chunks);
    if (chunks.some((c) => source.slice(c.start, c.end) !== c.text)) {
      throw damaged(`the chunks of ${doc.path} disagree where they overlap`);
    }
    const ranges = rangesOf(chunks);
    const inputs = chunks.map((c, j) =>
      embeddingInput(c.text, ranges.sections![ranges.sectionOf![j]!]),
    );
    out.push({
      doc: {
        record: {
          id,
          name: doc.name,
          path: doc.path,
          collection,
          ...(typeof doc.format === 'string' ? { format: doc.format } : {}),
          ...(Number.isSafeInteger(doc.pages) ? { pages: doc.pages } : {}),
          size: Number.isFinite(doc.size) ? doc.size : 0,
          // In the pack's order, as they were listed where it was made.
          addedAt: addedAt + i,
          chunkCount: chunks.length,
          tokenCount: Number.isFinite(doc.tokenCount) ? doc.tokenCount : 0,
        },
        source,
        chunks: { ...ranges, hashes: await hashChunks(inputs) },
        keywords: keywordDocument(inputs),
      },
      ...(withVectors ? { vectors: checked.pack.rowsOf(i).slice() } : {}),
    });
  }
  return out;
}

/**
 * Imports the pack file `bytes` as a new collection named after its title. A pack of another
 * vector space is refused with the differences (nothing written) unless `reembed`: then its
 * documents are stored without vectors, for re-indexing to embed with this browser's model.
 * Unusable packs throw a PackError; nothing is written before every check has passed.
 */
export async function importPackFile(
  bytes: Uint8Array,
  target: ImportTarget,
  { reembed = false, fileName }: PackImportOptions,
  onProgress: Progress = () => {},
): Promise<PackImportResult> {
  const checked = await readPackFile(bytes, onProgress, fileName);
  let mismatch = spaceMismatch(checked.manifest, target.known);
  if (!mismatch) {
    const dimension = await target.loadEmbedder();
    if (dimension === undefined && !reembed) {
      throw new Error(
        'Load the embedding model first (its Download or Load button): the pack’s vectors are stored for it.',
      );
    }
    if (dimension !== undefined) {
      mismatch = spaceMismatch(checked.manifest, { ...target.known, dimension });
    }
  }
  if (mismatch && !reembed) return { mismatch };
  const withVectors = !mismatch && target.modelLoaded();
  const collectionId = newCollectionId();
  const documents = await libraryDocuments(checked, collectionId, withVectors, onProgress);
  const chunks = documents.reduce((n, d) => n + d.doc.record.chunkCount, 0);
  onProgress({ phase: 'saving', done: 0, total: documents.length });
  const collection = await target.shared.importCollection(
    collectionId,
    checked.manifest.title,
    documents,
  );
  onProgress({ phase: 'saving', done: documents.length, total: documents.length });
  return {
    imported: {
      collection,
      documents: documents.length,
      chunks,
      reembedding: !withVectors,
      modelLoaded: target.modelLoaded(),
    },
  };
}
