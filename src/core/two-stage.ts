// Two-stage search rules (pure): how many candidates stage 1 fetches, the reranker's token
// budget per backend, score fusion and rank movement between the stages.

import type { Backend } from './types/models';

export type ScoreMode = { kind: 'rerank' } | { kind: 'weighted'; rerankWeight: number };

export const MAX_CANDIDATES = 200;

/**
 * Stage-1 candidates for a top-k: max(5k, 20) on WebGPU. On WASM a 0.6B cross-encoder costs
 * seconds per candidate (≈ 28 tokens/s for fp32 on one WASM thread, measured on a
 * Qwen3-0.6B-shaped stand-in), so fewer: max(2k, 10).
 */
export function defaultCandidates(k: number, backend: Backend): number {
  const n = backend === 'webgpu' ? Math.max(5 * k, 20) : Math.max(2 * k, 10);
  return Math.min(MAX_CANDIDATES, n);
}

/** Reranker sequence budget (prompt + query + document) per pair. */
export function defaultRerankTokens(backend: Backend): number {
  return backend === 'webgpu' ? 512 : 256;
}

/** Vector scores min-max scaled to [0, 1] over the candidates, so they mix with probabilities. */
function scaled(scores: readonly number[]): number[] {
  const min = Math.min(...scores);
  const range = Math.max(...scores) - min;
  return scores.map((s) => (range > 0 ? (s - min) / range : 1));
}

/** Final score per candidate; a candidate without a rerank score (NaN) keeps NaN. */
export function fuseScores(
  vector: readonly number[],
  rerank: readonly number[],
  mode: ScoreMode,
): number[] {
  if (mode.kind === 'rerank') return [...rerank];
  const w = Math.min(1, Math.max(0, mode.rerankWeight));
  const v = scaled(vector);
  return rerank.map((r, i) => w * r + (1 - w) * v[i]!);
}

export interface RankedCandidate {
  /** Index into the stage-1 candidate list, which is also its vector rank (0-based). */
  candidate: number;
  score: number;
  /** Positive: moved up this many places compared with the vector ranking. */
  movement: number;
}

/** Top `k` candidates by final score (ties keep vector order), with their rank movement. */
export function rerankedTop(finalScores: readonly number[], k: number): RankedCandidate[] {
  return finalScores
    .map((score, candidate) => ({ candidate, score }))
    .filter((c) => !Number.isNaN(c.score))
    .sort((a, b) => b.score - a.score || a.candidate - b.candidate)
    .slice(0, k)
    .map((c, rank) => ({ ...c, movement: c.candidate - rank }));
}

/** Remaining time from the pace so far; undefined until something has been measured. */
export function etaMs(done: number, total: number, elapsedMs: number): number | undefined {
  if (done <= 0 || done >= total) return undefined;
  return (elapsedMs / done) * (total - done);
}
