// Retrieval metrics for one query, computed as BEIR computes them (pytrec_eval's ndcg_cut,
// recall and P, and BEIR's own MRR@k), so our numbers compare with published tables. Pure.

/**
 * Doc ids best first. pytrec_eval reads a run as a map of doc id to score, so a doc can appear
 * only once: callers must not pass duplicates (a duplicate would be counted twice here).
 */
export type Ranking = readonly string[];

/** Qrels of one query: doc id to graded relevance; grades ≤ 0 mean "judged, not relevant". */
export type Judgements = ReadonlyMap<string, number>;

export interface QueryMetrics {
  ndcgAt10: number;
  mrrAt10: number;
  recallAt100: number;
  pAt5: number;
}

const gainOf = (relevant: Judgements, docId: string) => Math.max(0, relevant.get(docId) ?? 0);

function relevantCount(relevant: Judgements): number {
  let count = 0;
  for (const grade of relevant.values()) if (grade > 0) count++;
  return count;
}

function foundInTop(ranked: Ranking, relevant: Judgements, k: number): number {
  return ranked.slice(0, k).filter((docId) => gainOf(relevant, docId) > 0).length;
}

/** Discounted gain of grades in rank order: Σ grade_i / log2(i + 1), i 1-based. */
function discounted(gains: readonly number[]): number {
  return gains.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
}

/**
 * nDCG@k with the qrels grades as gains (trec_eval's ndcg_cut, not the exponential 2^rel − 1
 * variant). The ideal ranking is every judged-relevant doc by grade, cut at k, whether or not
 * the run retrieved it. 0 for a query without relevant docs.
 */
export function ndcgAt(ranked: Ranking, relevant: Judgements, k: number): number {
  const ideal = [...relevant.values()]
    .filter((grade) => grade > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idealDcg = discounted(ideal);
  if (idealDcg === 0) return 0;
  return discounted(ranked.slice(0, k).map((docId) => gainOf(relevant, docId))) / idealDcg;
}

/** 1 / rank of the first relevant doc within the top k (BEIR's MRR@k), else 0. */
export function mrrAt(ranked: Ranking, relevant: Judgements, k: number): number {
  const index = ranked.slice(0, k).findIndex((docId) => gainOf(relevant, docId) > 0);
  return index < 0 ? 0 : 1 / (index + 1);
}

/** Share of the relevant docs found in the top k; 0 for a query without relevant docs. */
export function recallAt(ranked: Ranking, relevant: Judgements, k: number): number {
  const total = relevantCount(relevant);
  return total === 0 ? 0 : foundInTop(ranked, relevant, k) / total;
}

/** Relevant docs in the top k divided by k, even when fewer than k were retrieved (P_k). */
export function precisionAt(ranked: Ranking, relevant: Judgements, k: number): number {
  return foundInTop(ranked, relevant, k) / k;
}

/** The cuts BEIR papers report most: nDCG@10, MRR@10, Recall@100 and P@5. */
export function scoreRanking(ranked: Ranking, relevant: Judgements): QueryMetrics {
  return {
    ndcgAt10: ndcgAt(ranked, relevant, 10),
    mrrAt10: mrrAt(ranked, relevant, 10),
    recallAt100: recallAt(ranked, relevant, 100),
    pAt5: precisionAt(ranked, relevant, 5),
  };
}

/** Mean of each metric over the queries (macro average, as BEIR); NaN for no queries. */
export function meanMetrics(perQuery: readonly QueryMetrics[]): QueryMetrics {
  const mean = (pick: (m: QueryMetrics) => number) =>
    perQuery.reduce((sum, m) => sum + pick(m), 0) / perQuery.length;
  return {
    ndcgAt10: mean((m) => m.ndcgAt10),
    mrrAt10: mean((m) => m.mrrAt10),
    recallAt100: mean((m) => m.recallAt100),
    pAt5: mean((m) => m.pAt5),
  };
}
