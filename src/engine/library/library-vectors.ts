// The library's vectors in the embedder worker: the stored vector store of the current vector
// space, the in-memory index that searches it, and the transactions that change both (a
// document's records commit together with its rows; old rows go from every vector space).

import type { UseStore } from 'idb-keyval';
import type { VectorHit, VectorIndex } from '../../core/vector-index';
import type { IndexBackend } from '../../core/types/library';
import { errorMessage } from '../../core/errors';
import { buildIndex } from '../index/vector-backends';
import { needsCompaction, type VectorIdentity } from '../index/vector-store/layout';
import type { LoadProgress, VectorChange, VectorStore } from '../index/vector-store/vector-store';
import { commit, mergeBatches, type WriteBatch, type WriteGuard } from '../storage/idb-batch';
import { dropStoredIndex, openVectorStore, removalsElsewhere, tidyChange } from './library-tidy';

export class LibraryVectors {
  #store: VectorStore | undefined;
  #backend: IndexBackend = 'flat-f32';
  #identity: VectorIdentity | undefined;
  #index: VectorIndex | undefined;
  #description: string | undefined;

  constructor(
    private readonly db: UseStore,
    private readonly note: (message: string) => void,
  ) {}

  get key(): string | undefined {
    return this.#store?.key;
  }

  get backend(): IndexBackend {
    return this.#backend;
  }

  /** Which index implementation searches, in words. */
  get description(): string | undefined {
    return this.#description;
  }

  /** Rows in the search index. */
  get size(): number {
    return this.#index?.size ?? 0;
  }

  /** Whether an index exists that searches can use now. */
  get searchable(): boolean {
    return this.#index !== undefined;
  }

  /** Whether `docId` has stored rows in this vector space. */
  has(docId: string): boolean {
    return this.#store?.has(docId) ?? false;
  }

  /** False once another tab has changed this vector space since it was read here. */
  async isCurrent(): Promise<boolean> {
    return this.#store ? this.#store.isCurrent() : true;
  }

  /** Opens the stored vector space `key` (its manifest only); returns its stored dimension. */
  async open(key: string, backend: IndexBackend): Promise<number | undefined> {
    this.#index = undefined;
    this.#identity = undefined;
    this.#backend = backend;
    this.#store = await openVectorStore(this.db, key, this.note);
    return this.#store.dimension;
  }

  /**
   * Streams the stored rows into a new index; unreadable rows are dropped, to be re-embedded.
   * Returns true when stored vectors were dropped (documents lost their vectors).
   */
  async load(dimension: number, onProgress: (p: LoadProgress) => void): Promise<boolean> {
    const store = this.#require();
    const index = await this.#createIndex(dimension);
    try {
      await store.load(index, onProgress);
      return false;
    } catch (error) {
      this.note(`The stored vectors could not be read (${errorMessage(error)}); re-indexing.`);
      index.clear();
      this.#store = await dropStoredIndex(this.db, store);
      return true;
    }
  }

