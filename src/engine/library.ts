// The library in memory: stored documents plus the vector index of the current model.
// Runs in the embedder worker; every change is written to IndexedDB before memory changes.

import type { VectorIndex } from '../core/vector-index';
import { buildIndex, type IndexBackend } from './vector-backends';
import type { DocumentSummary, SearchHit } from '../../workers/embedder/api';
import type { LibraryStore, StoredDocument } from './library-store';

export class Library {
  #docs = new Map<string, StoredDocument>();
  #index: VectorIndex | undefined;
  #indexKey: string | undefined;
  /** Ids with stored vectors for the current key, known before the index is loaded. */
  #vectorIds = new Set<string>();
  #indexDescription: string | undefined;

  constructor(private readonly store: LibraryStore) {}

  /** Reads all documents and which of them have vectors under `indexKey` (vectors stay on disk). */
  async open(indexKey: string): Promise<void> {
    const records = await this.store.listDocuments();
    const docs = await Promise.all(records.map((r) => this.store.getDocument(r.id)));
    this.#docs = new Map(docs.filter((d) => d !== undefined).map((d) => [d.record.id, d]));
    this.#indexKey = indexKey;
    this.#vectorIds = await this.store.idsWithVectors(indexKey);
    this.#index = undefined;
  }

  /** Loads the stored vectors of `indexKey` into a fresh index of `dimension`. */
  async attachIndex(indexKey: string, dimension: number, backend: IndexBackend): Promise<void> {
    if (indexKey !== this.#indexKey) await this.open(indexKey);
    const { index, description } = await buildIndex(backend, dimension);
    this.#indexDescription = description;
    const ids = [...this.#docs.keys()];
    const vectors = await this.store.getVectors(indexKey, ids);
    ids.forEach((id, i) => {
      const v = vectors[i];
      const chunks = this.#docs.get(id)!.record.chunkCount;
      if (v && v.length === chunks * dimension) index.add(id, v);
    });
    this.#index = index;
    this.#vectorIds = new Set(ids.filter((id) => index.has(id)));
  }

  get indexKey(): string | undefined {
    return this.#indexKey;
  }

  /** Which index implementation searches, in words. */
  get indexDescription(): string | undefined {
    return this.#indexDescription;
  }

  get vectorCount(): number {
    return this.#index?.size ?? 0;
  }

  has(id: string): boolean {
    return this.#docs.has(id);
  }

  summaries(): DocumentSummary[] {
    return [...this.#docs.values()].map(({ record }) => ({
      ...record,
      indexed: this.#vectorIds.has(record.id),
    }));
  }

  /** Stored documents that lack vectors for the current index key (e.g. after a model change). */
  withoutVectors(): StoredDocument[] {
    return [...this.#docs.values()].filter((d) => !this.#vectorIds.has(d.record.id));
  }

  chunkText(doc: StoredDocument, chunk: number): string {
    return doc.source.slice(doc.chunks.starts[chunk], doc.chunks.ends[chunk]);
  }

  async add(doc: StoredDocument, vectors: Float32Array): Promise<void> {
    const { key, index } = this.#requireIndex();
    await this.store.putDocument(doc, key, vectors);
    this.#docs.set(doc.record.id, doc);
    index.add(doc.record.id, vectors);
    this.#vectorIds.add(doc.record.id);
  }

  async setVectors(id: string, vectors: Float32Array): Promise<void> {
    const { key, index } = this.#requireIndex();
    await this.store.putVectors(key, id, vectors);
    index.add(id, vectors);
    this.#vectorIds.add(id);
  }

  async remove(id: string): Promise<void> {
    await this.store.deleteDocument(id);
    this.#docs.delete(id);
    this.#index?.remove(id);
    this.#vectorIds.delete(id);
  }

  async clear(): Promise<void> {
    await this.store.clear();
    this.#docs.clear();
    this.#index?.clear();
    this.#vectorIds.clear();
  }

  search(query: Float32Array, k: number): SearchHit[] {
    const { index } = this.#requireIndex();
    return index.search(query, k).map(({ docId, chunk, score }) => {
      const doc = this.#docs.get(docId)!;
      return {
        docId,
        docName: doc.record.name,
        chunk,
        text: this.chunkText(doc, chunk),
        start: doc.chunks.starts[chunk]!,
        end: doc.chunks.ends[chunk]!,
        score,
      };
    });
  }

  #requireIndex(): { key: string; index: VectorIndex } {
    if (!this.#index || !this.#indexKey) throw new Error('The vector index is not loaded yet.');
    return { key: this.#indexKey, index: this.#index };
  }
}
