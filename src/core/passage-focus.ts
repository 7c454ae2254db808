// The sentences of a passage that best match a query (pure): the passage split into sentences
// (Intl.Segmenter, UAX #29), each scored by how many distinct query terms it contains (all terms
// weigh the same), and the best one or two chosen for the source view to emphasise.
import { tokenize } from './keyword/analyzer';

export interface Span {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const SPACE = /\s/;

/** `[start, end)` of `text` with whitespace taken off both ends (empty: start === end). */
export function trimSpan(text: string, start: number, end: number): Span {
  let from = Math.max(0, start);
  let to = Math.min(text.length, end);
  while (from < to && SPACE.test(text.charAt(from))) from++;
  while (to > from && SPACE.test(text.charAt(to - 1))) to--;
  return { start: from, end: Math.max(from, to) };
}

/** The sentences of `text[start, end)`, trimmed, as offsets into `text`; blank ones left out. */
export function sentences(text: string, start: number, end: number): Span[] {
  const from = Math.max(0, start);
  const passage = text.slice(from, Math.max(from, end));
  const out: Span[] = [];
  for (const { segment, index } of segmenter.segment(passage)) {
    const span = trimSpan(text, from + index, from + index + segment.length);
    if (span.end > span.start) out.push(span);
  }
  return out;
}

/** How many distinct query terms `sentence` contains. */
export function sentenceScore(sentence: string, terms: ReadonlySet<string>): number {
  if (terms.size === 0) return 0;
  const found = new Set<string>();
  for (const { term } of tokenize(sentence)) if (terms.has(term)) found.add(term);
  return found.size;
}

/**
 * The passage's best-matching sentences, in text order: the top-scoring one, and up to `max - 1`
 * more that score at least half as well (ties go to the earlier sentence). None when no sentence
 * contains a query term, as for a hit the meaning leg alone found.
 */
export function focusSentences(
  text: string,
  passage: Span,
  terms: ReadonlySet<string>,
  max = 2,
): Span[] {
  if (terms.size === 0 || max < 1) return [];
  const scored = sentences(text, passage.start, passage.end)
    .map((span, order) => ({
      span,
      order,
      score: sentenceScore(text.slice(span.start, span.end), terms),
    }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order);
  const best = scored[0]?.score ?? 0;
  return scored
    .filter((s, i) => i === 0 || s.score * 2 >= best)
    .slice(0, max)
    .sort((a, b) => a.order - b.order)
    .map((s) => s.span);
}
