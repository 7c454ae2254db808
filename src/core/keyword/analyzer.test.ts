// The keyword analyzer: segmentation (ASCII fast path and Intl.Segmenter), NFKC and lowercase,
// English possessives, stop words and Porter stems, offsets into the original text.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/random-vectors';
import { ANALYZER_ID, ENGLISH_STOP_WORDS, analyze, termOf, tokenize, words } from './analyzer';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const segmenterWords = (text: string) =>
  [...segmenter.segment(text)]
    .filter((s) => s.isWordLike)
    .map((s) => ({ word: s.segment, index: s.index }));

describe('English terms', () => {
  it('stems with Porter', () => {
    // Examples from Porter (1980), "An algorithm for suffix stripping".
    expect(analyze('running caresses relational ponies cats')).toEqual([
      'run',
      'caress',
      'relat',
      'poni',
      'cat',
    ]);
    expect(analyze('hopping motoring agreed generalization happy')).toEqual([
      'hop',
      'motor',
      'agre',
      'gener',
      'happi',
    ]);
    expect(termOf('caress')).toBe('caress');
  });

  it("removes exactly Lucene's 33 English stop words, in any case", () => {
    const lucene =
      'a an and are as at be but by for if in into is it no not of on or such that the their ' +
      'then there these they this to was will with';
    expect(lucene.split(' ')).toHaveLength(33);
    expect([...ENGLISH_STOP_WORDS].sort()).toEqual(lucene.split(' ').sort());
    expect(analyze(lucene)).toEqual([]);
    expect(analyze('THE Cat IS On The MAT')).toEqual(['cat', 'mat']);
    // Near misses are words: "inn", "thee", "ons", "isa".
    expect(analyze('inn thee ons isa')).toEqual(['inn', 'thee', 'on', 'isa']);
    // Common English words outside Lucene's list stay (Lucene's list has no "we" or "from").
    expect(analyze('we from')).toEqual(['we', 'from']);
  });

  it('stems and stops only English-like words (ASCII letters, digits, apostrophes)', () => {
    // Porter would strip the plural "s" of "cafés" and "naïves"; non-ASCII words pass as lowercased.
    expect(analyze('Cafés NAÏVES')).toEqual(['cafés', 'naïves']);
    expect(analyze('ΑΛΦΑ Straße')).toEqual(['αλφα', 'straße']);
    // Words with a '.' or '_' are not English-like either: no stemming.
    expect(analyze('e.g. files_running')).toEqual(['e.g', 'files_running']);
  });

  it("drops possessive 's, straight, curly or full-width", () => {
    expect(analyze("John's")).toEqual(['john']);
    expect(analyze('John\u2019s JOHN\u2019S')).toEqual(['john', 'john']);
    // Full-width letters and apostrophe (U+FF07) become ASCII under NFKC.
    expect(analyze('\uFF2A\uFF4F\uFF48\uFF4E\uFF07\uFF53')).toEqual(['john']);
    // "it's" loses its 's and is then the stop word "it", as in Lucene's EnglishAnalyzer.
    expect(analyze("it's")).toEqual([]);
    // Only a final 's is a possessive.
    expect(termOf("s'more")).toBe("s'more");
  });

  it('normalises with NFKC and lowercases', () => {
    expect(analyze('\uFF21\uFF22\uFF23')).toEqual(['abc']); // ＡＢＣ
    expect(analyze('\uFB01le')).toEqual(['file']); // ﬁle
    expect(analyze('\u{1D400}\u{1D401}\u{1D402}')).toEqual(['abc']); // 𝐀𝐁𝐂
    expect(analyze('HELLO World')).toEqual(['hello', 'world']);
  });

  it('keeps decimal numbers whole and splits at hyphens', () => {
    expect(analyze('version 1.8 of covid-19')).toEqual(['version', '1.8', 'covid', '19']);
    expect(analyze('1,000 3.14159 10:30')).toEqual(['1,000', '3.14159', '10', '30']);
  });

  it('gives undefined for stop words and nothing for punctuation', () => {
    expect(termOf('The')).toBeUndefined();
    expect(analyze(' .,;:!? -- () ')).toEqual([]);
    expect(analyze('')).toEqual([]);
    expect(tokenize('')).toEqual([]);
  });

  it('drops words over 255 characters, ASCII or not', () => {
    const digits255 = '7'.repeat(255);
    expect(analyze(`${digits255} ok`)).toEqual([digits255, 'ok']);
    expect(analyze(`${'7'.repeat(256)} ok`)).toEqual(['ok']);
    const accented255 = '\u00E9'.repeat(255);
    expect(analyze(`${accented255} ok`)).toEqual([accented255, 'ok']);
    expect(analyze(`${'\u00E9'.repeat(256)} ok`)).toEqual(['ok']);
    expect(tokenize(`${'7'.repeat(256)} ok`)).toEqual([{ term: 'ok', start: 257, end: 259 }]);
  });

  it('has an identifier for stored records', () => {
    expect(ANALYZER_ID).toMatch(/porter/);
  });
});

