// Lucene's BM25 parameters and idf, and the shapes of keyword queries and hits (pure).

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
