// The library in the embedder worker: documents (records and chunk ranges in memory, text read
// on demand), their keyword index and the vector index of the current vector space, both loaded
// lazily from storage. Every change is one IndexedDB transaction, committed before memory changes:
// a document's chunks, keyword record and vectors are written and removed together. Searches
// over the contents live in library-search.ts.

import { ChunkOwnerIndex } from './chunk-hashes';
import { LibrarySearch } from './library-search';
import { SourceTexts } from './source-texts';
import type { WriteBatch } from '../storage/idb-batch';
import {
  chunkInputsOf,
  collectionOf,
  pathOf,
  type DocRecord,
  type DocumentEntry,
  type LibraryStore,
  type StoredDocument,
} from './library-store';
import type { VectorIdentity } from '../index/vector-store/layout';
import type { LoadProgress } from '../index/vector-store/vector-store';
import { LibraryVectors } from './library-vectors';
import type { DocumentSummary, IndexBackend, LibraryChange } from '../../core/types/library';
import { errorMessage } from '../../core/errors';
import type { KeywordDocument } from '../../core/keyword/keyword-document';
import { keywordsOf, LibraryKeywords } from './library-keywords';

/** A new document with its keyword record and, when it has them, its vectors (see addMany). */
export interface NewDocument {
  doc: StoredDocument & { keywords: KeywordDocument };
  vectors?: Float32Array;
}

export interface LibraryEvents {
  /** Index loading progress; `undefined` once loading has finished. */
  onIndexLoad?(progress: LoadProgress | undefined): void;
  /** Something the user should know that did not stop the library (e.g. a dropped index). */
  onNote?(message: string): void;
  /** Documents were added, changed or removed (after the change is stored). */
  onChange?(change: LibraryChange): void;
}

export class Library {
  #docs = new Map<string, DocumentEntry>();
  readonly #vectors: LibraryVectors;
  /** Settles once the current vector space's stored rows are in the index (or failed to load). */
  #loaded: Promise<void> = Promise.resolve();
  readonly #keywords: LibraryKeywords;
  /** Settles once every document's keyword record is in the keyword index. */
  #keywordsLoaded: Promise<void> = Promise.resolve();
  readonly #owners = new ChunkOwnerIndex(
    () => Array.from(this.#docs.values(), Library.#hashed),
    (id) => this.#vectors.has(id),
  );
  /** Changes run one at a time, in order, after any load in progress. */
  #queue: Promise<unknown> = Promise.resolve();

  readonly #texts: SourceTexts;
  readonly #reader: LibrarySearch;

