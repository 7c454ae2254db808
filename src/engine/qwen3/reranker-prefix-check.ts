// Warm-up check for the reranker's prefix reuse: fixed pairs scored from the cached query prefix
// and by full passes must agree before reuse is turned on. Runs in the reranker worker or in Node.

import { errorMessage } from '../../core/errors';
import { sharedPrefixLength, yesProbability } from '../../core/qwen3-reranker';
import { marginAfterPrefix, prefill, type Forward } from './reranker-prefix';
import { disposeAll } from './release-tensors';

/** Scores (P(yes)) from the cached prefix must equal full-pass scores this closely. */
export const PREFIX_AGREEMENT = 1e-4;

export interface PrefixReuseVerdict {
  enabled: boolean;
  /** Largest |P(yes) from the prefix − P(yes) from a full pass| over the check pairs (NaN: none). */
  difference: number;
  /** Largest difference of the yes−no margins (logits), which saturation cannot hide. */
  marginDifference: number;
  /** One sentence for the model's status notes. */
  reason: string;
}

/** What the check needs from Qwen3Reranker (kept structural so the modules don't import each other). */
export interface PrefixCheckTarget {
  forward: Forward;
  pairIds(query: string, document: string, instruction: string, maxTokens: number): number[];
  sharedPrefixIds(query: string, instruction: string): number[];
  yesNoMargins(sequences: readonly number[][]): Promise<number[]>;
}

const QUERY = 'what is a reranker';
const INSTRUCTION = 'Given a web search query, retrieve relevant passages that answer the query';
// Different lengths and openings (a letter, spaces, punctuation, CJK); 128 tokens cuts the last.
const DOCUMENTS = [
  'A reranker reads a query and a passage together.',
  '   Cross-encoders score pairs; they are slower than embeddings but more precise.',
  '«重排序» models — cross-encoders — read both texts at once. '.repeat(12),
];
const MAX_TOKENS = 128;

export async function checkPrefixReuse(target: PrefixCheckTarget): Promise<PrefixReuseVerdict> {
  const shared = target.sharedPrefixIds(QUERY, INSTRUCTION);
  const pairs = DOCUMENTS.map((d) => target.pairIds(QUERY, d, INSTRUCTION, MAX_TOKENS));
  if (pairs.some((ids) => sharedPrefixLength(shared, ids) === 0)) {
    return verdict(false, NaN, NaN, 'the pairs do not start with the shared prefix ids');
  }
  let difference = 0;
  let marginDifference = 0;
  try {
    const cache = await prefill(target.forward, shared);
    try {
      for (const ids of pairs) {
        const [full] = await target.yesNoMargins([ids]);
        const rest = ids.slice(shared.length);
        const reused = await marginAfterPrefix(target.forward, cache, shared.length, rest);
        const delta = Math.abs(yesProbability(full!, 0) - yesProbability(reused, 0));
        // NaN (a broken pass) must fail the check, which Math.max alone would not ensure.
        difference = Number.isNaN(delta) ? NaN : Math.max(difference, delta);
        marginDifference = Math.max(marginDifference, Math.abs(full! - reused));
      }
    } finally {
      disposeAll(Object.values(cache));
    }
  } catch (error) {
    return verdict(false, NaN, NaN, `its check failed (${errorMessage(error)})`);
  }
  // The margin bound implies the score bound (sigmoid′ ≤ 1/4) even where scores saturate.
  const enabled = difference <= PREFIX_AGREEMENT && marginDifference <= 4 * PREFIX_AGREEMENT;
  return verdict(enabled, difference, marginDifference);
}

function verdict(
  enabled: boolean,
  difference: number,
  marginDifference: number,
  failure?: string,
): PrefixReuseVerdict {
  const measured = `max score difference ${difference.toExponential(1)}, margin ${marginDifference.toExponential(1)}`;
  const reason = enabled
    ? `Prefix reuse on: scores from the cached query prefix match full passes (${measured}).`
    : failure
      ? `Full passes, no prefix reuse: ${failure}.`
      : `Full passes, no prefix reuse: scores from the cached query prefix differ from full passes (${measured}; limit ${PREFIX_AGREEMENT}).`;
  return { enabled, difference, marginDifference, reason };
}
