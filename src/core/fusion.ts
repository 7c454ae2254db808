// Reciprocal rank fusion (Cormack et al., 2009): merges ranked lists from different retrievers,
// e.g. keyword and vector search, by rank alone, so their incomparable scores never mix. Pure.

/** The constant from the paper; it damps the weight of the very top ranks. */
export const RRF_K = 60;

export interface RankedLeg<T> {
  /** Names must differ between legs: they key `FusedEntry.ranks`. */
  name: string;
  /** Best first. */
  items: readonly T[];
}

export interface FusedEntry<T> {
  key: string;
  /** The item as the first leg (in leg order) that found it holds it. */
  item: T;
  /** Σ 1 / (k + rank) over the legs that found it. */
  score: number;
  /** 1-based rank in each leg that found it. */
  ranks: Record<string, number>;
}

interface Candidate<T> {
  key: string;
  item: T;
  ranks: Record<string, number>;
  rankList: number[];
  /** Smallest rank in any leg, then the index of the first leg that has it: the tie-breakers. */
  bestRank: number;
  bestLeg: number;
}

/**
 * Fused entries, best first. Equal scores go to the entry with the better best rank in any
 * leg, then to the earlier leg holding that rank; no two entries share both, so the order is
 * fully determined. Within one leg only a key's first occurrence counts.
 */
export function reciprocalRankFusion<T>(
  legs: ReadonlyArray<RankedLeg<T>>,
  key: (item: T) => string,
  k = RRF_K,
): FusedEntry<T>[] {
  if (!(k >= 0)) throw new RangeError(`RRF k must be ≥ 0, got ${k}`);
  const names = new Set(legs.map((leg) => leg.name));
  if (names.size !== legs.length) throw new Error('RRF legs need distinct names');

  const candidates = new Map<string, Candidate<T>>();
  legs.forEach((leg, legIndex) => {
    leg.items.forEach((item, index) => {
      const id = key(item);
      const rank = index + 1;
      let candidate = candidates.get(id);
      if (!candidate) {
        candidate = { key: id, item, ranks: {}, rankList: [], bestRank: rank, bestLeg: legIndex };
        candidates.set(id, candidate);
      }
      if (leg.name in candidate.ranks) return;
      candidate.ranks[leg.name] = rank;
      candidate.rankList.push(rank);
      if (rank < candidate.bestRank) {
        candidate.bestRank = rank;
        candidate.bestLeg = legIndex;
      }
    });
  });

  return [...candidates.values()]
    .map((c) => ({ ...c, score: scoreOf(c.rankList, k) }))
    .sort((a, b) => b.score - a.score || a.bestRank - b.bestRank || a.bestLeg - b.bestLeg)
    .map(({ key, item, score, ranks }) => ({ key, item, score, ranks }));
}

/**
 * Summed in rank order, not leg order: floating-point addition is not associative, and the same
 * ranks met in different legs must give the identical score for the tie-break to decide.
 */
function scoreOf(ranks: readonly number[], k: number): number {
  return [...ranks].sort((a, b) => a - b).reduce((sum, rank) => sum + 1 / (k + rank), 0);
}
