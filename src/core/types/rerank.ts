// Plain data of a rerank request, its progress and its result, shared by the page and the
// reranker worker. Pure.

export interface RerankRequest {
  /** Increasing per request: a newer request supersedes (stops) every older one. */
  id: number;
  query: string;
  instruction: string;
  documents: string[];
  /** Sequence budget per pair; only the document is ever cut. */
  maxTokens: number;
}

export interface RerankProgress {
  id: number;
  done: number;
  total: number;
  /** Candidates scored in the latest pass. */
  scored: Array<{ index: number; score: number }>;
  elapsedMs: number;
}

export interface RerankResult {
  id: number;
  /** P(yes) per document, in request order; NaN where the request was superseded first. */
  scores: number[];
  superseded: boolean;
  /** Scoring time, excluding any model load. */
  totalMs: number;
  perCandidateMs: number;
  /** Load time when this request had to load the model first (a cold request), else 0. */
  loadMs: number;
}
