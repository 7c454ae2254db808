// Shared by the rerank benchmark's Node driver (scripts/bench/rerank.ts) and its browser page
// (rerank-page.ts): the grid of configurations, the query and the shape of one timed result.
import type { Backend, RerankerDtype } from '../../src/core/types/models';

export const RERANK_MODEL = 'onnx-community/Qwen3-Reranker-0.6B-ONNX';
export const RERANK_QUERY = 'how does magma reach the crater during a volcano eruption';
export const RERANK_INSTRUCTION =
  'Given a web search query, retrieve relevant passages that answer the query';
export const CANDIDATE_COUNTS = [20, 50, 100] as const;
export const DOC_TOKEN_COUNTS = [128, 256, 512] as const;

/** One configuration to time: the documents are cut to `docTokens` tokens by the Node side. */
export interface RerankCase {
  candidates: number;
  docTokens: number;
  maxTokens: number;
  documents: string[];
  /** Timed repetitions (the median is reported). */
  repeats: number;
}

export interface RerankBenchConfig {
  modelId: string;
  device: Backend;
  dtype: RerankerDtype;
  query: string;
  instruction: string;
  cases: RerankCase[];
  /** A mirror of model repositories (`<base>/<org>/<name>/`); default the fixtures. */
  modelsBase?: string;
  /** Collect garbage after every pass (needs --js-flags=--expose-gc): what JS garbage adds. */
  gcEachPass?: boolean;
}

export interface CaseTiming {
  candidates: number;
  docTokens: number;
  /** Every timed repetition, in milliseconds. */
  runs_ms: number[];
  pair_tokens: number;
}

export interface LoadInfo {
  load_ms: number;
  calibrate_ms: number;
  batched: boolean;
  difference: number;
  /** Whether the warm-up check let one-pair passes start from the query's cached prefix. */
  prefix_reuse: boolean;
  /** Without it ONNX Runtime's WASM backend runs on one thread. */
  crossOriginIsolated: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
