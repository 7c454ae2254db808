// How each evaluation stage ranks documents (pure): BM25 over chunks, the best chunk's cosine,
// RRF of the two legs, and a cross-encoder's reorder of the top of a list. The runner
// (evaluate.ts) and the in-app evaluation (library-eval.ts) share them.

import { reciprocalRankFusion, RRF_K } from '../fusion';
import { analyze } from '../keyword/analyzer';
import { keywordDocument } from '../keyword/keyword-document';
import { bagOfWords, LUCENE_BM25, type Bm25Params, type KeywordQuery } from '../keyword/bm25';
import { KeywordIndex } from '../keyword/keyword-index';
import { topK } from '../top-k';

/** A document as indexed: its id and its chunk texts (one text when documents are whole). */
export interface EvalDocument {
  id: string;
  chunks: readonly string[];
}

/** A ranked document and the chunk that ranked it (the passage a reranker reads). */
export interface RankedDocument {
  docId: string;
  chunk: number;
  score: number;
}

/** Plain text as a BM25 query: every analyzed word, repeated words weighing more (Anserini). */
export function keywordQuery(text: string): KeywordQuery {
  return { terms: bagOfWords(analyze(text)) };
}

/** A keyword index over every chunk of `documents`. */
export function buildKeywordIndex(
  documents: readonly EvalDocument[],
  params: Bm25Params = LUCENE_BM25,
): KeywordIndex {
  const index = new KeywordIndex(params);
  for (const doc of documents) {
    if (index.has(doc.id)) throw new Error(`Document id "${doc.id}" occurs twice in the corpus.`);
    index.add(doc.id, keywordDocument(doc.chunks));
  }
  return index;
}

/**
 * The best `n` documents by their best chunk's BM25 score, never `exclude`. Chunk hits are
 * fetched until they hold `n` distinct documents or the index has no more.
 */
export function keywordRanking(
  index: KeywordIndex,
  query: KeywordQuery,
  n: number,
  exclude?: string,
): RankedDocument[] {
  const allow = exclude === undefined ? undefined : (docId: string) => docId !== exclude;
  for (let k = n; ; k *= 4) {
    const hits = index.search(query, k, allow);
    const ranked: RankedDocument[] = [];
    const seen = new Set<string>();
    for (const hit of hits) {
      if (seen.has(hit.docId)) continue;
      seen.add(hit.docId);
      ranked.push(hit);
      if (ranked.length === n) return ranked;
    }
    if (hits.length < k) return ranked;
  }
}

/** Where each document's chunks start among the chunk rows, plus the total at the end. */
function chunkOffsets(documents: readonly EvalDocument[]): Uint32Array {
  const offsets = new Uint32Array(documents.length + 1);
  documents.forEach((doc, i) => (offsets[i + 1] = offsets[i]! + doc.chunks.length));
  return offsets;
}

/** Ranks documents by the cosine of their best chunk with a unit query vector. */
export class VectorRanker {
  readonly dimension: number;
  readonly #offsets: Uint32Array;
  readonly #positionOf = new Map<string, number>();

  constructor(
    readonly documents: readonly EvalDocument[],
    readonly chunkVectors: Float32Array,
  ) {
    this.#offsets = chunkOffsets(documents);
    const chunks = this.#offsets[documents.length]!;
    if (chunks === 0) throw new Error('The corpus has no chunks to rank.');
    this.dimension = chunkVectors.length / chunks;
    if (!Number.isInteger(this.dimension) || this.dimension === 0)
      throw new Error(
        `${chunkVectors.length} vector components do not make ${chunks} chunk vectors.`,
      );
    documents.forEach((doc, i) => this.#positionOf.set(doc.id, i));
  }

  /** The best `n` documents for `query` (a unit vector), never `exclude`. */
  rank(query: Float32Array, n: number, exclude?: string): RankedDocument[] {
    const dim = this.dimension;
    if (query.length !== dim)
      throw new Error(`The query vector has ${query.length} dimensions, the chunks ${dim}.`);
    const vectors = this.chunkVectors;
    const offsets = this.#offsets;
    const best = new Float64Array(this.documents.length);
    const bestChunk = new Uint32Array(this.documents.length);
    for (let doc = 0; doc < this.documents.length; doc++) {
      let top = -Infinity;
      for (let row = offsets[doc]!; row < offsets[doc + 1]!; row++) {
        let dot = 0;
        for (let i = 0, at = row * dim; i < dim; i++, at++) dot += vectors[at]! * query[i]!;
        if (dot > top) {
          top = dot;
          bestChunk[doc] = row - offsets[doc]!;
        }
      }
      // A document without chunks (or the excluded one) is never ranked.
      best[doc] = top === -Infinity ? NaN : top;
    }
    const excluded = exclude === undefined ? undefined : this.#positionOf.get(exclude);
    if (excluded !== undefined) best[excluded] = NaN;
    return topK(best, n).map(({ index, score }) => ({
      docId: this.documents[index]!.id,
      chunk: bestChunk[index]!,
      score,
    }));
  }
}

/**
 * RRF of the two legs' lists, best `n` first. Each document keeps the chunk of the leg where it
 * ranked best (keywords on a tie); its score is its RRF score.
 */
export function hybridRanking(
  keywords: readonly RankedDocument[],
  meaning: readonly RankedDocument[],
  n: number,
  k = RRF_K,
): RankedDocument[] {
  const legs = [
    { name: 'keywords', items: keywords },
    { name: 'meaning', items: meaning },
  ];
  const chunkIn = legs.map((leg) => new Map(leg.items.map((d) => [d.docId, d.chunk])));
  return reciprocalRankFusion(legs, (d) => d.docId, k)
    .slice(0, n)
    .map((entry) => {
      const kw = entry.ranks.keywords ?? Infinity;
      const mn = entry.ranks.meaning ?? Infinity;
      const leg = kw <= mn ? 0 : 1;
      return { docId: entry.key, chunk: chunkIn[leg]!.get(entry.key)!, score: entry.score };
    });
}

/**
 * The first `depth` documents of `ranked` by rerank score (best first; ties and NaN keep their
 * order, NaN after every number), then the others in their order.
 */
export async function rerankedRanking(
  ranked: readonly RankedDocument[],
  depth: number,
  scorePassages: (passages: readonly string[]) => Promise<ArrayLike<number>>,
  passageOf: (doc: RankedDocument) => string,
): Promise<RankedDocument[]> {
  const head = ranked.slice(0, Math.max(0, depth));
  if (head.length === 0) return [...ranked];
  const scores = await scorePassages(head.map(passageOf));
  if (scores.length !== head.length)
    throw new Error(`The reranker returned ${scores.length} scores for ${head.length} passages.`);
  const order = rerankOrder(scores);
  return [...order.map((i) => ({ ...head[i]!, score: scores[i]! })), ...ranked.slice(head.length)];
}

/** Indexes of `scores` best first; ties keep their order, NaN after every number. */
export function rerankOrder(scores: ArrayLike<number>): number[] {
  const key = (i: number) => (Number.isNaN(scores[i]!) ? -Infinity : scores[i]!);
  return Array.from(scores, (_, i) => i).sort((a, b) => key(b) - key(a) || a - b);
}
