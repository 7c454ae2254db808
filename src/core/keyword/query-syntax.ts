// The search box's syntax: "quoted phrases" that must appear, -word and -"phrase" exclusions,
// and the whole-word phrase test that applies them to a passage. Pure.

export interface ParsedQuery {
  /** The words to score: free words and the words of required phrases, in typed order. */
  text: string;
  /** Required phrases, each as typed between its quotes (whitespace collapsed). */
  phrases: string[];
  /** Excluded words and phrases. */
  excluded: string[];
}

/**
 * Straight, typographic and full-width double quotes, any of which opens or closes: phones and
 * word processors "smarten" quotes, and do not always pair them.
 */
const QUOTES = new Set(['"', '\u201C', '\u201D', '\u201E', '\uFF02']);
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

const isSpace = (ch: string) => /\s/u.test(ch);
const collapse = (s: string) => s.trim().split(/\s+/u).join(' ');

export function parseQuery(input: string): ParsedQuery {
  const words: string[] = [];
  const phrases: string[] = [];
  const excluded: string[] = [];
  const chars = [...input];
  let i = 0;

  /** Reads a quoted part from just after its opening quote; an unclosed one runs to the end. */
  const readPhrase = () => {
    const start = i;
    while (i < chars.length && !QUOTES.has(chars[i]!)) i++;
    const phrase = collapse(chars.slice(start, i).join(''));
    i++; // past the closing quote, if any
    // A phrase with no letter or digit ("", "--") would match nothing or everything.
    return WORD_CHAR.test(phrase) ? phrase : undefined;
  };
  const readWord = () => {
    const start = i;
    while (i < chars.length && !isSpace(chars[i]!) && !QUOTES.has(chars[i]!)) i++;
    return chars.slice(start, i).join('');
  };

  while (i < chars.length) {
    const ch = chars[i]!;
    if (isSpace(ch)) {
      i++;
    } else if (QUOTES.has(ch)) {
      i++;
      const phrase = readPhrase();
      if (phrase !== undefined) {
        phrases.push(phrase);
        words.push(phrase);
      }
    } else if (ch === '-' && startsExclusion(chars[i + 1])) {
      // Only at a word start: in "e-mail" or "covid-19" the hyphen is part of the word.
      i++;
      const quoted = QUOTES.has(chars[i]!);
      if (quoted) i++;
      const negated = quoted ? readPhrase() : readWord();
      if (negated !== undefined) excluded.push(negated);
    } else {
      words.push(readWord());
    }
  }
  return { text: words.join(' '), phrases, excluded };
}

/** "-x" and "-"x y"" exclude; "-", "--" and "- x" do not. */
function startsExclusion(next: string | undefined): boolean {
  return next !== undefined && (QUOTES.has(next) || WORD_CHAR.test(next));
}

/** Whether the query asks for more than ranking: a phrase to require or a term to exclude. */
export function hasFilters(parsed: ParsedQuery): boolean {
  return parsed.phrases.length > 0 || parsed.excluded.length > 0;
}

/**
 * Scripts written without spaces between words: there a word boundary cannot be seen in the
 * text, so their phrases match as plain substrings, and their letters also end a Latin word
 * ("iPhone" in "新型iPhoneを").
 */
const UNSPACED_SCRIPTS = 'Han Hiragana Katakana Hangul Thai Lao Khmer Myanmar'.split(' ');
const UNSPACED_CLASS = `[${UNSPACED_SCRIPTS.map((s) => `\\p{Script=${s}}`).join('')}]`;
const UNSPACED = new RegExp(UNSPACED_CLASS, 'u');
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const NOT_WORD = '[^\\p{L}\\p{N}\\p{M}]';
const EDGE = `${NOT_WORD}|${UNSPACED_CLASS}`;

const normalised = (s: string) => s.normalize('NFKC').toLowerCase();

/**
 * A test for one phrase, built once to run over many passages. Case, compatibility forms
 * (NFKC: full-width letters, ligatures) and the punctuation or spacing between words do not
 * matter; words match whole, except in scripts written without spaces. A phrase without any
 * letter or digit matches nothing.
 */
export function phraseMatcher(phrase: string): (text: string) => boolean {
  const words = normalised(phrase).match(WORD) ?? [];
  if (words.length === 0) return () => false;
  const unspacedAt = (word: string, end: boolean) => UNSPACED.test([...word].at(end ? -1 : 0)!);

  let pattern = unspacedAt(words[0]!, false) ? '' : `(?:^|${EDGE})`;
  words.forEach((word, index) => {
    if (index > 0) {
      const joinsUnspaced = unspacedAt(words[index - 1]!, true) || unspacedAt(word, false);
      pattern += joinsUnspaced ? `${NOT_WORD}*` : `${NOT_WORD}+`;
    }
    pattern += word; // only letters, digits and marks: nothing to escape
  });
  if (!unspacedAt(words.at(-1)!, true)) pattern += `(?:$|${EDGE})`;

  const regex = new RegExp(pattern, 'u');
  return (text) => regex.test(normalised(text));
}

export function containsPhrase(text: string, phrase: string): boolean {
  return phraseMatcher(phrase)(text);
}
