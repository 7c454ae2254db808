// What a typed query means for both search legs (pure): the BM25 query (free words and phrase
// words scored; phrase words required; single excluded words as excluded terms), the text test
// every hit must pass (whole phrases present, excluded words and phrases absent), and the marks
// of query words in a passage.
import { analyze, tokenize } from './analyzer';
import { bagOfWords, type KeywordQuery } from './bm25';
import { parseQuery, phraseMatcher } from './query-syntax';

export interface PlannedQuery {
  keywords: KeywordQuery;
  /** Whether the query has phrases or exclusions (hits then need `passes`). */
  filtered: boolean;
  /** The phrase and exclusion test on a hit's text. */
  passes(text: string): boolean;
  /** The analysed query words, for marking them in passages. */
  terms: ReadonlySet<string>;
}

export function planQuery(input: string): PlannedQuery {
  const parsed = parseQuery(input);
  const terms = analyze(parsed.text);
  const required = parsed.phrases.map(analyze).filter((words) => words.length > 0);
  // A one-word exclusion is a term the index can test; longer ones (and stop words) by text.
  const excluded = parsed.excluded
    .map(analyze)
    .flatMap((words) => (words.length === 1 ? words : []));
  const mustHave = parsed.phrases.map(phraseMatcher);
  const mustNotHave = parsed.excluded.map(phraseMatcher);
  return {
    keywords: { terms: bagOfWords(terms), required, excluded },
    filtered: mustHave.length + mustNotHave.length > 0,
    passes: (text) => mustHave.every((has) => has(text)) && !mustNotHave.some((has) => has(text)),
    terms: new Set(terms),
  };
}

/** Query terms "more like this" takes from a passage: more would blur it, fewer miss its topic. */
export const SALIENT_TERMS = 12;

/**
 * The query of a passage's most salient terms (count × idf, as Lucene's MoreLikeThis weighs
 * them), each weighted once; no filters.
 */
export function passagePlan(
  passage: string,
  idf: (term: string) => number,
  count = SALIENT_TERMS,
): PlannedQuery {
  const salient = [...bagOfWords(analyze(passage))]
    .map(([term, tf]) => ({ term, weight: tf * idf(term) }))
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
    .slice(0, count)
    .map(({ term }) => term);
  return {
    keywords: { terms: bagOfWords(salient) },
    filtered: false,
    passes: () => true,
    terms: new Set(salient),
  };
}

/** Where the query's words occur in `text`, as [start, end) offsets. */
export function termMarks(text: string, terms: ReadonlySet<string>): Array<[number, number]> {
  if (terms.size === 0) return [];
  return tokenize(text)
    .filter((token) => terms.has(token.term))
    .map((token) => [token.start, token.end]);
}
