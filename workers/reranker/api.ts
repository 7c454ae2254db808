// The reranker worker's typed API, shared by the worker (`expose`) and its client (`wrap`).
// A separate worker from the embedder, so that neither model ever waits for the other.

import type { ModelFiles, ModelSettings, ModelStatus } from '../model-types';

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

export interface RerankerApi {
  /** Applies settings, reports the device plan and streams status changes from now on. */
  configure(settings: ModelSettings, onStatus: (status: ModelStatus) => void): Promise<ModelStatus>;
  load(): Promise<ModelStatus>;
  rerank(
    request: RerankRequest,
    onProgress: (progress: RerankProgress) => void,
  ): Promise<RerankResult>;
  /** Stops request `id` (and older ones) at the next pass boundary. */
  cancel(id: number): Promise<void>;
  /** The planned dtype's files, sizes and cache status (metadata only, nothing downloaded). */
  modelFiles(): Promise<ModelFiles>;
  /** Deletes those files from the browser's model cache. */
  deleteModelFiles(): Promise<ModelFiles>;
}
