import { describe, expect, it } from 'vitest';
import { containsPhrase, hasFilters, parseQuery, phraseMatcher } from './query-syntax';

describe('parseQuery', () => {
  it('keeps plain words as text, with no filters', () => {
    const parsed = parseQuery('  white   matter lesions ');
    expect(parsed).toEqual({ text: 'white matter lesions', phrases: [], excluded: [] });
    expect(hasFilters(parsed)).toBe(false);
    expect(parseQuery('')).toEqual({ text: '', phrases: [], excluded: [] });
  });

  it('reads quoted phrases, whose words still count as text', () => {
    const parsed = parseQuery('mri "white  matter" lesions "grey matter"');
    expect(parsed).toEqual({
      text: 'mri white matter lesions grey matter',
      phrases: ['white matter', 'grey matter'],
      excluded: [],
    });
    expect(hasFilters(parsed)).toBe(true);
  });

  it('accepts typographic quotes, paired or not, and runs an unclosed quote to the end', () => {
    expect(parseQuery('\u201Cwhite matter\u201D mri').phrases).toEqual(['white matter']);
    expect(parseQuery('\u201Dwhite matter\u201D').phrases).toEqual(['white matter']);
    expect(parseQuery('\u201Ewei\u00DFe Substanz\u201C').phrases).toEqual(['wei\u00DFe Substanz']);
    expect(parseQuery('mri "white matter lesions')).toEqual({
      text: 'mri white matter lesions',
      phrases: ['white matter lesions'],
      excluded: [],
    });
  });

  it('drops phrases without a letter or digit', () => {
    expect(parseQuery('a "" b " -- " c')).toEqual({ text: 'a b c', phrases: [], excluded: [] });
  });

  it('excludes a word or phrase after a leading minus, leaving it out of the text', () => {
    expect(parseQuery('report -draft -"first version" final')).toEqual({
      text: 'report final',
      phrases: [],
      excluded: ['draft', 'first version'],
    });
    expect(parseQuery('-\u201Cold plan\u201D').excluded).toEqual(['old plan']);
    expect(parseQuery('x -"unclosed to end').excluded).toEqual(['unclosed to end']);
    expect(parseQuery('-ошибка -42').excluded).toEqual(['ошибка', '42']);
  });

  it('does not treat a hyphen inside a word, or a lone minus, as an exclusion', () => {
    expect(parseQuery('e-mail covid-19 well-known')).toEqual({
      text: 'e-mail covid-19 well-known',
      phrases: [],
      excluded: [],
    });
    expect(parseQuery('a - b -- c').excluded).toEqual([]);
    expect(parseQuery('a - b').text).toBe('a - b');
    expect(parseQuery('trailing -').excluded).toEqual([]);
  });

  it('keeps a hyphenated excluded word whole', () => {
    expect(parseQuery('-e-mail inbox').excluded).toEqual(['e-mail']);
  });
});

describe('containsPhrase', () => {
  it('ignores case and treats any run of spaces or punctuation as one separator', () => {
    expect(containsPhrase('Lesions of the White-matter tracts', 'white matter')).toBe(true);
    expect(containsPhrase('white\n\tmatter', 'White Matter')).toBe(true);
    expect(containsPhrase('white — matter', 'white matter')).toBe(true);
    expect(containsPhrase('white matter', 'white-matter')).toBe(true);
    expect(containsPhrase('whitematter', 'white matter')).toBe(false);
    expect(containsPhrase('white grey matter', 'white matter')).toBe(false);
  });

  it('matches whole words only', () => {
    expect(containsPhrase('concatenate', 'cat')).toBe(false);
    expect(containsPhrase('cats', 'cat')).toBe(false);
    expect(containsPhrase('a cat.', 'cat')).toBe(true);
    expect(containsPhrase('cat', 'cat')).toBe(true);
    expect(containsPhrase('(cat)', 'cat')).toBe(true);
  });

  it('normalises compatibility forms (NFKC) on both sides', () => {
    // Full-width letters and an ideographic space; the "ﬁ" ligature.
    expect(
      containsPhrase(
        '\uFF37\uFF48\uFF49\uFF54\uFF45\u3000\uFF4D\uFF41\uFF54\uFF54\uFF45\uFF52',
        'white matter',
      ),
    ).toBe(true);
    expect(containsPhrase('the \uFB01nal report', 'final report')).toBe(true);
    // Composed and decomposed é.
    expect(containsPhrase('caf\u0065\u0301 cr\u00E8me', 'CAF\u00C9 CR\u00C8ME')).toBe(true);
  });

  it('works in other scripts with spaces, keeping whole words', () => {
    expect(containsPhrase('Белое вещество мозга', 'белое вещество')).toBe(true);
    expect(containsPhrase('Белоевещество', 'белое вещество')).toBe(false);
    expect(containsPhrase('Η λευκή ουσία', 'ΛΕΥΚΉ ΟΥΣΊΑ')).toBe(true);
    // Devanagari vowel signs are combining marks, part of the word.
    expect(containsPhrase('श्वेत पदार्थ का घाव', 'श्वेत पदार्थ')).toBe(true);
    expect(containsPhrase('श्वेता', 'श्वेत')).toBe(false);
  });

  it('matches phrases in scripts without spaces as substrings', () => {
    expect(containsPhrase('東京都に行きました', '東京')).toBe(true);
    expect(containsPhrase('東京都に行きました', '京都')).toBe(true);
    expect(containsPhrase('東京都に行きました', '大阪')).toBe(false);
    // Full-width and half-width katakana normalise alike.
    expect(containsPhrase('ｶﾀｶﾅ表記', 'カタカナ')).toBe(true);
    expect(containsPhrase('ภาษาไทยง่าย', 'ไทย')).toBe(true);
    // Latin words next to CJK text still need no separator from it.
    expect(containsPhrase('新型iPhoneを発表', 'iphone')).toBe(true);
    expect(containsPhrase('東京 大阪', '東京大阪')).toBe(false);
  });

  it('matches nothing for a phrase without letters or digits', () => {
    expect(containsPhrase('anything', '')).toBe(false);
    expect(containsPhrase('-- !', '--')).toBe(false);
  });

  it('can be built once and applied to many passages', () => {
    const matches = phraseMatcher('"covid-19" vaccine');
    expect(['COVID 19 vaccine trial', 'covid-19-vaccine', 'covid19 vaccine'].map(matches)).toEqual([
      true,
      true,
      false,
    ]);
  });
});
