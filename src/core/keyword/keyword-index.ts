// An in-memory inverted index scored with Lucene's BM25 (pure): rows are chunks, postings are
// typed arrays per term, and the corpus statistics (rows, total length, document frequencies)
// change with every document added or removed, so the scores always equal a fresh rebuild's.
import { topK } from '../top-k';
import {
  bm25Idf,
  LUCENE_BM25,
  type Bm25Params,
  type KeywordHit,
  type KeywordQuery,
  type KeywordStats,
} from './bm25';
import { DocumentRows } from './document-rows';
import { recordTerms, type KeywordDocument } from './keyword-document';
import {
  KEYWORD_SNAPSHOT_VERSION,
  snapshotProblem,
  type KeywordSnapshot,
} from './keyword-snapshot';
import { Postings } from './postings';

/** Rows removed beyond this share of all rows are compacted away. */
const COMPACT_DEAD_SHARE = 0.5;

export class KeywordIndex {
  params: Bm25Params;
  readonly #termIds = new Map<string, number>();
  #postings: Postings[] = [];
  #rows = new DocumentRows();
  /** Removals leave the document frequencies to be counted again before they are read. */
  #dfStale = false;
  #scratch = new Float64Array(0);

  constructor(params: Bm25Params = LUCENE_BM25) {
    this.params = { ...params };
  }

  /** Chunks indexed. */
  get size(): number {
    return this.#rows.live;
  }

  has(docId: string): boolean {
    return this.#rows.has(docId);
  }

