// IndexedDB records of the library's documents (idb-keyval store 'sieve'/'library'): a record
// and chunk ranges per document, read at start-up, and its source text, read on demand.
// Vectors live in the same object store (vector-store/), so one transaction can write both.
// Runs in the embedder worker.

import { get, getMany, type UseStore } from 'idb-keyval';
import { reopeningStore } from '../storage/reopening-store';
import { embeddingInput, type TextSection } from '../../core/section-chunks';
import { entriesWithPrefix, keysWithPrefix, type WriteBatch } from '../storage/idb-batch';
import { DEFAULT_COLLECTION } from '../../core/types/library';
import type { KeywordDocument } from '../../core/keyword/keyword-document';
import type { KeywordSnapshot } from '../../core/keyword/keyword-snapshot';

export interface DocRecord {
  /** Content hash: the same bytes are the same document. */
  id: string;
  name: string;
  /** Path within a dropped folder ('/'-separated), or the name; a new version replaces the old. */
  path?: string;
  /** The collection the document belongs to; absent means the default one. */
  collection?: string;
  /** How the text was extracted (pdf, docx, html, markdown, text, code, csv, json). */
  format?: string;
  pages?: number;
  size: number;
  addedAt: number;
  chunkCount: number;
  tokenCount: number;
}

/** Chunk i is `source.slice(starts[i], ends[i])`, in section `sections[sectionOf[i]]`. */
export interface ChunkRanges {
  starts: Uint32Array;
  ends: Uint32Array;
  sectionOf?: Uint32Array;
  sections?: TextSection[];
  /** CHUNK_HASH_BYTES per chunk of SHA-256 over its embedding input: equal chunks share vectors. */
  hashes?: Uint8Array;
}

/** What start-up reads of a document: everything but its text. */
export interface DocumentEntry {
  record: DocRecord;
  chunks: ChunkRanges;
}

export interface StoredDocument extends DocumentEntry {
  source: string;
  /** The chunks' keyword record; the library makes it from the text when absent. */
  keywords?: KeywordDocument;
}

const DOC_PREFIX = 'doc:';
const CHUNKS_PREFIX = 'chunks:';
const docKey = (id: string) => `${DOC_PREFIX}${id}`;
const sourceKey = (id: string) => `source:${id}`;
const chunksKey = (id: string) => `${CHUNKS_PREFIX}${id}`;
const KEYWORDS_PREFIX = 'keywords:';
const keywordsKey = (id: string) => `${KEYWORDS_PREFIX}${id}`;
const KEYWORD_SNAPSHOT_KEY = 'keyword-snapshot';

/** The built keyword index as stored: a cache of the keyword records, never the only copy. */
export interface StoredKeywordSnapshot {
  analyzer: string;
  /** Per document of `index.docIds`, the chunkSignature of the chunks its rows were made from. */
  signatures: Uint32Array;
  index: KeywordSnapshot;
}

/** Identity of a vector space: vectors are only ever compared within one key. */
export function indexKeyOf(modelId: string, dtype: string, dimension: number | null): string {
  return `${modelId}|${dtype}|${dimension ?? 'full'}`;
}

/** A named set of documents; the default one exists without a record. */
export interface CollectionRecord {
  id: string;
  name: string;
  createdAt: number;
}

/** Where the file was in its dropped folder (older records only have the name). */
export const pathOf = (record: DocRecord): string => record.path ?? record.name;

export const collectionOf = (record: DocRecord): string =>
  record.collection ?? DEFAULT_COLLECTION.id;

/** Document ids are content hashes, made distinct per collection. */
export const documentIdIn = (collection: string, contentHash: string): string =>
  collection === DEFAULT_COLLECTION.id ? contentHash : `${collection}/${contentHash}`;

const COLLECTION_PREFIX = 'collection:';

/**
 * What the embedder and the keyword index read for chunk `i` of a stored document: its text
 * behind its heading path.
 */
export function chunkInputOf(chunks: ChunkRanges, source: string, i: number): string {
  return embeddingInput(source.slice(chunks.starts[i], chunks.ends[i]), chunkSection(chunks, i));
}

/** Every chunk's input (see chunkInputOf). */
export function chunkInputsOf(chunks: ChunkRanges, source: string): string[] {
  return Array.from(chunks.starts, (_, i) => chunkInputOf(chunks, source, i));
}

/** The section chunk `i` lies in, when the document has sections. */
export function chunkSection(chunks: ChunkRanges, i: number): TextSection | undefined {
  const section = chunks.sectionOf?.[i];
  return section === undefined ? undefined : chunks.sections?.[section];
}

