// The keyword analyzer (pure): Unicode word segmentation (Intl.Segmenter, UAX #29 with
// dictionaries for Chinese, Japanese and Thai), NFKC and lowercase, then for English words
// Lucene's EnglishAnalyzer steps: possessive removal, its 33 stop words, the Porter stemmer.
import { stemmer } from 'stemmer';

/**
 * Names what the analyzer produces: stored keyword records made by another analyzer must be
 * rebuilt from their text, and a pack says which analyzer its postings need.
 */
export const ANALYZER_ID = 'uax29-nfkc-lower-en-possessive-stop33-porter/1';

/** Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, which Anserini's BEIR baselines use. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be but by for if in into is it no not of on or such that the their ' +
    'then there these they this to was will with'
  ).split(' '),
);

/** Lucene's StandardTokenizer cuts tokens at 255 characters; longer runs are not words. */
const MAX_TOKEN_CHARS = 255;

export interface Token {
  /** The indexed form (normalised, stemmed). */
  term: string;
  /** Where the word is in the original text: `text.slice(start, end)`. */
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
// eslint-disable-next-line no-control-regex -- every ASCII code point, control characters included
const ASCII_ONLY = /^[\x00-\x7f]*$/;
/**
 * UAX #29's word rules restricted to ASCII: letters, digits and '_' join; '.', ':' and "'" join
 * letters, '.', ',', ';' and "'" join digits. Intl.Segmenter gives the same words for ASCII
 * text (a test compares them) but is ~15× slower, so ASCII-only text takes this path.
 */
const ASCII_WORD =
  /[A-Za-z0-9_]+(?:(?:(?<=[A-Za-z])[.:'](?=[A-Za-z])|(?<=[0-9])[.,;'](?=[0-9]))[A-Za-z0-9_]+)*/g;
const HAS_ALNUM = /[A-Za-z0-9]/;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The words of `text` with their offsets, as UAX #29 segments them. */
export function* words(text: string): Generator<{ word: string; index: number }> {
  if (ASCII_ONLY.test(text)) {
    for (const match of text.matchAll(ASCII_WORD)) {
      if (HAS_ALNUM.test(match[0])) yield { word: match[0], index: match.index };
    }
    return;
  }
  for (const segment of segmenter.segment(text)) {
    // The Segmenter calls a run of underscores a word; the ASCII path does not: neither is one.
    if (segment.isWordLike && WORD_CHAR.test(segment.segment)) {
      yield { word: segment.segment, index: segment.index };
    }
  }
}
const POSSESSIVE = /['’＇]s$/;
/** Stemming repeats across a corpus: the same word always gives the same stem. */
const stems = new Map<string, string>();
const MAX_CACHED_STEMS = 200_000;
/** Words the Porter stemmer is meant for: ASCII letters and digits (with inner apostrophes). */
const ENGLISH_WORD = /^[a-z0-9']+$/;

/** The indexed form of one segmented word, or undefined when it is not indexed (a stop word). */
export function termOf(word: string): string | undefined {
  // NFKC leaves ASCII as it is.
  const normal = ASCII_ONLY.test(word) ? word : word.normalize('NFKC');
  const term = normal.toLowerCase().replace(POSSESSIVE, '');
  if (!ENGLISH_WORD.test(term)) return term.length > 0 ? term : undefined;
  if (ENGLISH_STOP_WORDS.has(term)) return undefined;
  let stem = stems.get(term);
  if (stem === undefined) {
    stem = stemmer(term);
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    stems.set(term, stem);
  }
  return stem.length > 0 ? stem : undefined;
}

/** Every indexed word of `text` in order, with its place in the text. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const { word, index } of words(text)) {
    if (word.length > MAX_TOKEN_CHARS) continue;
    const term = termOf(word);
    if (term !== undefined) tokens.push({ term, start: index, end: index + word.length });
  }
  return tokens;
}

/** The indexed terms of `text` in order (what BM25 counts). */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const { word } of words(text)) {
    if (word.length > MAX_TOKEN_CHARS) continue;
    const term = termOf(word);
    if (term !== undefined) terms.push(term);
  }
  return terms;
}
