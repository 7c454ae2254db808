// An in-memory inverted index scored with Lucene's BM25 (pure): rows are chunks, postings are
// typed arrays per term, and the corpus statistics (rows, total length, document frequencies)
// change with every document added or removed, so the scores always equal a fresh rebuild's.
import { topK } from '../top-k';
import { recordTerms, type KeywordDocument } from './keyword-document';

export interface Bm25Params {
  k1: number;
  b: number;
}

/** Anserini's BEIR baseline (Lucene BM25): SciFact nDCG@10 = 0.6789 with these. */
export const LUCENE_BM25: Readonly<Bm25Params> = { k1: 0.9, b: 0.4 };

export interface KeywordHit {
  docId: string;
  chunk: number;
  score: number;
}

export interface KeywordQuery {
  /** Scored terms and their weights (a term repeated in the query weighs more, as in Anserini). */
  terms: ReadonlyMap<string, number>;
  /** Groups of terms (a phrase's words): a chunk must contain every term of every group. */
  required?: ReadonlyArray<readonly string[]>;
  /** A chunk containing any of these terms is left out. */
  excluded?: readonly string[];
}

export interface KeywordStats {
  /** Chunks indexed (BM25's N). */
  chunks: number;
  averageLength: number;
  /** Distinct terms in the vocabulary (including ones whose chunks were all removed). */
  terms: number;
  /** Postings held, including removed rows not yet compacted away. */
  postings: number;
}

/** Query terms with their weight: how often each occurs. */
export function bagOfWords(terms: readonly string[]): Map<string, number> {
  const bag = new Map<string, number>();
  for (const term of terms) bag.set(term, (bag.get(term) ?? 0) + 1);
  return bag;
}

