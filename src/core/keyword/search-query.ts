// What a typed query means for both search legs (pure): the BM25 query (free words and phrase
// words scored; phrase words required; single excluded words as excluded terms), the text test
// every hit must pass (whole phrases present, excluded words and phrases absent), and the marks
// of query words in a passage.
import { analyze, tokenize } from './analyzer';
import { bagOfWords, type KeywordQuery } from './keyword-index';
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

/** Where the query's words occur in `text`, as [start, end) offsets. */
export function termMarks(text: string, terms: ReadonlySet<string>): Array<[number, number]> {
  if (terms.size === 0) return [];
  return tokenize(text)
    .filter((token) => terms.has(token.term))
    .map((token) => [token.start, token.end]);
}
