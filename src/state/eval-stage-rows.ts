// The evaluation's result table as plain rows (page, pure): one row per search stage, waiting,
// running, done or skipped with its reason, and the running means of the queries scored so far.

import { EVAL_STAGES, type EvalStage, type MetricTally } from '../core/eval/library-eval';
import { STAGE_LABELS, type StageRow } from './evaluation-types';

/** Every stage waiting; the reranked row names how deep it reranks. */
export function waitingRows(depth: number): StageRow[] {
  return EVAL_STAGES.map((stage) => ({
    stage,
    label: stage === 'reranked' ? `Reranked (top ${depth})` : STAGE_LABELS[stage],
    state: 'waiting',
    queries: 0,
  }));
}

export const isSkipped = (rows: readonly StageRow[], stage: EvalStage): boolean =>
  rows.find((row) => row.stage === stage)?.state === 'skipped';

/** `stage` marked skipped (its partial numbers dropped when `dropPartial`). */
export function skipStage(
  rows: readonly StageRow[],
  stage: EvalStage,
  reason: string,
  dropPartial = false,
): StageRow[] {
  return rows.map((row) =>
    row.stage !== stage || row.state === 'skipped'
      ? row
      : {
          ...row,
          state: 'skipped',
          reason,
          ...(dropPartial ? { metrics: undefined, queries: 0, msPerQuery: undefined } : {}),
        },
  );
}

/** `stage`'s row showing its tally's means. */
export function withTally(
  rows: readonly StageRow[],
  stage: EvalStage,
  tally: MetricTally,
): StageRow[] {
  return rows.map((row) =>
    row.stage === stage
      ? { ...row, metrics: tally.means, queries: tally.count, msPerQuery: tally.msPerQuery }
      : row,
  );
}

/**
 * The table once a run ended: stages that scored queries keep their numbers (a cancelled run's,
 * over fewer queries); the others are skipped; a run that ended before any query shows no table.
 */
export function finalRows(
  rows: readonly StageRow[],
  outcome: 'done' | 'cancelled' | 'failed',
): StageRow[] {
  const scored = rows.some((row) => row.queries > 0);
  if (!scored && outcome !== 'done') return [];
  return rows.map((row): StageRow => {
    if (row.state === 'skipped' || row.state === 'done') return row;
    if (row.queries > 0) return { ...row, state: 'done' };
    return { ...row, state: 'skipped', reason: outcome === 'cancelled' ? 'cancelled' : 'not run' };
  });
}
