// The evaluation runner (pure): ranks BEIR documents for every judged query with the search
// stages Sieve has — keywords (BM25), meaning (vectors), hybrid (RRF of the two) and reranked
// (a cross-encoder over the top of the hybrid list) — and scores each stage as BEIR does.
// Models come in as functions (query embedding, pair scoring) and pre-computed chunk vectors,
// so Node (scripts/eval) and unit tests with fakes drive the same code.
import { reciprocalRankFusion, RRF_K } from '../fusion';
import { analyze } from '../keyword/analyzer';
import { keywordDocument } from '../keyword/keyword-document';
import { bagOfWords, LUCENE_BM25, type Bm25Params, type KeywordQuery } from '../keyword/bm25';
import { KeywordIndex } from '../keyword/keyword-index';
import { topK } from '../top-k';
import { documentText, type BeirDocument, type BeirQuery, type Qrels } from './beir';
import { meanMetrics, scoreRanking, type QueryMetrics } from './metrics';

export const STAGES = ['keywords', 'meaning', 'hybrid', 'reranked'] as const;
export type Stage = (typeof STAGES)[number];

export const isStage = (value: string): value is Stage =>
  (STAGES as readonly string[]).includes(value);

/** Documents each leg returns and the hybrid list keeps (Recall@100 needs 100). */
export const DEFAULT_LIST_SIZE = 100;
/** Hybrid results the reranker reads per query: the app's candidates for a top 10 on WASM. */
export const DEFAULT_RERANK_DEPTH = 20;

/** A document as indexed: its id and its chunk texts (one text when documents are whole). */
export interface EvalDocument {
  id: string;
  chunks: readonly string[];
}

/** BEIR documents indexed whole, title and text as one field (Anserini's "flat" layout). */
export function wholeDocuments(docs: Iterable<BeirDocument>): EvalDocument[] {
  return Array.from(docs, (doc) => ({ id: doc.id, chunks: [documentText(doc)] }));
}

/** Every chunk text in corpus order: the rows `VectorLeg.chunkVectors` must follow. */
export function chunkTexts(documents: readonly EvalDocument[]): string[] {
  return documents.flatMap((doc) => doc.chunks);
}

export interface VectorLeg {
  /** A query's unit vector (the caller applies the embedder's query prompt). */
  embedQuery: (text: string) => Promise<Float32Array>;
  /** Unit vectors of every chunk, row-major, in `chunkTexts(documents)` order. */
  chunkVectors: Float32Array;
}

export interface RerankLeg {
  /** Relevance of each passage to the query, higher is better; NaN ranks after any number. */
  score: (query: string, passages: readonly string[]) => Promise<ArrayLike<number>>;
  /** Hybrid results reranked per query (DEFAULT_RERANK_DEPTH); the rest keep hybrid order. */
  depth?: number;
}

export interface EvaluateOptions {
  documents: readonly EvalDocument[];
  queries: readonly BeirQuery[];
  qrels: Qrels;
  stages: readonly Stage[];
  bm25?: Bm25Params;
  /** Needed by meaning, hybrid and reranked. */
  vectors?: VectorLeg;
  /** Needed by reranked. */
  rerank?: RerankLeg;
  /** RRF's k for the hybrid list (RRF_K = 60). */
  rrfK?: number;
  /** Documents per leg and in the hybrid list (DEFAULT_LIST_SIZE). */
  listSize?: number;
  /** Only the first `sample` judged queries (in qrels order). */
  sample?: number;
  /** Milliseconds; performance.now() unless a test fixes the clock. */
  now?: () => number;
  /** After each query, with the queries done and the queries to run. */
  onQuery?: (done: number, total: number) => void;
}

export interface StageReport {
  stage: Stage;
  queries: number;
  metrics: QueryMetrics;
  /**
   * Mean time per query of everything the stage needs, as a search would spend it: hybrid
   * includes both legs and the fusion, reranked also the reranker. Index building excluded.
   */
  msPerQuery: number;
  /** Query id → its metrics, in the order the queries ran. */
  perQuery: Map<string, QueryMetrics>;
  /** Query id → its ranking (document ids, best first). */
  rankings: Map<string, string[]>;
}

