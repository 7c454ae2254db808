// One judged query of the evaluation through every stage still running (page): keywords, meaning
// and hybrid from stage 1, then the reranker over the hybrid head. Each stage's document order
// goes to `record`; a stage that cannot run (no vectors, reranker failed) is skipped with why.

import { errorMessage } from '../core/errors';
import { plainQuery, type EvalStage } from '../core/eval/library-eval';
import type { BeirQuery } from '../core/eval/beir';
import { Cancelled, rankDocuments, type EvalReranker } from './eval-search';
import type { EvaluationDeps } from './evaluation-types';

export interface QueryStages {
  deps: Pick<EvaluationDeps, 'embedder' | 'options'>;
  now: () => number;
  reranker: EvalReranker;
  collection: string;
  /** Hybrid documents the reranker reorders. */
  depth: number;
  active(stage: EvalStage): boolean;
  record(stage: EvalStage, ids: string[], ms: number): void;
  /** Skips `stage` for the rest of the run, its partial numbers dropped. */
  skip(stage: EvalStage, reason: string): void;
  /** Throws Cancelled once the user cancelled. */
  checkCancel(): void;
}

export async function runQueryStages(run: QueryStages, query: BeirQuery): Promise<void> {
  const { deps, now, collection, depth } = run;
  const text = plainQuery(query.text);
  const keywords = await rankDocuments(deps, now, collection, text, 'keywords', query.id);
  run.record(
    'keywords',
    keywords.ranked.map((d) => d.id),
    keywords.ms,
  );
  for (const mode of ['meaning', 'hybrid'] as const) {
    if (!run.active(mode)) continue;
    run.checkCancel();
    const ranked = await rankDocuments(deps, now, collection, text, mode, query.id);
    if (!ranked.legs.includes('meaning')) {
      const why = ranked.notice ?? 'embedding model not loaded';
      for (const stage of ['meaning', 'hybrid', 'reranked'] as const) run.skip(stage, why);
      return;
    }
    run.record(
      mode,
      ranked.ranked.map((d) => d.id),
      ranked.ms,
    );
    if (mode !== 'hybrid' || !run.active('reranked')) continue;
    run.checkCancel();
    try {
      const { ids, ms } = await run.reranker.rerank(query.text, ranked.ranked.slice(0, depth), () =>
        run.checkCancel(),
      );
      const rest = ranked.ranked.slice(depth).map((d) => d.id);
      run.record('reranked', [...ids, ...rest], ranked.ms + ms);
    } catch (error) {
      if (error instanceof Cancelled) throw error;
      run.skip('reranked', `reranker failed (${errorMessage(error)})`);
    }
  }
}
