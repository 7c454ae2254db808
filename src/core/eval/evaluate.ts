// The evaluation runner (pure): ranks BEIR documents for every judged query with the search
// stages Sieve has — keywords (BM25), meaning (vectors), hybrid (RRF of the two) and reranked
// (a cross-encoder over the top of the hybrid list) — and scores each stage as BEIR does.
// Models come in as functions (query embedding, pair scoring) and pre-computed chunk vectors,
// so Node (scripts/eval) and unit tests with fakes drive the same code.
import type { Bm25Params } from '../keyword/bm25';
import {
  buildKeywordIndex,
  hybridRanking,
  keywordQuery,
  keywordRanking,
  rerankedRanking,
  VectorRanker,
  type EvalDocument,
  type RankedDocument,
} from './stage-rankings';
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
