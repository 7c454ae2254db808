// IndexedDB persistence of the library (idb-keyval). Runs in the embedder worker.
// Documents, their source text and chunk ranges are model-independent; vectors are stored per
// index key (model id + dtype + dimension) so vectors of different models never mix.

import { createStore, delMany, getMany, keys, setMany, type UseStore } from 'idb-keyval';

export interface DocRecord {
  id: string;
  name: string;
  size: number;
  addedAt: number;
  chunkCount: number;
  tokenCount: number;
}

/** Chunk i is `source.slice(starts[i], ends[i])`. */
export interface ChunkRanges {
  starts: Uint32Array;
  ends: Uint32Array;
}

export interface StoredDocument {
  record: DocRecord;
  source: string;
  chunks: ChunkRanges;
}

const docKey = (id: string) => `doc:${id}`;
const sourceKey = (id: string) => `source:${id}`;
const chunksKey = (id: string) => `chunks:${id}`;
const vectorsKey = (indexKey: string, id: string) => `vectors:${indexKey}:${id}`;

/** Identity of a vector space: vectors are only ever compared within one key. */
export function indexKeyOf(modelId: string, dtype: string, dimension: number | null): string {
  return `${modelId}|${dtype}|${dimension ?? 'full'}`;
}

export class LibraryStore {
  readonly #store: UseStore;

  constructor(dbName = 'sieve', storeName = 'library') {
    this.#store = createStore(dbName, storeName);
  }

  /** Everything for one document in a single transaction: no half-written document survives a crash. */
  async putDocument(doc: StoredDocument, indexKey: string, vectors: Float32Array): Promise<void> {
    await setMany(
      [
        [sourceKey(doc.record.id), doc.source],
        [chunksKey(doc.record.id), doc.chunks],
        [vectorsKey(indexKey, doc.record.id), vectors],
        [docKey(doc.record.id), doc.record],
      ],
      this.#store,
    );
  }

  async putVectors(indexKey: string, id: string, vectors: Float32Array): Promise<void> {
    await setMany([[vectorsKey(indexKey, id), vectors]], this.#store);
  }

  async listDocuments(): Promise<DocRecord[]> {
    const docKeys = (await keys<string>(this.#store)).filter((k) => k.startsWith('doc:'));
    const records = await getMany<DocRecord | undefined>(docKeys, this.#store);
    return records.filter((r) => r !== undefined).sort((a, b) => a.addedAt - b.addedAt);
  }

  async getDocument(id: string): Promise<StoredDocument | undefined> {
    const [record, source, chunks] = await getMany(
      [docKey(id), sourceKey(id), chunksKey(id)],
      this.#store,
    );
    if (!record || typeof source !== 'string' || !chunks) return undefined;
    return { record: record as DocRecord, source, chunks: chunks as ChunkRanges };
  }

  async getVectors(
    indexKey: string,
    ids: readonly string[],
  ): Promise<Array<Float32Array | undefined>> {
    return getMany<Float32Array | undefined>(
      ids.map((id) => vectorsKey(indexKey, id)),
      this.#store,
    );
  }

  /** Ids of the documents that have vectors under `indexKey`. */
  async idsWithVectors(indexKey: string): Promise<Set<string>> {
    const prefix = `vectors:${indexKey}:`;
    const all = await keys<string>(this.#store);
    return new Set(all.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
  }

  /** Removes a document with its text, chunks and the vectors of every model. */
  async deleteDocument(id: string): Promise<void> {
    const vectorKeys = (await keys<string>(this.#store)).filter(
      (k) => k.startsWith('vectors:') && k.endsWith(`:${id}`),
    );
    await delMany([docKey(id), sourceKey(id), chunksKey(id), ...vectorKeys], this.#store);
  }

  async clear(): Promise<void> {
    await delMany(await keys(this.#store), this.#store);
  }
}
