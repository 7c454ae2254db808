// The vector index contract and its exact reference implementation (pure): a flat, contiguous
// store of unit vectors searched by brute-force dot product (= cosine for unit vectors).

import type { Int8Rows } from './int8';
import { topK } from './top-k';
import { dotRow } from './vectors';

export interface VectorHit {
  docId: string;
  chunk: number;
  score: number;
}

/** What search needs from an index; faster engines (WASM SIMD, voy) implement the same contract. */
export interface VectorIndex {
  readonly dimension: number;
  /** Number of vectors held. */
  readonly size: number;
  /**
   * Adds a document's chunk vectors (row i = chunk i), replacing any it already had. `int8` are
   * the rows' stored codes, which an index that scans int8 may use instead of re-quantising.
   */
  add(docId: string, vectors: Float32Array, int8?: Int8Rows): void;
  /** Bulk-load hint: room for `rows` rows in all. */
  reserve?(rows: number): void;
  remove(docId: string): boolean;
  has(docId: string): boolean;
  /** The best `k` rows, of documents `allow` accepts when given (exact: not a post-filter). */
  search(query: Float32Array, k: number, allow?: (docId: string) => boolean): VectorHit[];
  clear(): void;
}

export class ExactCosineIndex implements VectorIndex {
  #data = new Float32Array(0);
  #rowDoc: string[] = [];
  #rowChunk: number[] = [];
  #docs = new Set<string>();

  constructor(readonly dimension: number) {
    if (!Number.isInteger(dimension) || dimension < 1)
      throw new RangeError(`bad dimension ${dimension}`);
  }

  get size(): number {
    return this.#rowDoc.length;
  }

  has(docId: string): boolean {
    return this.#docs.has(docId);
  }

  add(docId: string, vectors: Float32Array): void {
    if (vectors.length % this.dimension !== 0) {
      throw new RangeError(
        `vector data of length ${vectors.length} is not a multiple of the index dimension ${this.dimension}`,
      );
    }
    this.remove(docId);
    const rows = vectors.length / this.dimension;
    const used = this.size * this.dimension;
    if (used + vectors.length > this.#data.length) {
      const grown = new Float32Array(Math.max(used + vectors.length, this.#data.length * 2));
      grown.set(this.#data.subarray(0, used));
      this.#data = grown;
    }
    this.#data.set(vectors, used);
    for (let r = 0; r < rows; r++) {
      this.#rowDoc.push(docId);
      this.#rowChunk.push(r);
    }
    this.#docs.add(docId);
  }

  remove(docId: string): boolean {
    if (!this.#docs.delete(docId)) return false;
    const dim = this.dimension;
    let write = 0;
    for (let read = 0; read < this.#rowDoc.length; read++) {
      if (this.#rowDoc[read] === docId) continue;
      if (write !== read) {
        this.#data.copyWithin(write * dim, read * dim, (read + 1) * dim);
        this.#rowDoc[write] = this.#rowDoc[read]!;
        this.#rowChunk[write] = this.#rowChunk[read]!;
      }
      write++;
    }
    this.#rowDoc.length = write;
    this.#rowChunk.length = write;
    return true;
  }

  search(query: Float32Array, k: number, allow?: (docId: string) => boolean): VectorHit[] {
    if (query.length !== this.dimension) {
      throw new RangeError(`query has dimension ${query.length}, the index has ${this.dimension}`);
    }
    const scores = new Float32Array(this.size);
    for (let r = 0; r < scores.length; r++) {
      scores[r] = !allow || allow(this.#rowDoc[r]!) ? dotRow(this.#data, r, query) : -Infinity;
    }
    const found = topK(scores, k).filter(({ score }) => score !== -Infinity);
    return found.map(({ index, score }) => ({
      docId: this.#rowDoc[index]!,
      chunk: this.#rowChunk[index]!,
      score,
    }));
  }

  clear(): void {
    this.#data = new Float32Array(0);
    this.#rowDoc = [];
    this.#rowChunk = [];
    this.#docs.clear();
  }
}
