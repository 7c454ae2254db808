// Searches over the library's contents in the embedder worker (or Node): vector and keyword
// hits of the documents in scope, joined with their records and text, and what "more like this"
// reads of a stored chunk. Library owns the contents and delegates its search methods here.

import type { KeywordHit, KeywordQuery } from '../../core/keyword/bm25';
import type { KeywordIndex } from '../../core/keyword/keyword-index';
import type { SearchHit } from '../../core/types/library';
import { chunkInputOf, type DocRecord, type DocumentEntry } from './library-store';
import type { LibraryVectors } from './library-vectors';
import { searchKeeping } from './scoped-search';
import { searchHits } from './search-hits';
import type { SourceTexts } from './source-texts';

/** What searches read of the library, as it is now (documents are replaced when it reopens). */
export interface LibraryContents {
  documents(): ReadonlyMap<string, DocumentEntry>;
  vectors: LibraryVectors;
  texts: SourceTexts;
  /** Settles once the current vector space's stored rows are in the index. */
  vectorsLoaded(): Promise<void>;
  /** The keyword index, once every document's keyword record is in it. */
  keywords(): Promise<KeywordIndex>;
}

export class LibrarySearch {
  constructor(private readonly parts: LibraryContents) {}

  /**
   * The best `k` chunks by cosine, of documents `allow` accepts and, when given, chunks `keep`
   * accepts (a query's required and excluded words: the vectors are read deeper to fill `k`).
   */
  async search(
    query: Float32Array,
    k: number,
    allow?: (record: DocRecord) => boolean,
    keep?: (docId: string, chunk: number) => boolean,
  ): Promise<SearchHit[]> {
    await this.parts.vectorsLoaded();
    const accepts = this.#accepts(allow);
    if (!keep) return this.#hits(this.parts.vectors.search(query, k, accepts));
    const rows = this.searchedRows(allow);
    const search = (depth: number) => this.parts.vectors.search(query, depth, accepts);
    return this.#hits(searchKeeping(search, rows, k, keep));
  }

  /**
   * The best `k` chunks by BM25 for `query`, of documents `allow` accepts. Waits for the keyword
   * index to load (never for the vectors or a model).
   */
  async searchKeywords(
    query: KeywordQuery,
    k: number,
    allow?: (record: DocRecord) => boolean,
  ): Promise<SearchHit[]> {
    const index = await this.parts.keywords();
    const found = index.search(query, k, this.#accepts(allow));
    return this.#hits(found);
  }

  /** A stored chunk's vector in this vector space ("more like this" needs no model call). */
  async chunkVector(docId: string, chunk: number): Promise<Float32Array | undefined> {
    await this.parts.vectorsLoaded();
    const stored = await this.parts.vectors.rowsOf(docId);
    if (!stored || (chunk + 1) * stored.dimension > stored.rows.length) return undefined;
    return stored.rows.slice(chunk * stored.dimension, (chunk + 1) * stored.dimension);
  }

  /** What the embedder and keyword index read for one stored chunk, if it exists. */
  async chunkInput(docId: string, chunk: number): Promise<string | undefined> {
    const entry = this.parts.documents().get(docId);
    if (!entry || chunk < 0 || chunk >= entry.chunks.starts.length) return undefined;
    return chunkInputOf(entry.chunks, await this.parts.texts.get(docId), chunk);
  }

  /** The keyword index, once loaded (for statistics and query filters). */
  keywordIndex(): Promise<KeywordIndex> {
    return this.parts.keywords();
  }

  #accepts(allow?: (record: DocRecord) => boolean): (id: string) => boolean {
    return (id) => {
      const doc = this.parts.documents().get(id);
      return doc !== undefined && (!allow || allow(doc.record));
    };
  }

  #hits(found: readonly KeywordHit[]): Promise<SearchHit[]> {
    return searchHits(
      found,
      (id) => this.parts.documents().get(id)!,
      (id) => this.parts.texts.get(id),
    );
  }

  /** Rows a search with `allow` compares: chunks of accepted documents that have vectors. */
  searchedRows(allow?: (record: DocRecord) => boolean): number {
    let rows = 0;
    for (const { record } of this.parts.documents().values()) {
      if (this.parts.vectors.has(record.id) && (!allow || allow(record))) rows += record.chunkCount;
    }
    return rows;
  }
}