describe('scripts written without spaces', () => {
  /** The words cover the whole run of letters (no characters lost or duplicated). */
  const expectSegmented = (text: string, atLeast: number) => {
    const tokens = tokenize(text);
    expect(tokens.length).toBeGreaterThanOrEqual(atLeast);
    expect(tokens.map((t) => t.term).join('')).toBe(text);
    for (const t of tokens) expect(text.slice(t.start, t.end)).toBe(t.term);
    return tokens.map((t) => t.term);
  };

  it('segments Chinese into dictionary words, not one token', () => {
    const terms = expectSegmented('我们喜欢搜索引擎', 3);
    expect(terms).toContain('我们');
  });

  it('segments Japanese', () => {
    const terms = expectSegmented('私は東京に住んでいます', 4);
    expect(terms).toContain('東京');
  });

  it('segments Thai', () => {
    expect(expectSegmented('สวัสดีครับ', 2)).toEqual(['สวัสดี', 'ครับ']);
  });

  it('mixes scripts: Latin words are still stemmed beside CJK', () => {
    expect(analyze('Running 東京')).toEqual(['run', '東京']);
  });
});

describe('tokenize', () => {
  it('gives offsets into the original text', () => {
    const text = 'The dogs, running.';
    //            0123456789012345678
    expect(tokenize(text)).toEqual([
      { term: 'dog', start: 4, end: 8 },
      { term: 'run', start: 10, end: 17 },
    ]);
  });

  it('keeps offsets of the original text when NFKC changes the characters', () => {
    // ﬁ is one UTF-16 unit but "fi" two; 𝐀 is a surrogate pair but "a" one unit.
    const text = '\uFB01les \u{1D400}\u{1D401}\u{1D402} \uFF21\uFF22\uFF23\u2019s caf\u00E9';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.term)).toEqual(['file', 'abc', 'abc', 'café']);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual([
      '\uFB01les',
      '\u{1D400}\u{1D401}\u{1D402}',
      '\uFF21\uFF22\uFF23\u2019s',
      'caf\u00E9',
    ]);
    // ﬁles: 4 units at 0; space; 𝐀𝐁𝐂: 6 units at 5; space; ＡＢＣ’s: 5 units at 12.
    expect(tokens.map((t) => [t.start, t.end])).toEqual([
      [0, 4],
      [5, 11],
      [12, 17],
      [18, 22],
    ]);
  });

  it('gives the same terms as analyze', () => {
    const text = "John's 1.8 ﬁles — 我们喜欢搜索引擎, the caresses of covid-19";
    expect(tokenize(text).map((t) => t.term)).toEqual(analyze(text));
  });
});

describe('words', () => {
  it('joins letters across . : and apostrophes, digits across . , ; and apostrophes', () => {
    const of = (text: string) => [...words(text)].map((w) => w.word);
    expect(of("e.g a:b don't 1.5 1,000 1;2 1'2")).toEqual([
      'e.g',
      'a:b',
      "don't",
      '1.5',
      '1,000',
      '1;2',
      "1'2",
    ]);
    // Letters joined to digits directly, but not across punctuation.
    expect(of('abc123 a.1 1.a a,b x_y _ __')).toEqual([
      'abc123',
      'a',
      '1',
      '1',
      'a',
      'a',
      'b',
      'x_y',
    ]);
  });

  it('on ASCII text gives what Intl.Segmenter gives (seeded random strings)', () => {
    // Known difference: the Segmenter calls runs of underscores alone ("__") word-like (a lone
    // "_" is not); the fast path drops tokens without a letter or digit. Those are left out of
    // the Segmenter's side, and checked to be only underscores.
    const alphabet = "abcXYZqeio0123456789 .,;:'_-/\n()";
    const random = seededRandom(20240611);
    let compared = 0;
    let underscoreOnly = 0;
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(random() * 40);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const expected = segmenterWords(text).filter((w) => {
        if (/[A-Za-z0-9]/.test(w.word)) return true;
        expect(w.word, JSON.stringify(text)).toMatch(/^_+$/);
        underscoreOnly++;
        return false;
      });
      expect([...words(text)], JSON.stringify(text)).toEqual(expected);
      compared += expected.length;
    }
    // The strings did exercise the comparison (thousands of words) and the known difference.
    expect(compared).toBeGreaterThan(5000);
    expect(underscoreOnly).toBeGreaterThan(0);
  });

  it('on hand-picked ASCII edge cases gives what Intl.Segmenter gives', () => {
    const cases = [
      "a.b.c 1.2.3 a..b 1..2 a'b' 'a' a_.b 1_.2 x_:y a.b1.2 e.g. a:1 1:a 1,a a,1",
      "don't 'tis rock'n'roll 3.5.1-beta http://x.io/a_b?c=1 foo@bar.com",
      'tab\tsep\r\nline\x00nul\x7fdel',
    ];
    for (const text of cases) {
      expect([...words(text)], text).toEqual(segmenterWords(text));
    }
  });
});
