// An opened Sieve pack as a read-only searchable library (embedder worker or Node): its vectors in
// the same in-memory index the library uses, its keyword index restored from the pack's snapshot,
// and hits joined with chunk records read from the pack when a search needs them.

import type { KeywordHit, KeywordQuery } from '../../core/keyword/bm25';
import { KeywordIndex } from '../../core/keyword/keyword-index';
import { documentText, type OpenedPack } from '../../core/pack/pack-reader';
import { embeddingInput, locationLabel } from '../../core/section-chunks';
import type {
  DocumentSummary,
  DocumentView,
  IndexBackend,
  SearchHit,
} from '../../core/types/library';
import type { VectorIndex } from '../../core/vector-index';
import { buildIndex } from '../index/vector-backends';
import type { Stage1Source } from '../library/hybrid-search';
import type { DocRecord } from '../library/library-store';
import { searchKeeping } from '../library/scoped-search';

/** The collection id a pack's documents report: packs are one collection. */
export const PACK_COLLECTION = 'pack';

export class PackLibrary implements Stage1Source {
  /** Document ids are the documents' indexes in the pack, as strings (as in its keyword index). */
  readonly #records: DocRecord[];
  readonly #keywords: KeywordIndex;

  private constructor(
    readonly pack: OpenedPack,
    readonly index: VectorIndex,
    readonly indexDescription: string,
  ) {
    this.#records = pack.documents.map((d, i) => ({
      id: String(i),
      name: d.name,
      path: d.path,
      collection: PACK_COLLECTION,
      format: d.format,
      pages: d.pages,
      size: d.size,
      addedAt: 0,
      chunkCount: d.chunks,
      tokenCount: d.tokenCount,
    }));
    const { k1, b } = pack.manifest.keywords;
    this.#keywords = KeywordIndex.fromSnapshot(pack.keywords, { k1, b });
  }

  /** Builds the vector index (`backend` as in the app's settings) over the pack's rows. */
  static async create(pack: OpenedPack, backend: IndexBackend = 'flat-int8'): Promise<PackLibrary> {
    const { index, description } = await buildIndex(backend, pack.vectors.dimension);
    index.reserve?.(pack.manifest.chunks);
    pack.documents.forEach((_, i) => index.add(String(i), pack.rowsOf(i), pack.int8Of(i)));
    return new PackLibrary(pack, index, description);
  }

  get canSearchVectors(): boolean {
    return true;
  }

  summaries(): DocumentSummary[] {
    return this.#records.map((r) => ({
      ...r,
      path: r.path!,
      collection: PACK_COLLECTION,
      indexed: true,
    }));
  }

  async keywordIndex(): Promise<KeywordIndex> {
    return this.#keywords;
  }

  searchedRows(allow?: (record: DocRecord) => boolean): number {
    if (!allow) return this.pack.manifest.chunks;
    return this.#records.reduce((n, r) => n + (allow(r) ? r.chunkCount : 0), 0);
  }

  /** `texts: false` leaves the hits' text and location empty (see `withoutTexts`). */
  async search(
    query: Float32Array,
    k: number,
    allow?: (record: DocRecord) => boolean,
    keep?: (docId: string, chunk: number) => boolean,
    texts = true,
  ): Promise<SearchHit[]> {
    const accepts = this.#accepts(allow);
    const search = (depth: number) => this.index.search(query, depth, accepts);
    const found = keep ? searchKeeping(search, this.searchedRows(allow), k, keep) : search(k);
    return texts ? this.#hits(found) : found.map((hit) => this.#bareHit(hit));
  }

  async searchKeywords(
    query: KeywordQuery,
    k: number,
    allow?: (record: DocRecord) => boolean,
    texts = true,
  ): Promise<SearchHit[]> {
    const found = this.#keywords.search(query, k, this.#accepts(allow));
    return texts ? this.#hits(found) : found.map((hit) => this.#bareHit(hit));
  }

  /**
   * This library with hits that carry no text or location: a hosted pack's chunk texts are
   * fetched by shard, so a search reads them (`withTexts`) only for the hits it returns, not for
   * every candidate of each leg.
   */
  withoutTexts(): Stage1Source {
    return {
      canSearchVectors: true,
      chunkInput: (docId, chunk) => this.chunkInput(docId, chunk),
      chunkVector: (docId, chunk) => this.chunkVector(docId, chunk),
      keywordIndex: () => this.keywordIndex(),
      searchedRows: (allow) => this.searchedRows(allow),
      search: (query, k, allow, keep) => this.search(query, k, allow, keep, false),
      searchKeywords: (query, k, allow) => this.searchKeywords(query, k, allow, false),
    };
  }

  /** Hits of `withoutTexts` with their text, offsets and location read from the pack. */
  async withTexts(hits: readonly SearchHit[]): Promise<SearchHit[]> {
    const full = await this.#hits(hits);
    return hits.map((hit, i) => ({ ...hit, ...full[i]!, score: hit.score }));
  }

  async chunkInput(docId: string, chunk: number): Promise<string | undefined> {
    const row = this.#row(docId, chunk);
    if (row === undefined) return undefined;
    const c = await this.pack.chunk(row);
    return embeddingInput(c.text, { start: c.start, end: c.end, headings: c.headings });
  }

  async chunkVector(docId: string, chunk: number): Promise<Float32Array | undefined> {
    const row = this.#row(docId, chunk);
    if (row === undefined) return undefined;
    const rows = this.pack.rowsOf(Number(docId));
    const dim = this.pack.vectors.dimension;
    return rows.slice(chunk * dim, (chunk + 1) * dim);
  }

  /** A document as the pack holds it: its chunks' text at their offsets. */
  async document(docId: string): Promise<DocumentView | undefined> {
    const record = this.#records[Number(docId)];
    if (!record || String(Number(docId)) !== docId) return undefined;
    const chunks = await this.pack.documentChunks(Number(docId));
    const { name, path, format } = record;
    return { id: docId, name, path: path!, format, text: documentText(chunks) };
  }

  #row(docId: string, chunk: number): number | undefined {
    const doc = this.pack.documents[Number(docId)];
    if (!doc || String(Number(docId)) !== docId || !(chunk >= 0 && chunk < doc.chunks)) {
      return undefined;
    }
    return doc.firstRow + chunk;
  }

  #accepts(allow?: (record: DocRecord) => boolean): ((docId: string) => boolean) | undefined {
    if (!allow) return undefined;
    return (id) => {
      const record = this.#records[Number(id)];
      return record !== undefined && allow(record);
    };
  }

  #bareHit({ docId, chunk, score }: KeywordHit): SearchHit {
    const record = this.#records[Number(docId)]!;
    const { name: docName, path, format } = record;
    return { docId, docName, docPath: path!, format, chunk, text: '', start: 0, end: 0, score };
  }

  async #hits(found: readonly KeywordHit[]): Promise<SearchHit[]> {
    return Promise.all(
      found.map(async ({ docId, chunk, score }): Promise<SearchHit> => {
        const record = this.#records[Number(docId)]!;
        const c = await this.pack.chunk(this.#row(docId, chunk)!);
        return {
          docId,
          docName: record.name,
          docPath: record.path!,
          format: record.format,
          chunk,
          location: locationLabel({
            start: c.start,
            end: c.end,
            page: c.page,
            headings: c.headings,
          }),
          text: c.text,
          start: c.start,
          end: c.end,
          score,
        };
      }),
    );
  }
}
