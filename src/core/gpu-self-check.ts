// The WebGPU self-check's verdicts: whether a model's outputs on WebGPU agree with the same weights
// on WASM (embeddings by cosine, rerank scores by difference), how a verdict is worded and keyed
// per device, model and dtype. Pure: the model workers run the check (engine/models/gpu-check.ts).

/** Embedding rows must be at least this similar to the WASM ones. */
export const MIN_EMBEDDING_COSINE = 0.99;
/** Rerank scores (probabilities in 0..1) may differ from the WASM ones by at most this. */
export const MAX_SCORE_DIFFERENCE = 0.02;

/** One output row per fixed input: an embedding vector, or a one-element row with a score. */
export type CheckOutputs = number[][];

export interface Comparison {
  passed: boolean;
  /** The agreement in words, e.g. "lowest cosine 0.9998 to WASM (need ≥ 0.99)". */
  detail: string;
}

export type SelfCheckOutcome = 'passed' | 'failed' | 'unverified';

export interface GpuVerdict {
  outcome: SelfCheckOutcome;
  detail: string;
  /** How long the check took (the WASM copy's load and both runs). */
  ms: number;
  /** When it was decided (ms since the epoch). */
  checkedAt: number;
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  const norm = Math.sqrt(na * nb);
  return norm > 0 ? dot / norm : 0;
}

function sameShape(gpu: CheckOutputs, wasm: CheckOutputs): Comparison | undefined {
  if (gpu.length === wasm.length && gpu.length > 0) return undefined;
  return {
    passed: false,
    detail: `WebGPU returned ${gpu.length} outputs where WASM returned ${wasm.length}`,
  };
}

/** Every WebGPU embedding must be within MIN_EMBEDDING_COSINE of its WASM twin; NaN fails. */
export function compareEmbeddings(gpu: CheckOutputs, wasm: CheckOutputs): Comparison {
  const mismatch = sameShape(gpu, wasm);
  if (mismatch) return mismatch;
  const cosines = gpu.map((row, i) => cosine(row, wasm[i]!));
  const lowest = Math.min(...cosines.map((c) => (Number.isNaN(c) ? -Infinity : c)));
  const shown = Number.isFinite(lowest) ? lowest.toFixed(4) : 'NaN';
  return {
    passed: lowest >= MIN_EMBEDDING_COSINE,
    detail: `embeddings at cosine ${shown} to WASM's (need ≥ ${MIN_EMBEDDING_COSINE})`,
  };
}

/** Every WebGPU score must be within MAX_SCORE_DIFFERENCE of its WASM twin; NaN fails. */
export function compareScores(gpu: CheckOutputs, wasm: CheckOutputs): Comparison {
  const mismatch = sameShape(gpu, wasm);
  if (mismatch) return mismatch;
  const differences = gpu.map((row, i) => Math.abs((row[0] ?? NaN) - (wasm[i]?.[0] ?? NaN)));
  const largest = Math.max(...differences.map((d) => (Number.isNaN(d) ? Infinity : d)));
  const shown = Number.isFinite(largest) ? largest.toFixed(4) : 'NaN';
  return {
    passed: largest <= MAX_SCORE_DIFFERENCE,
    detail: `rerank scores differ from WASM's by up to ${shown} (allowed ${MAX_SCORE_DIFFERENCE})`,
  };
}

/**
 * The test seam: what a broken GPU kernel might return (every value moved far from the truth,
 * so cosines turn negative and scores leave 0..1). Only a test URL asks for it.
 */
export function corruptOutputs(outputs: CheckOutputs): CheckOutputs {
  return outputs.map((row) => row.map((x) => -x - 1));
}

/** What identifies a verdict: the browser (its WebGPU implementation), the adapter, the weights. */
export function verdictKey(parts: {
  userAgent: string;
  adapter: string;
  source: string;
  modelId: string;
  dtype: string;
}): string {
  return [parts.userAgent, parts.adapter, parts.source, parts.modelId, parts.dtype].join('|');
}

/** The verdict as a line in the model's status. */
export function describeVerdict(
  verdict: GpuVerdict,
  dtype: string,
  remembered: boolean,
  locale?: string,
): string {
  const when = remembered
    ? ` on ${new Date(verdict.checkedAt).toLocaleDateString(locale)} (remembered for this browser and GPU)`
    : ` in ${(verdict.ms / 1000).toFixed(1)} s`;
  if (verdict.outcome === 'passed')
    return `WebGPU self-check passed${when}: ${verdict.detail} with the same ${dtype} weights.`;
  if (verdict.outcome === 'failed')
    return `WebGPU gave wrong results in a self-check${when}: ${verdict.detail} with the same ${dtype} weights. Using WASM instead.`;
  return `WebGPU self-check not possible${when}: ${verdict.detail}. Using WebGPU unchecked.`;
}
