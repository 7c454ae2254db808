// focusSentences: sentences split and trimmed, scored by distinct query terms, the best one or two
// chosen in text order, none for a passage without a query word.
import { describe, expect, it } from 'vitest';
import { planQuery } from './keyword/search-query';
import { focusSentences, sentenceScore, sentences, trimSpan } from './passage-focus';

const terms = (query: string) => planQuery(query).terms;
const texts = (text: string, spans: Array<{ start: number; end: number }>) =>
  spans.map((s) => text.slice(s.start, s.end));

const PASSAGE =
  '## Maintenance\n\nThe pump hums quietly. If the display shows error E4711, the impeller of the pump ' +
  'is jammed. Clean the filter every month.\n\n\nSwitch the pump off before opening the cover.';

describe('sentences', () => {
  it('splits a passage into trimmed sentences without blank ones', () => {
    expect(texts(PASSAGE, sentences(PASSAGE, 0, PASSAGE.length))).toEqual([
      '## Maintenance',
      'The pump hums quietly.',
      'If the display shows error E4711, the impeller of the pump is jammed.',
      'Clean the filter every month.',
      'Switch the pump off before opening the cover.',
    ]);
  });

  it('gives offsets into the whole text for a passage inside it', () => {
    const text = `prefix. ${PASSAGE} suffix.`;
    const start = text.indexOf('The pump');
    const spans = sentences(text, start, text.indexOf(' Clean'));
    expect(texts(text, spans)).toEqual([
      'The pump hums quietly.',
      'If the display shows error E4711, the impeller of the pump is jammed.',
    ]);
    expect(trimSpan('  a b \n', 0, 7)).toEqual({ start: 2, end: 5 });
    expect(trimSpan(' \n ', 0, 3)).toEqual({ start: 3, end: 3 });
  });
});

describe('focusSentences', () => {
  it('counts each distinct query term once, stemmed as the index stems it', () => {
    expect(sentenceScore('The pumps pump and pumped.', terms('pumping'))).toBe(1);
    expect(sentenceScore('The impeller is jammed.', terms('jammed impeller pump'))).toBe(2);
    expect(sentenceScore('Nothing here.', terms('pump'))).toBe(0);
  });

  it('emphasises the best sentence and a second one that scores at least half as well', () => {
    const passage = { start: 0, end: PASSAGE.length };
    // "error", "impeller" and "pump" in one sentence; "pump" alone elsewhere scores 1 < 3/2.
    expect(texts(PASSAGE, focusSentences(PASSAGE, passage, terms('pump impeller error')))).toEqual([
      'If the display shows error E4711, the impeller of the pump is jammed.',
    ]);
    // Two sentences with "filter" and "cover": one each, both kept, in text order.
    expect(texts(PASSAGE, focusSentences(PASSAGE, passage, terms('cover filter')))).toEqual([
      'Clean the filter every month.',
      'Switch the pump off before opening the cover.',
    ]);
  });

  it('keeps at most two sentences, the earlier ones on a tie', () => {
    const passage = { start: 0, end: PASSAGE.length };
    expect(texts(PASSAGE, focusSentences(PASSAGE, passage, terms('pump')))).toEqual([
      'The pump hums quietly.',
      'If the display shows error E4711, the impeller of the pump is jammed.',
    ]);
    expect(focusSentences(PASSAGE, passage, terms('pump'), 1)).toHaveLength(1);
  });

  it('emphasises nothing when no sentence has a query word (a meaning-only hit)', () => {
    const passage = { start: 0, end: PASSAGE.length };
    expect(focusSentences(PASSAGE, passage, terms('centrifugal compressor'))).toEqual([]);
    expect(focusSentences(PASSAGE, passage, terms(''))).toEqual([]);
    expect(focusSentences(PASSAGE, passage, terms('the of'))).toEqual([]); // stop words only
  });

  it('looks only inside the passage', () => {
    const start = PASSAGE.indexOf('Clean');
    const end = PASSAGE.indexOf('\n\n\n');
    expect(focusSentences(PASSAGE, { start, end }, terms('pump impeller'))).toEqual([]);
  });
});
