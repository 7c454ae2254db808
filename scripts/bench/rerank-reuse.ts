// Prefix reuse in the rerank benchmark (Node, onnxruntime-node): the same candidates per document
// length scored one pair per pass with full passes and from the query's cached prefix, timed in
// alternation (best and median, since other work on the machine skews single runs), with the
// largest score difference. q8 fails the warm-up check; reuse is forced there to time it.
import type { RerankerDtype } from '../../src/core/types/models';
import { Qwen3Reranker } from '../../src/engine/qwen3/reranker';
import { round } from './rerank-rows';
import {
  median,
  RERANK_INSTRUCTION as INSTRUCTION,
  RERANK_MODEL as MODEL,
  RERANK_QUERY as QUERY,
  type RerankCase,
} from './rerank-shared';

export interface ReuseRow {
  runtime: string;
  dtype: RerankerDtype;
  candidates: number;
  doc_tokens: number;
  pair_tokens: number;
  shared_prefix_tokens: number;
  /** The warm-up check's verdict; where false the reuse timings are for comparison only. */
  check_passed: boolean;
  repeats: number;
  /** Best of the repeats, per candidate. */
  full_ms_per_candidate: number;
  reuse_ms_per_candidate: number;
  speedup: number;
  /** Full ÷ reuse of the medians, as a check on the best-of ratio. */
  speedup_median: number;
  max_abs_delta_score: number;
}

const REPEATS = 5;

export async function reuseRows(
  dtype: RerankerDtype,
  cases: readonly RerankCase[],
): Promise<ReuseRow[]> {
  const reranker = await Qwen3Reranker.load({ modelId: MODEL, device: 'cpu', dtype });
  try {
    const { prefixReuse } = await reranker.calibrateBatching();
    console.log(`node-cpu ${dtype}: ${prefixReuse.reason}`);
    // One pair per pass in both modes, so only the prefix differs (q4 would batch short pairs).
    reranker.batchSafe = false;
    const shared = reranker.sharedPrefixIds(QUERY, INSTRUCTION).length;
    const rows: ReuseRow[] = [];
    for (const c of cases) {
      const score = async (reuse: boolean) => {
        reranker.prefixReuse = reuse ? { ...prefixReuse, enabled: true } : null;
        const start = performance.now();
        const scores = await reranker.score(QUERY, c.documents, INSTRUCTION, c.maxTokens);
        return { ms: performance.now() - start, scores };
      };
      await score(true); // warms this length's shapes for both modes' kernels
      const full: number[] = [];
      const reused: number[] = [];
      let delta = 0;
      for (let r = 0; r < REPEATS; r++) {
        const a = await score(false);
        const b = await score(true);
        full.push(a.ms);
        reused.push(b.ms);
        b.scores.forEach((s, i) => (delta = Math.max(delta, Math.abs(s - a.scores[i]!))));
      }
      const budget = Math.min(c.maxTokens, reranker.maxPairTokens);
      const pairs = c.documents.map((d) => reranker.pairIds(QUERY, d, INSTRUCTION, budget));
      const row: ReuseRow = {
        runtime: 'node-cpu',
        dtype,
        candidates: c.candidates,
        doc_tokens: c.docTokens,
        pair_tokens: round(pairs.reduce((s, p) => s + p.length, 0) / pairs.length),
        shared_prefix_tokens: shared,
        check_passed: prefixReuse.enabled,
        repeats: REPEATS,
        full_ms_per_candidate: round(Math.min(...full) / c.candidates),
        reuse_ms_per_candidate: round(Math.min(...reused) / c.candidates),
        speedup: round(Math.min(...full) / Math.min(...reused), 2),
        speedup_median: round(median(full) / median(reused), 2),
        max_abs_delta_score: Number(delta.toExponential(2)),
      };
      console.log(
        `  ${dtype} ${c.candidates}×${c.docTokens}: full ${row.full_ms_per_candidate} ms, reuse ${row.reuse_ms_per_candidate} ms per candidate, best of ${REPEATS} (×${row.speedup}; medians ×${row.speedup_median}), max |Δ score| ${row.max_abs_delta_score}`,
      );
      rows.push(row);
    }
    return rows;
  } finally {
    await reranker.dispose();
  }
}