/** Lucene's idf: ln(1 + (N − n + 0.5) / (n + 0.5)), always positive. */
export function bm25Idf(rows: number, documentFrequency: number): number {
  return Math.log(1 + (rows - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

class Postings {
  rows = new Uint32Array(4);
  counts = new Uint16Array(4);
  size = 0;
  /** Live rows containing the term. */
  df = 0;

  /** Room for `capacity` postings in all (one allocation instead of repeated doubling). */
  reserve(capacity: number): void {
    if (capacity <= this.rows.length) return;
    const rows = new Uint32Array(capacity);
    rows.set(this.rows.subarray(0, this.size));
    this.rows = rows;
    const counts = new Uint16Array(capacity);
    counts.set(this.counts.subarray(0, this.size));
    this.counts = counts;
  }

  push(row: number, count: number): void {
    if (this.size === this.rows.length) this.reserve(this.size * 2);
    this.rows[this.size] = row;
    this.counts[this.size] = count;
    this.size++;
  }

  /** Whether `row` is in the list (rows are ascending). */
  has(row: number): boolean {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.rows[mid]!;
      if (at === row) return true;
      if (at < row) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

interface DocSlot {
  id: string;
  firstRow: number;
  chunks: number;
  /** Global ids of the document's terms and in how many of its chunks each occurs. */
  termIds: Uint32Array;
  chunkCounts: Uint32Array;
}

/** Rows removed beyond this share of all rows are compacted away. */
const COMPACT_DEAD_SHARE = 0.5;

export class KeywordIndex {
  params: Bm25Params;
  readonly #termIds = new Map<string, number>();
  #postings: Postings[] = [];
  /** Row → slot in #slots, or -1 once removed. */
  #rowSlot = new Int32Array(16);
  #rowLength = new Uint32Array(16);
  #rows = 0;
  #slots: Array<DocSlot | undefined> = [];
  readonly #slotOf = new Map<string, number>();
  #liveRows = 0;
  #totalLength = 0;
  #scratch = new Float64Array(0);

  constructor(params: Bm25Params = LUCENE_BM25) {
    this.params = { ...params };
  }

  /** Chunks indexed. */
  get size(): number {
    return this.#liveRows;
  }

  has(docId: string): boolean {
    return this.#slotOf.has(docId);
  }

  stats(): KeywordStats {
    let postings = 0;
    for (const p of this.#postings) postings += p.size;
    return {
      chunks: this.#liveRows,
      averageLength: this.#averageLength(),
      terms: this.#termIds.size,
      postings,
    };
  }

  /** Chunks that contain `term` (an analyzed term). */
  documentFrequency(term: string): number {
    const id = this.#termIds.get(term);
    return id === undefined ? 0 : this.#postings[id]!.df;
  }

  idf(term: string): number {
    return bm25Idf(this.#liveRows, this.documentFrequency(term));
  }

  /** Adds a document's chunks (chunk i = row firstRow + i), replacing any it already had. */
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
    const extra = new Map<number, number>();
    for (const [docId, doc] of docs) {
      this.remove(docId);
      const global = this.#globalIds(doc);
      for (const local of doc.termOf) {
        const id = global[local]!;
        extra.set(id, (extra.get(id) ?? 0) + 1);
      }
      prepared.push([docId, doc, global]);
    }
    for (const [id, count] of extra) {
      const postings = this.#postings[id]!;
      postings.reserve(postings.size + count);
    }
    let rows = this.#rows;
    for (const [, doc] of prepared) rows += doc.lengths.length;
    this.#growRows(rows);
    for (const [docId, doc, global] of prepared) this.#append(docId, doc, global);
  }

  #globalIds(doc: KeywordDocument): Uint32Array {
    return Uint32Array.from(recordTerms(doc), (term) => this.#termId(term));
  }

  #append(docId: string, doc: KeywordDocument, global: Uint32Array): void {
    const chunkCounts = new Uint32Array(global.length);
    const chunks = doc.lengths.length;
    const firstRow = this.#rows;
    const slot = this.#slots.length;
    this.#growRows(firstRow + chunks);
    let entry = 0;
    for (let chunk = 0; chunk < chunks; chunk++) {
      const row = firstRow + chunk;
      this.#rowSlot[row] = slot;
      this.#rowLength[row] = doc.lengths[chunk]!;
      this.#totalLength += doc.lengths[chunk]!;
      for (const end = doc.ends[chunk]!; entry < end; entry++) {
        const local = doc.termOf[entry]!;
        const postings = this.#postings[global[local]!]!;
        postings.push(row, doc.counts[entry]!);
        postings.df++;
        chunkCounts[local]!++;
      }
    }
    this.#rows += chunks;
    this.#liveRows += chunks;
    this.#slots.push({ id: docId, firstRow, chunks, termIds: global, chunkCounts });
    this.#slotOf.set(docId, slot);
  }

  remove(docId: string): boolean {
    const slotIndex = this.#slotOf.get(docId);
    if (slotIndex === undefined) return false;
    const slot = this.#slots[slotIndex]!;
    slot.termIds.forEach((id, i) => (this.#postings[id]!.df -= slot.chunkCounts[i]!));
    for (let row = slot.firstRow; row < slot.firstRow + slot.chunks; row++) {
      this.#rowSlot[row] = -1;
      this.#totalLength -= this.#rowLength[row]!;
    }
    this.#liveRows -= slot.chunks;
    this.#slots[slotIndex] = undefined;
    this.#slotOf.delete(docId);
    if (this.#rows - this.#liveRows > COMPACT_DEAD_SHARE * Math.max(this.#rows, 1024)) {
      this.#compact();
    }
    return true;
  }

  clear(): void {
    this.#termIds.clear();
    this.#postings = [];
    this.#rows = 0;
    this.#slots = [];
    this.#slotOf.clear();
    this.#liveRows = 0;
    this.#totalLength = 0;
  }

  /**
   * The best `k` chunks for `query` by BM25, of documents `allow` accepts, that pass the query's
   * required and excluded terms. Ties keep indexing order.
   */
  search(query: KeywordQuery, k: number, allow?: (docId: string) => boolean): KeywordHit[] {
    if (k <= 0 || this.#liveRows === 0) return [];
    const { k1, b } = this.params;
    const averageLength = this.#averageLength();
    const scores = this.#scoresBuffer();
    const touched: number[] = [];
    const allowed = this.#allowCache(allow);
    for (const [term, weight] of query.terms) {
      const id = this.#termIds.get(term);
      if (id === undefined) continue;
      const postings = this.#postings[id]!;
      if (postings.df === 0) continue;
      const idf = weight * bm25Idf(this.#liveRows, postings.df);
      const { rows, counts } = postings;
      for (let i = 0; i < postings.size; i++) {
        const row = rows[i]!;
        const slot = this.#rowSlot[row]!;
        if (slot < 0 || !allowed(slot)) continue;
        const tf = counts[i]!;
        const norm = k1 * (1 - b + (b * this.#rowLength[row]!) / averageLength);
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
    return topK(found, k).map(({ index, score }) => {
      const row = rows[index]!;
      const slot = this.#slots[this.#rowSlot[row]!]!;
      return { docId: slot.id, chunk: row - slot.firstRow, score };
    });
  }

  /**
   * A test for the query's required and excluded terms by (document, chunk) — the filter other
   * search legs apply — or undefined when the query has neither.
   */
  chunkFilter(query: KeywordQuery): ((docId: string, chunk: number) => boolean) | undefined {
    const passes = this.#rowFilter(query);
    if (!passes) return undefined;
    return (docId, chunk) => {
      const slot = this.#slotOf.get(docId);
      if (slot === undefined) return false;
      const { firstRow, chunks } = this.#slots[slot]!;
      return chunk >= 0 && chunk < chunks && passes(firstRow + chunk);
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

  #averageLength(): number {
    return this.#liveRows === 0 ? 0 : this.#totalLength / this.#liveRows;
  }

  #scoresBuffer(): Float64Array {
    if (this.#scratch.length < this.#rows) this.#scratch = new Float64Array(this.#rowSlot.length);
    return this.#scratch;
  }

  /** `allow` asked once per document per search. */
  #allowCache(allow?: (docId: string) => boolean): (slot: number) => boolean {
    if (!allow) return () => true;
    const verdicts = new Int8Array(this.#slots.length);
    return (slot) => {
      if (verdicts[slot] === 0) verdicts[slot] = allow(this.#slots[slot]!.id) ? 1 : -1;
      return verdicts[slot] === 1;
    };
  }

  #growRows(rows: number): void {
    if (rows <= this.#rowSlot.length) return;
    const capacity = Math.max(rows, this.#rowSlot.length * 2);
    const slot = new Int32Array(capacity);
    slot.set(this.#rowSlot.subarray(0, this.#rows));
    this.#rowSlot = slot;
    const length = new Uint32Array(capacity);
    length.set(this.#rowLength.subarray(0, this.#rows));
    this.#rowLength = length;
  }

  /** Renumbers the live rows densely and drops removed rows from every postings list. */
  #compact(): void {
    const renumbered = new Int32Array(this.#rows).fill(-1);
    const slots: DocSlot[] = [];
    let next = 0;
    for (const slot of this.#slots) {
      if (!slot) continue;
      for (let chunk = 0; chunk < slot.chunks; chunk++) {
        renumbered[slot.firstRow + chunk] = next + chunk;
      }
      slots.push({ ...slot, firstRow: next });
      next += slot.chunks;
    }
    const lengths = new Uint32Array(Math.max(next, 16));
    const rowSlot = new Int32Array(Math.max(next, 16));
    slots.forEach((slot, index) => {
      for (let chunk = 0; chunk < slot.chunks; chunk++) {
        rowSlot[slot.firstRow + chunk] = index;
      }
    });
    for (let row = 0; row < this.#rows; row++) {
      const to = renumbered[row]!;
      if (to >= 0) lengths[to] = this.#rowLength[row]!;
    }
    for (const postings of this.#postings) {
      let write = 0;
      for (let i = 0; i < postings.size; i++) {
        const to = renumbered[postings.rows[i]!]!;
        if (to < 0) continue;
        postings.rows[write] = to;
        postings.counts[write] = postings.counts[i]!;
        write++;
      }
      postings.size = write;
    }
    this.#slots = slots;
    this.#slotOf.clear();
    slots.forEach((slot, index) => this.#slotOf.set(slot.id, index));
    this.#rowSlot = rowSlot;
    this.#rowLength = lengths;
    this.#rows = next;
  }
}