  stats(): KeywordStats {
    let postings = 0;
    for (const p of this.#postings) postings += p.size;
    return {
      chunks: this.#rows.live,
      averageLength: this.#rows.averageLength,
      terms: this.#termIds.size,
      postings,
    };
  }

  /** Chunks that contain `term` (an analyzed term). */
  documentFrequency(term: string): number {
    const id = this.#termIds.get(term);
    if (id === undefined) return 0;
    this.#countDf();
    return this.#postings[id]!.df;
  }

  idf(term: string): number {
    return bm25Idf(this.#rows.live, this.documentFrequency(term));
  }

  /** Adds a document's chunks as consecutive rows, replacing any it already had. */
  add(docId: string, doc: KeywordDocument): void {
    this.remove(docId);
    this.#append(docId, doc, this.#globalIds(doc));
  }

  /**
   * Adds many documents (start-up): postings are counted first and each list allocated once at
   * its final size, which is what makes loading a large library fast.
   */
  addMany(docs: Iterable<readonly [string, KeywordDocument]>): void {
    const prepared: Array<[string, KeywordDocument, Uint32Array]> = [];
    for (const [docId, doc] of docs) {
      this.remove(docId);
      prepared.push([docId, doc, this.#globalIds(doc)]);
    }
    const extra = new Uint32Array(this.#postings.length);
    for (const [, doc, global] of prepared) {
      for (const local of doc.termOf) extra[global[local]!]!++;
    }
    extra.forEach((count, id) => {
      if (count > 0) this.#postings[id]!.reserve(this.#postings[id]!.size + count);
    });
    let rows = this.#rows.count;
    for (const [, doc] of prepared) rows += doc.lengths.length;
    this.#rows.reserve(rows);
    for (const [docId, doc, global] of prepared) this.#append(docId, doc, global);
  }

  #globalIds(doc: KeywordDocument): Uint32Array {
    return Uint32Array.from(recordTerms(doc), (term) => this.#termId(term));
  }

  #append(docId: string, doc: KeywordDocument, global: Uint32Array): void {
    const firstRow = this.#rows.append(docId, doc.lengths);
    let entry = 0;
    for (let chunk = 0; chunk < doc.lengths.length; chunk++) {
      for (const end = doc.ends[chunk]!; entry < end; entry++) {
        const postings = this.#postings[global[doc.termOf[entry]!]!]!;
        postings.push(firstRow + chunk, doc.counts[entry]!);
        postings.df++;
      }
    }
  }

  remove(docId: string): boolean {
    if (!this.#rows.remove(docId)) return false;
    this.#dfStale = true;
    const { count, live } = this.#rows;
    if (count - live > COMPACT_DEAD_SHARE * Math.max(count, 1024)) this.#compact();
    return true;
  }

  clear(): void {
    this.#termIds.clear();
    this.#postings = [];
    this.#rows = new DocumentRows();
    this.#dfStale = false;
  }

  /**
   * The index as flat arrays (removed rows are compacted away first), from which `fromSnapshot`
   * builds an index that scores, breaks ties and changes exactly like this one.
   */
  toSnapshot(): KeywordSnapshot {
    if (this.#rows.live !== this.#rows.count) this.#compact();
    const docs = this.#rows.documents();
    const used = [...this.#termIds].filter(([, id]) => this.#postings[id]!.size > 0);
    const termEnds = new Uint32Array(used.length);
    let total = 0;
    used.forEach(([, id], i) => (termEnds[i] = total += this.#postings[id]!.size));
    const rows = new Uint32Array(total);
    const counts = new Uint16Array(total);
    used.forEach(([, id], i) => {
      const postings = this.#postings[id]!;
      rows.set(postings.rows.subarray(0, postings.size), termEnds[i - 1] ?? 0);
      counts.set(postings.counts.subarray(0, postings.size), termEnds[i - 1] ?? 0);
    });
    return {
      version: KEYWORD_SNAPSHOT_VERSION,
      docIds: docs.map((doc) => doc.id),
      docChunks: Uint32Array.from(docs, (doc) => doc.chunks),
      rowLengths: this.#rows.lengthOf.slice(0, this.#rows.count),
      terms: used.map(([term]) => term).join('\n'),
      termEnds,
      rows,
      counts,
    };
  }

  /**
   * The index `snapshot` holds. It takes the snapshot's arrays over (its postings are views of
   * them, changed in place by later removals), so a snapshot restores one index only.
   */
  static fromSnapshot(snapshot: KeywordSnapshot, params?: Bm25Params): KeywordIndex {
    const problem = snapshotProblem(snapshot);
    if (problem !== null) throw new Error(`The keyword index snapshot is damaged: ${problem}.`);
    const index = new KeywordIndex(params);
    const { termEnds, rows, counts } = snapshot;
    index.#rows = DocumentRows.restore(snapshot.docIds, snapshot.docChunks, snapshot.rowLengths);
    const terms = snapshot.terms === '' ? [] : snapshot.terms.split('\n');
    terms.forEach((term, id) => {
      const start = termEnds[id - 1] ?? 0;
      const end = termEnds[id]!;
      index.#termIds.set(term, id);
      index.#postings.push(
        new Postings(rows.subarray(start, end), counts.subarray(start, end), end - start),
      );
    });
    return index;
  }

  /**
   * The best `k` chunks for `query` by BM25, of documents `allow` accepts, that pass the query's
   * required and excluded terms. Ties keep indexing order.
   */
  search(query: KeywordQuery, k: number, allow?: (docId: string) => boolean): KeywordHit[] {
    if (k <= 0 || this.#rows.live === 0) return [];
    this.#countDf();
    const { k1, b } = this.params;
    const { slotOf, lengthOf, averageLength, live } = this.#rows;
    const scores = this.#scoresBuffer();
    const touched: number[] = [];
    const allowed = this.#allowCache(allow);
    for (const [term, weight] of query.terms) {
      const id = this.#termIds.get(term);
      if (id === undefined) continue;
      const postings = this.#postings[id]!;
      if (postings.df === 0) continue;
      const idf = weight * bm25Idf(live, postings.df);
      const { rows, counts } = postings;
      for (let i = 0; i < postings.size; i++) {
        const row = rows[i]!;
        const slot = slotOf[row]!;
        if (slot < 0 || !allowed(slot)) continue;
        const tf = counts[i]!;
        const norm = k1 * (1 - b + (b * lengthOf[row]!) / averageLength);
        if (scores[row] === 0) touched.push(row);
        scores[row]! += (idf * tf) / (tf + norm);
      }
    }
    // topK breaks ties by lower index: rows in indexing order, which a later term's postings
    // (rows it alone adds, appended after the earlier terms' rows) would not keep.
    if (query.terms.size > 1) touched.sort((x, y) => x - y);
    const passes = this.#rowFilter(query);
    const rows: number[] = [];
    const found: number[] = [];
    for (const row of touched) {
      if (!passes || passes(row)) {
        rows.push(row);
        found.push(scores[row]!);
      }
      scores[row] = 0;
    }
    return topK(found, k).map(({ index, score }) => ({
      ...this.#rows.chunkAt(rows[index]!),
      score,
    }));
  }

  /**
   * A test for the query's required and excluded terms by (document, chunk) — the filter other
   * search legs apply — or undefined when the query has neither.
   */
  chunkFilter(query: KeywordQuery): ((docId: string, chunk: number) => boolean) | undefined {
    const passes = this.#rowFilter(query);
    if (!passes) return undefined;
    return (docId, chunk) => {
      const row = this.#rows.rowOf(docId, chunk);
      return row !== undefined && passes(row);
    };
  }

  #rowFilter(query: KeywordQuery): ((row: number) => boolean) | undefined {
    const postingsOf = (term: string) => {
      const id = this.#termIds.get(term);
      return id === undefined ? undefined : this.#postings[id];
    };
    const required = (query.required ?? []).flat().map(postingsOf);
    const excluded = (query.excluded ?? []).flatMap((term) => postingsOf(term) ?? []);
    if (required.length === 0 && excluded.length === 0) return undefined;
    return (row) =>
      required.every((p) => p !== undefined && p.has(row)) && !excluded.some((p) => p.has(row));
  }

  #termId(term: string): number {
    let id = this.#termIds.get(term);
    if (id === undefined) {
      id = this.#postings.length;
      this.#termIds.set(term, id);
      this.#postings.push(new Postings());
    }
    return id;
  }

  /** Counts each term's live rows again after removals (one pass over the postings). */
  #countDf(): void {
    if (!this.#dfStale) return;
    const { slotOf } = this.#rows;
    for (const postings of this.#postings) {
      let df = 0;
      for (let i = 0; i < postings.size; i++) if (slotOf[postings.rows[i]!]! >= 0) df++;
      postings.df = df;
    }
    this.#dfStale = false;
  }

  #scoresBuffer(): Float64Array {
    const capacity = this.#rows.slotOf.length;
    if (this.#scratch.length < capacity) this.#scratch = new Float64Array(capacity);
    return this.#scratch;
  }

  /** `allow` asked once per document per search. */
  #allowCache(allow?: (docId: string) => boolean): (slot: number) => boolean {
    if (!allow) return () => true;
    const verdicts = new Int8Array(this.#rows.slotCount);
    return (slot) => {
      if (verdicts[slot] === 0) verdicts[slot] = allow(this.#rows.docIdOfSlot(slot)) ? 1 : -1;
      return verdicts[slot] === 1;
    };
  }

  /** Renumbers the live rows densely and drops removed rows from every postings list. */
  #compact(): void {
    const renumbered = this.#rows.compact();
    for (const postings of this.#postings) {
      let write = 0;
      for (let i = 0; i < postings.size; i++) {
        const to = renumbered[postings.rows[i]!]!;
        if (to < 0) continue;
        postings.rows[write] = to;
        postings.counts[write] = postings.counts[i]!;
        write++;
      }
      postings.size = postings.df = write;
    }
    this.#dfStale = false;
  }
}