export class LibraryStore {
  readonly db: UseStore;

  /** `onLost`: the browser closed or deleted the database (see reopeningStore). */
  constructor(dbName = 'sieve', storeName = 'library', onLost?: () => void) {
    this.db = reopeningStore(dbName, storeName, onLost);
  }

  /** The records that store one document with its keyword record (commit them with its vectors). */
  documentWrites(doc: StoredDocument & { keywords: KeywordDocument }): WriteBatch {
    const id = doc.record.id;
    return {
      puts: [
        [sourceKey(id), doc.source],
        [chunksKey(id), doc.chunks],
        [keywordsKey(id), doc.keywords],
        [docKey(id), doc.record],
      ],
      deletes: [],
    };
  }

  documentDeletes(id: string): WriteBatch {
    return { puts: [], deletes: [docKey(id), sourceKey(id), chunksKey(id), keywordsKey(id)] };
  }

  keywordsWrite(id: string, keywords: KeywordDocument): WriteBatch {
    return { puts: [[keywordsKey(id), keywords]], deletes: [] };
  }

  keywordsDelete(id: string): WriteBatch {
    return { puts: [], deletes: [keywordsKey(id)] };
  }

  /** The stored keyword records of `ids` (those that have one). */
  async keywordRecords(ids: readonly string[]): Promise<Map<string, KeywordDocument>> {
    const records = await getMany<KeywordDocument | undefined>(ids.map(keywordsKey), this.db);
    const found = new Map<string, KeywordDocument>();
    records.forEach((record, i) => record && found.set(ids[i]!, record));
    return found;
  }

  /** Ids of the documents that have a stored keyword record. */
  async keywordRecordIds(): Promise<string[]> {
    const keys = await keysWithPrefix(this.db, KEYWORDS_PREFIX);
    return keys.map((key) => key.slice(KEYWORDS_PREFIX.length));
  }

  keywordSnapshot(): Promise<StoredKeywordSnapshot | undefined> {
    return get<StoredKeywordSnapshot>(KEYWORD_SNAPSHOT_KEY, this.db);
  }

  keywordSnapshotWrite(snapshot: StoredKeywordSnapshot): WriteBatch {
    return { puts: [[KEYWORD_SNAPSHOT_KEY, snapshot]], deletes: [] };
  }

  /** Every stored keyword record by document id (start-up loads them into the keyword index). */
  async listKeywords(): Promise<Map<string, KeywordDocument>> {
    const entries = await entriesWithPrefix<KeywordDocument>(this.db, KEYWORDS_PREFIX);
    return new Map(entries.map(([key, doc]) => [key.slice(KEYWORDS_PREFIX.length), doc]));
  }

  /** Every document's record and chunk ranges (not its text), oldest first. */
  async listDocuments(): Promise<DocumentEntry[]> {
    const [records, chunks] = await Promise.all([
      entriesWithPrefix<DocRecord>(this.db, DOC_PREFIX),
      entriesWithPrefix<ChunkRanges>(this.db, CHUNKS_PREFIX),
    ]);
    const rangesById = new Map(chunks.map(([key, c]) => [key.slice(CHUNKS_PREFIX.length), c]));
    return records
      .map(([, record]) => ({ record, chunks: rangesById.get(record.id) }))
      .filter((d): d is DocumentEntry => d.chunks !== undefined)
      .sort((a, b) => a.record.addedAt - b.record.addedAt);
  }

  /** The default collection first, then the others by creation. */
  async listCollections(): Promise<CollectionRecord[]> {
    const stored = await entriesWithPrefix<CollectionRecord>(this.db, COLLECTION_PREFIX);
    const named = stored.map(([, c]) => c).filter((c) => c.id !== DEFAULT_COLLECTION.id);
    const renamedDefault = stored.find(([, c]) => c.id === DEFAULT_COLLECTION.id)?.[1];
    return [
      renamedDefault ?? { ...DEFAULT_COLLECTION, createdAt: 0 },
      ...named.sort((a, b) => a.createdAt - b.createdAt),
    ];
  }

  collectionWrite(collection: CollectionRecord): WriteBatch {
    return { puts: [[`${COLLECTION_PREFIX}${collection.id}`, collection]], deletes: [] };
  }

  collectionDelete(id: string): WriteBatch {
    return { puts: [], deletes: [`${COLLECTION_PREFIX}${id}`] };
  }

  async getSources(ids: readonly string[]): Promise<Array<string | undefined>> {
    return getMany<string | undefined>(ids.map(sourceKey), this.db);
  }
}
