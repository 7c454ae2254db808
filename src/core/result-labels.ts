// What the result list says about stage 1 (pure): its name by the legs that ran, each hit's ranks
// in those legs ("keywords #2 · meaning #14"), its score chip named by what the score is, and
// heading paths short enough for a result header.

export type Leg = 'keywords' | 'meaning';

/** Stage 1 by the legs that ran: "Hybrid" when both did, else the one that did. */
export function stageName(legs: readonly Leg[]): 'Hybrid' | 'Meaning' | 'Keywords' {
  if (legs.includes('keywords') && legs.includes('meaning')) return 'Hybrid';
  return legs.includes('meaning') ? 'Meaning' : 'Keywords';
}

/** The legs that found a hit with its 1-based rank in each, keywords first; '' when unknown. */
export function legRanks(ranks: { keywords?: number; meaning?: number } | undefined): string {
  if (!ranks) return '';
  const parts: string[] = [];
  if (ranks.keywords !== undefined) parts.push(`keywords #${ranks.keywords}`);
  if (ranks.meaning !== undefined) parts.push(`meaning #${ranks.meaning}`);
  return parts.join(' · ');
}

export interface ScoreLabel {
  text: string;
  title: string;
}

/** A stage-1 score named by what it is: fused (both legs), cosine (meaning) or BM25 (keywords). */
export function scoreLabel(score: number, legs: readonly Leg[]): ScoreLabel {
  switch (stageName(legs)) {
    case 'Hybrid':
      return {
        text: `RRF ${score.toFixed(4)}`,
        title:
          'Reciprocal rank fusion: the sum of 1 / (k + rank) over the legs (keywords, meaning) ' +
          'that found this passage. Only its order matters, not its size.',
      };
    case 'Meaning':
      return {
        text: `cosine ${score.toFixed(3)}`,
        title: 'Cosine similarity of the query and passage embeddings',
      };
    case 'Keywords':
      return {
        text: `BM25 ${score.toFixed(2)}`,
        title: 'BM25 keyword score: query words in this passage, rarer words weighing more',
      };
  }
}

/** The movement badge of a reranked hit against its first-stage rank (0-based). */
export function movementLabel(
  movement: number | undefined,
  firstStageRank: number,
): { text: string; title: string; kind: 'up' | 'down' | 'same' } | null {
  if (movement === undefined) return null;
  const from = `from first-stage rank ${firstStageRank + 1}`;
  if (movement > 0) return { text: `↑${movement}`, title: `Up ${movement} ${from}`, kind: 'up' };
  if (movement < 0)
    return { text: `↓${-movement}`, title: `Down ${-movement} ${from}`, kind: 'down' };
  return { text: '=', title: `Same as first-stage rank ${firstStageRank + 1}`, kind: 'same' };
}

const PATH_SEPARATOR = ' › ';
/** Heading levels a result header shows in full; deeper paths keep the first and last two. */
const SHOWN_LEVELS = 3;

/** A heading path short enough for a result header: "Guide › … › Setup › Install". */
export function shortLocation(location: string): string {
  const parts = location.split(PATH_SEPARATOR);
  if (parts.length <= SHOWN_LEVELS) return location;
  return [parts[0], '…', ...parts.slice(-(SHOWN_LEVELS - 1))].join(PATH_SEPARATOR);
}