  constructor(
    private readonly store: LibraryStore,
    private readonly events: LibraryEvents = {},
  ) {
    this.#texts = new SourceTexts(store);
    this.#keywords = new LibraryKeywords(store, {
      documents: () => this.#docs,
      sourceOf: (id) => this.#texts.get(id),
      serial: (work) => this.#serial(work),
      note: this.#note,
    });
    this.#vectors = new LibraryVectors(store.db, this.#note);
    this.#reader = new LibrarySearch({
      documents: () => this.#docs,
      vectors: this.#vectors,
      texts: this.#texts,
      vectorsLoaded: () => this.#loaded,
      keywords: async () => {
        await this.#keywordsLoaded;
        return this.#keywords.index;
      },
    });
  }

  /**
   * Reads the documents and the manifest of `indexKey`, then (without waiting) loads its stored
   * vectors into an index and tidies records no manifest or document refers to any more.
   */
  async open(indexKey: string, backend: IndexBackend): Promise<void> {
    await this.#queue.catch(() => undefined);
    const entries = await this.store.listDocuments();
    this.#docs = new Map(entries.map((d) => [d.record.id, d]));
    this.#texts.clear();
    this.#owners.reset();
    this.#keywordsLoaded = this.#keywords.open();
    const dimension = await this.#vectors.open(indexKey, backend);
    this.#loaded =
      dimension === undefined ? Promise.resolve() : this.#serial(() => this.#load(dimension));
    void this.#serial(() => this.#vectors.tidy((id) => this.#docs.has(id))).catch(
      (error: unknown) => this.#note(`Tidying stored vectors failed: ${errorMessage(error)}`),
    );
    this.#announceAll();
  }

  /**
   * Makes `identity`'s index ready for writes and searches: the one loading from storage when it
   * matches, otherwise an empty one (stored rows of another dimension are dropped).
   */
  async attachIndex(indexKey: string, identity: VectorIdentity, backend: IndexBackend) {
    if (indexKey !== this.#vectors.key || backend !== this.#vectors.backend) {
      await this.open(indexKey, backend);
    }
    await this.#loaded;
    await this.#serial(async () => {
      if (await this.#vectors.attach(identity)) this.#announceAll();
    });
  }

  get indexKey(): string | undefined {
    return this.#vectors.key;
  }

  /** Which index implementation searches, in words. */
  get indexDescription(): string | undefined {
    return this.#vectors.description;
  }

  /** False once another tab has changed this vector space since it was read here. */
  isCurrent(): Promise<boolean> {
    return this.#vectors.isCurrent();
  }

  get vectorCount(): number {
    return this.#vectors.size;
  }

  has(id: string): boolean {
    return this.#docs.has(id);
  }

  summaries(): DocumentSummary[] {
    return Array.from(this.#docs.values(), ({ record }) => this.#summary(record));
  }

  #summary(record: DocRecord): DocumentSummary {
    return {
      ...record,
      path: pathOf(record),
      collection: collectionOf(record),
      indexed: this.#vectors.has(record.id),
    };
  }

  #announceAll(): void {
    this.events.onChange?.({ documents: this.summaries() });
  }

  /** Stored documents that lack vectors in the current vector space (e.g. after a model change). */
  async withoutVectors(): Promise<DocumentEntry[]> {
    await this.#loaded;
    return [...this.#docs.values()].filter((d) => !this.#vectors.has(d.record.id));
  }

  /** What the embedder read for each chunk at ingest: its text behind its heading path. */
  async embeddingInputs(doc: DocumentEntry): Promise<string[]> {
    return chunkInputsOf(doc.chunks, await this.#texts.get(doc.record.id));
  }

  /**
   * Stores a document with its keyword record and its vectors (when the embedder gave them; they
   * can follow through setVectors) in one transaction; `replacing` (an earlier version of the same
   * file) goes in the same transaction, with its rows in every vector space.
   */
  add(doc: StoredDocument, vectors: Float32Array | undefined, replacing?: string): Promise<void> {
    return this.#serial(async () => {
      const id = doc.record.id;
      const old = replacing !== undefined && replacing !== id ? replacing : undefined;
      const keywords = doc.keywords ?? keywordsOf(doc, doc.source);
      const writes = [this.store.documentWrites({ ...doc, keywords })];
      if (old !== undefined) writes.unshift(this.store.documentDeletes(old));
      if (vectors) await this.#vectors.write(id, vectors, writes, old);
      else await this.#vectors.writeRemovingRows(writes, new Set(old === undefined ? [] : [old]));
      if (old !== undefined) this.#forget(old);
      this.#keywords.index.add(id, keywords);
      this.#docs.set(id, { record: doc.record, chunks: doc.chunks });
      this.#keywords.changed();
      this.#texts.remember(id, doc.source);
      this.#ownsVectors(id);
      this.events.onChange?.({
        upserted: [this.#summary(doc.record)],
        removed: old === undefined ? undefined : [old],
      });
    });
  }

  /**
   * Stores new documents (a pack's import) with `extra` in one transaction, all or none: those
   * given vectors get their rows in this vector space, the others wait for re-indexing.
   */
  addMany(docs: readonly NewDocument[], extra: WriteBatch[] = []): Promise<void> {
    return this.#serial(async () => {
      const writes = [...extra, ...docs.map(({ doc }) => this.store.documentWrites(doc))];
      const rows = docs.flatMap(({ doc, vectors }) =>
        vectors ? [[doc.record.id, vectors] as const] : [],
      );
      if (rows.length > 0) await this.#vectors.writeMany(rows, writes);
      else await this.#vectors.writeRemovingRows(writes, new Set());
      for (const { doc } of docs) {
        this.#keywords.index.add(doc.record.id, doc.keywords);
        this.#docs.set(doc.record.id, { record: doc.record, chunks: doc.chunks });
        this.#ownsVectors(doc.record.id);
      }
      this.#keywords.changed();
      this.events.onChange?.({ upserted: docs.map(({ doc }) => this.#summary(doc.record)) });
    });
  }

  /** A stored document's rows in this vector space (row-major), read from storage. */
  async vectorsOf(id: string): Promise<{ rows: Float32Array; dimension: number } | undefined> {
    await this.#loaded;
    return this.#vectors.rowsOf(id);
  }

  /** The stored document at `path` in `collection` (a file's earlier version), if any. */
  atPath(path: string, collection: string): DocumentEntry | undefined {
    for (const entry of this.#docs.values()) {
      const { record } = entry;
      if (pathOf(record) === path && collectionOf(record) === collection) {
        return entry;
      }
    }
    return undefined;
  }

  /** A stored document with its text, for the source view. */
  async document(id: string): Promise<StoredDocument | undefined> {
    const entry = this.#docs.get(id);
    return entry && { ...entry, source: await this.#texts.get(id) };
  }

  /**
   * Stored vectors of chunks with these hash keys (undefined where no document with vectors in
   * this vector space has such a chunk), read from the vector store.
   */
  async vectorsForChunks(keys: readonly string[]): Promise<Array<Float32Array | undefined>> {
    await this.#loaded;
    const owners = this.#owners.get();
    const found = keys.map((key) => owners.get(key));
    const rows = new Map<string, { rows: Float32Array; dimension: number } | undefined>();
    for (const f of found) {
      if (f && !rows.has(f.docId)) rows.set(f.docId, await this.#vectors.rowsOf(f.docId));
    }
    return found.map((f) => {
      const stored = f && rows.get(f.docId);
      if (!f || !stored) return undefined;
      return stored.rows.slice(f.chunk * stored.dimension, (f.chunk + 1) * stored.dimension);
    });
  }

  /** Vectors for a stored document that lacked them in this vector space. */
  setVectors(id: string, vectors: Float32Array): Promise<void> {
    return this.#serial(async () => {
      const entry = this.#docs.get(id);
      if (!entry) return;
      await this.#vectors.write(id, vectors, []);
      this.#ownsVectors(id);
      this.events.onChange?.({ upserted: [this.#summary(entry.record)] });
    });
  }

  /**
   * Removes documents with their text and rows in every vector space, in one transaction (with
   * `extra`, e.g. the deletion of their collection).
   */
  remove(removed: readonly string[], extra: WriteBatch[] = []): Promise<void> {
    return this.#serial(async () => {
      const ids = new Set(removed.filter((id) => this.#docs.has(id)));
      const deletes = [...ids].map((id) => this.store.documentDeletes(id));
      await this.#vectors.writeRemovingRows([...deletes, ...extra], ids);
      for (const id of ids) this.#forget(id);
      if (ids.size > 0) this.events.onChange?.({ removed: [...ids] });
    });
  }

  static #hashed({ record, chunks }: DocumentEntry) {
    return { id: record.id, chunkCount: record.chunkCount, hashes: chunks.hashes };
  }

  /** `id` now has vectors in this space: its chunks can be reused. */
  #ownsVectors(id: string): void {
    const entry = this.#docs.get(id);
    if (entry) this.#owners.add(Library.#hashed(entry));
  }

  /** Drops a removed document from memory (its records are already gone). */
  #forget(id: string): void {
    this.#keywords.index.remove(id);
    this.#keywords.changed();
    this.#docs.delete(id);
    this.#texts.forget(id);
    this.#owners.reset();
  }

  /** Ids of the documents in `collection`. */
  idsIn(collection: string): string[] {
    return [...this.#docs.values()]
      .filter(({ record }) => collectionOf(record) === collection)
      .map(({ record }) => record.id);
  }

  // Searches read the library's contents through LibrarySearch (library-search.ts).
  readonly search: LibrarySearch['search'] = (...args) => this.#reader.search(...args);
  readonly searchKeywords: LibrarySearch['searchKeywords'] = (...args) =>
    this.#reader.searchKeywords(...args);
  readonly chunkVector: LibrarySearch['chunkVector'] = (...args) =>
    this.#reader.chunkVector(...args);
  readonly chunkInput: LibrarySearch['chunkInput'] = (...args) => this.#reader.chunkInput(...args);
  readonly keywordIndex: LibrarySearch['keywordIndex'] = () => this.#reader.keywordIndex();
  readonly searchedRows: LibrarySearch['searchedRows'] = (allow) =>
    this.#reader.searchedRows(allow);

  /** Whether the current vector space has an index that searches can use now. */
  get canSearchVectors(): boolean {
    return this.#vectors.searchable;
  }

  /** Writes the keyword index snapshot now rather than once changes pause (tests, benchmarks). */
  flushKeywordSnapshot(): Promise<void> {
    return this.#keywords.flush();
  }

  /** Resolves once every change queued so far (loading and tidying included) has finished. */
  async idle(): Promise<void> {
    await this.#serial(async () => undefined);
  }

  #note = (message: string): void => this.events.onNote?.(message);

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.catch(() => undefined).then(work);
    this.#queue = run;
    return run;
  }

  /** Streams the stored rows into the index (rows it cannot read are dropped, to be re-embedded). */
  async #load(dimension: number): Promise<void> {
    try {
      const dropped = await this.#vectors.load(dimension, (p) => this.events.onIndexLoad?.(p));
      if (dropped) this.#announceAll();
    } finally {
      this.events.onIndexLoad?.(undefined);
    }
  }
}