export interface EvalReport {
  stages: StageReport[];
  /** Judged queries evaluated. */
  queries: number;
  /** Query ids in the qrels that queries.jsonl does not have (skipped). */
  missingQueries: number;
  documents: number;
  chunks: number;
  /** Time to build the keyword index (0 when no stage needs it). */
  keywordIndexMs: number;
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

export interface JudgedQueries {
  /** The queries to run, in the order the qrels first name them. */
  queries: BeirQuery[];
  /** Judged queries that have a text. */
  judged: number;
  /** Query ids in the qrels without a text (left out). */
  missing: number;
}

/**
 * The judged queries that have a text (from a list or an id → text map), in qrels order; with
 * `sample`, the first `sample` of them — the app's Evaluate panel takes the same ones.
 */
export function judgedQueries(
  queries: readonly BeirQuery[] | ReadonlyMap<string, string>,
  qrels: Qrels,
  sample?: number,
): JudgedQueries {
  const texts =
    queries instanceof Map ? queries : new Map((queries as BeirQuery[]).map((q) => [q.id, q.text]));
  const found: BeirQuery[] = [];
  let missing = 0;
  for (const id of qrels.keys()) {
    const text = texts.get(id);
    if (text === undefined) missing++;
    else found.push({ id, text });
  }
  const take = sample === undefined ? found.length : Math.max(0, sample);
  return { queries: found.slice(0, take), judged: found.length, missing };
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

/** Runs every requested stage over the judged queries and scores it. */
export async function evaluate(options: EvaluateOptions): Promise<EvalReport> {
  const { documents, qrels, vectors, rerank } = options;
  const now = options.now ?? (() => performance.now());
  const n = positive('listSize', options.listSize ?? DEFAULT_LIST_SIZE);
  const depth = positive('rerank depth', rerank?.depth ?? DEFAULT_RERANK_DEPTH);
  const stages = STAGES.filter((s) => options.stages.includes(s));
  if (stages.length === 0) throw new Error('No stage to evaluate.');
  if (options.sample !== undefined) positive('sample', options.sample);
  const wants = (...names: Stage[]) => names.some((s) => stages.includes(s));
  const needsKeywords = wants('keywords', 'hybrid', 'reranked');
  const needsVectors = wants('meaning', 'hybrid', 'reranked');
  if (needsVectors && !vectors)
    throw new Error(
      'The meaning, hybrid and reranked stages need document vectors and a query embedder.',
    );
  if (wants('reranked') && !rerank) throw new Error('The reranked stage needs a reranker.');

  const started = now();
  const keywordIndex = needsKeywords ? buildKeywordIndex(documents, options.bm25) : undefined;
  const keywordIndexMs = needsKeywords ? now() - started : 0;
  const ranker =
    vectors && needsVectors ? new VectorRanker(documents, vectors.chunkVectors) : undefined;
  const positionOf = new Map(documents.map((doc, i) => [doc.id, i]));
  const passageOf = (d: RankedDocument) => documents[positionOf.get(d.docId)!]!.chunks[d.chunk]!;

  const { queries, missing } = judgedQueries(options.queries, qrels, options.sample);
  const reports = new Map<Stage, StageReport & { totalMs: number }>(
    stages.map((stage) => [
      stage,
      {
        stage,
        queries: 0,
        metrics: meanMetrics([]),
        msPerQuery: 0,
        perQuery: new Map(),
        rankings: new Map(),
        totalMs: 0,
      },
    ]),
  );
  const record = (stage: Stage, queryId: string, ranked: readonly RankedDocument[], ms: number) => {
    const report = reports.get(stage);
    if (!report) return;
    const ids = ranked.map((d) => d.docId);
    report.rankings.set(queryId, ids);
    report.perQuery.set(queryId, scoreRanking(ids, qrels.get(queryId)!));
    report.totalMs += ms;
  };

  for (const [done, query] of queries.entries()) {
    let keywordMs = 0;
    let keywords: RankedDocument[] = [];
    if (keywordIndex) {
      const t = now();
      keywords = keywordRanking(keywordIndex, keywordQuery(query.text), n, query.id);
      keywordMs = now() - t;
      record('keywords', query.id, keywords, keywordMs);
    }
    if (ranker && vectors) {
      let t = now();
      const meaning = ranker.rank(await vectors.embedQuery(query.text), n, query.id);
      const meaningMs = now() - t;
      record('meaning', query.id, meaning, meaningMs);
      if (wants('hybrid', 'reranked')) {
        t = now();
        const hybrid = hybridRanking(keywords, meaning, n, options.rrfK);
        const hybridMs = keywordMs + meaningMs + (now() - t);
        record('hybrid', query.id, hybrid, hybridMs);
        if (rerank && wants('reranked')) {
          t = now();
          const reranked = await rerankedRanking(
            hybrid,
            depth,
            (passages) => rerank.score(query.text, passages),
            passageOf,
          );
          record('reranked', query.id, reranked, hybridMs + (now() - t));
        }
      }
    }
    options.onQuery?.(done + 1, queries.length);
  }

  return {
    stages: [...reports.values()].map(({ totalMs, ...report }) => ({
      ...report,
      queries: report.perQuery.size,
      metrics: meanMetrics([...report.perQuery.values()]),
      msPerQuery: report.perQuery.size === 0 ? 0 : totalMs / report.perQuery.size,
    })),
    queries: queries.length,
    missingQueries: missing,
    documents: documents.length,
    chunks: documents.reduce((sum, doc) => sum + doc.chunks.length, 0),
    keywordIndexMs,
  };
}