  /**
   * Makes `identity`'s index ready for writes: the loaded one when its dimension matches, else an
   * empty one (stored rows of another dimension are dropped: returns true then).
   */
  async attach(identity: VectorIdentity): Promise<boolean> {
    this.#identity = identity;
    if (this.#index?.dimension === identity.dimension) return false;
    const store = this.#require();
    let dropped = false;
    if (store.dimension !== undefined && store.dimension !== identity.dimension) {
      this.note(
        `Stored ${store.dimension}-d vectors do not match this model's ${identity.dimension} dims; re-indexing.`,
      );
      this.#store = await dropStoredIndex(this.db, store);
      dropped = true;
    }
    await this.#createIndex(identity.dimension);
    return dropped;
  }

  /** Writes `docId`'s rows with `batches` in one transaction; `replacing` loses its rows everywhere. */
  async write(
    docId: string,
    vectors: Float32Array,
    batches: WriteBatch[],
    replacing?: string,
  ): Promise<void> {
    const store = this.#require();
    const index = this.#index;
    if (!index || !this.#identity) throw new Error('The vector index is not loaded yet.');
    const gone = new Set(replacing === undefined ? [] : [replacing]);
    const change = await store.replaceManyChange([[docId, vectors]], this.#identity, gone);
    const others = gone.size > 0 ? await removalsElsewhere(this.db, store.key, gone) : [];
    await this.#commit(batches, [change, ...others]);
    store.adopt(change);
    for (const id of gone) index.remove(id);
    index.add(docId, vectors);
    await this.#compactIfNeeded(store, change);
  }

  /** Writes several new documents' rows with `batches` in one transaction (a pack's import). */
  async writeMany(
    docs: ReadonlyArray<readonly [docId: string, vectors: Float32Array]>,
    batches: WriteBatch[],
  ): Promise<void> {
    const store = this.#require();
    const index = this.#index;
    if (!index || !this.#identity) throw new Error('The vector index is not loaded yet.');
    const change = await store.replaceManyChange(docs, this.#identity);
    await this.#commit(batches, [change]);
    store.adopt(change);
    for (const [docId, vectors] of docs) index.add(docId, vectors);
    await this.#compactIfNeeded(store, change);
  }

  async #compactIfNeeded(store: VectorStore, change: VectorChange): Promise<void> {
    if (!needsCompaction(change.next)) return;
    const compaction = await store.compactionChange();
    if (compaction) {
      await this.#commit([], [compaction]);
      store.adopt(compaction);
    }
  }

  /** Commits `batches` with the removal of `gone`'s rows in every vector space. */
  async writeRemovingRows(batches: WriteBatch[], gone: ReadonlySet<string>): Promise<void> {
    const store = this.#require();
    const currentChange = gone.size > 0 ? await store.removeChange(new Set(gone)) : undefined;
    const changes = gone.size > 0 ? await removalsElsewhere(this.db, store.key, gone) : [];
    if (currentChange) changes.push(currentChange);
    await this.#commit(batches, changes);
    if (currentChange) store.adopt(currentChange);
    for (const id of gone) this.#index?.remove(id);
  }

  search(query: Float32Array, k: number, accepts: (docId: string) => boolean): VectorHit[] {
    if (!this.#index) throw new Error('The vector index is not loaded yet.');
    return this.#index.search(query, k, accepts);
  }

  /** A stored document's rows (row-major), read from storage. */
  async rowsOf(docId: string): Promise<{ rows: Float32Array; dimension: number } | undefined> {
    const store = this.#require();
    const dimension = store.dimension;
    if (dimension === undefined || !store.has(docId)) return undefined;
    const rows = await store.rowsOf(docId);
    return rows && { rows, dimension };
  }

  /** Deletes vectors of documents `exists` denies and records no manifest refers to. */
  async tidy(exists: (docId: string) => boolean): Promise<void> {
    const current = this.#require();
    const tidy = await tidyChange(this.db, current, exists);
    if (!tidy) return;
    await commit(this.db, tidy.batch, tidy.guards);
    if (tidy.current) {
      for (const id of current.docIds()) if (!exists(id)) this.#index?.remove(id);
      current.adopt(tidy.current);
    }
  }

  #require(): VectorStore {
    if (!this.#store) throw new Error('The library is not open yet.');
    return this.#store;
  }

  async #createIndex(dimension: number): Promise<VectorIndex> {
    const { index, description } = await buildIndex(this.#backend, dimension);
    this.#index = index;
    this.#description = description;
    return index;
  }

  async #commit(batches: WriteBatch[], changes: readonly VectorChange[]): Promise<void> {
    const guards: WriteGuard[] = changes.map((c) => c.guard);
    await commit(this.db, mergeBatches(...batches, ...changes.map((c) => c.batch)), guards);
  }
}
