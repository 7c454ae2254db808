// What a search shows (page): its result rows — the reranked top k once the rerank is complete,
// else stage 1's top k with any rerank scores that have arrived.
import { fuseScores, rerankedTop, type ScoreMode } from '../core/two-stage';
import type { SearchHit } from '../core/types/library';

export interface ResultRow {
  hit: SearchHit;
  /** 0-based position in the stage-1 ranking. */
  firstStageRank: number;
  rerankScore?: number;
  /** Places gained (positive) or lost against the stage-1 ranking; only on the reranked list. */
  movement?: number;
}

/** The reranked list, or stage 1's ('vector' names it whatever its legs were). */
export type ResultView = 'reranked' | 'vector';

/**
 * The rows on screen: with `reranked` (the reranked list is wanted and complete) the top k by
 * the final score, each with its movement; otherwise stage 1's top k.
 */
export function resultRows(
  candidates: readonly SearchHit[],
  scores: readonly number[] | null,
  reranked: boolean,
  options: { resultCount(): number; mode(): ScoreMode },
): ResultRow[] {
  const k = options.resultCount();
  if (reranked && scores) {
    const final = fuseScores(
      candidates.map((c) => c.score),
      scores,
      options.mode(),
    );
    return rerankedTop(final, k).map(({ candidate, movement }) => ({
      hit: candidates[candidate]!,
      firstStageRank: candidate,
      rerankScore: scores[candidate],
      movement,
    }));
  }
  return candidates.slice(0, k).map((hit, firstStageRank) => ({
    hit,
    firstStageRank,
    rerankScore:
      scores && !Number.isNaN(scores[firstStageRank]!) ? scores[firstStageRank] : undefined,
  }));
}
