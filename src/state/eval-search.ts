// The evaluation's searches (page): a query's first 100 documents from stage 1, asking for more
// chunks when long documents fill the list, and the reranker's order of the hybrid head in the
// evaluation's own lane, tried again when a user's search interrupts it.

import {
  EVAL_LIST_SIZE,
  documentRanking,
  rerankedIds,
  type RankedPassage,
} from '../core/eval/library-eval';
import type { SearchMode } from '../core/types/library';
import type { EvaluationDeps } from './evaluation-types';

/** Chunks asked for first: enough for 100 distinct documents unless documents are long. */
const FIRST_K = 2 * EVAL_LIST_SIZE;
const MAX_K = 32 * EVAL_LIST_SIZE;
/** Tries of a rerank that another request (a search) interrupted. */
const RERANK_TRIES = 3;

/** Thrown at a checkpoint once the user cancelled the evaluation. */
export class Cancelled extends Error {
  constructor() {
    super('Cancelled.');
  }
}

export interface Ranked {
  ranked: RankedPassage[];
  ms: number;
  legs: Array<'keywords' | 'meaning'>;
  notice?: string;
}

/**
 * The first 100 documents for a query, each by its best chunk. Long documents fill a chunk list
 * with few documents: it asks for more chunks until there are 100 or the collection has no more.
 */
export async function rankDocuments(
  { embedder, options }: Pick<EvaluationDeps, 'embedder' | 'options'>,
  now: () => number,
  collection: string,
  query: string,
  mode: SearchMode,
  queryId: string,
): Promise<Ranked> {
  const fusion = options.fusion();
  let ms = 0;
  for (let k = FIRST_K; ; k *= 4) {
    const started = now();
    const response = await embedder.search({
      query,
      k,
      mode,
      ...fusion,
      instruction: options.instruction(),
      scope: { collection },
    });
    ms += now() - started;
    const ranked = documentRanking(response.hits, EVAL_LIST_SIZE, queryId);
    if (ranked.length >= EVAL_LIST_SIZE || response.hits.length < k || k >= MAX_K)
      return { ranked, ms, legs: response.legs, notice: response.notice };
  }
}

/** The evaluation's reranks, one at a time, cancellable. */
export class EvalReranker {
  #id = 0;

  constructor(
    private readonly deps: Pick<EvaluationDeps, 'reranker' | 'options' | 'rerankBackend'>,
    private readonly now: () => number,
  ) {}

  /** Stops the rerank under way, if any. */
  cancel(): void {
    if (this.#id > 0) this.deps.reranker.cancel(this.#id);
  }

  /** The reranker's order of `head` (best first) and the time it took, its model load left out. */
  async rerank(
    query: string,
    head: readonly RankedPassage[],
    checkCancel: () => void,
  ): Promise<{ ids: string[]; ms: number }> {
    if (head.length === 0) return { ids: [], ms: 0 };
    const { reranker, options } = this.deps;
    for (let attempt = 1; ; attempt++) {
      const id = ++this.#id;
      const started = this.now();
      const result = await reranker.rerank(
        {
          id,
          query,
          instruction: options.instruction(),
          documents: head.map((d) => d.text),
          maxTokens: options.tokenBudget(this.deps.rerankBackend()),
        },
        () => {},
      );
      checkCancel();
      if (!result.superseded) {
        const ms = Math.max(0, this.now() - started - result.loadMs);
        return { ids: rerankedIds(head, result.scores), ms };
      }
      if (attempt >= RERANK_TRIES)
        throw new Error('searches kept interrupting it; evaluate without searching meanwhile');
    }
  }
}
