// The source view's layout: passages trimmed, cut at their line breaks and split into runs of
// query words and emphasised sentences; the pieces and runs always cover the shown text exactly.
import { describe, expect, it } from 'vitest';
import { planQuery } from './keyword/search-query';
import {
  layerRuns,
  passageFocus,
  passageParts,
  queryMarks,
  sourcePieces,
  sourceWindow,
  type SourcePiece,
} from './source-layout';

const TEXT =
  'Intro line.\n\nThe pump hums. Error E4711 means the impeller is jammed. Call us.\n\n' +
  'Other text about the pump filter.\n';
const passage = (from: string, to: string) => ({
  start: TEXT.indexOf(from),
  end: TEXT.indexOf(to) + to.length,
});

function layout(query: string, hits: Array<{ start: number; end: number }>, current: number) {
  const terms = planQuery(query).terms;
  const view = sourceWindow(TEXT, hits[current], 200_000, 20_000);
  const marks = queryMarks(TEXT, view, terms);
  return sourcePieces(TEXT, view, hits, current, marks, passageFocus(TEXT, hits[current], terms));
}

const runsOf = (piece: SourcePiece) => piece.parts.flatMap((part) => part.runs);
const flat = (pieces: SourcePiece[]) =>
  pieces.flatMap((p) => runsOf(p).map((r) => r.text)).join('');

describe('source layout', () => {
  it('marks query words everywhere and emphasises the best sentence of the active passage', () => {
    // The first hit's range starts on the blank line before its passage.
    const first = { start: TEXT.indexOf('\n\nThe pump'), end: TEXT.indexOf('Call us.') + 8 };
    const hits = [first, passage('Other', 'filter.')];
    const pieces = layout('impeller jammed error pump', hits, 0);
    expect(flat(pieces)).toBe(TEXT);
    const active = pieces.find((p) => p.hit === 0)!;
    // Trimmed: the passage starts at its first word, not on the blank line.
    expect(active.start).toBe(TEXT.indexOf('The pump'));
    expect(
      runsOf(active)
        .filter((r) => r.focus)
        .map((r) => r.text),
    ).toEqual(['Error', ' E4711 means the ', 'impeller', ' is ', 'jammed', '.']);
    expect(
      runsOf(active)
        .filter((r) => r.term)
        .map((r) => r.text),
    ).toEqual(['pump', 'Error', 'impeller', 'jammed']);
    const other = pieces.find((p) => p.hit === 1)!;
    expect(runsOf(other).some((r) => r.focus)).toBe(false);
    expect(
      runsOf(other)
        .filter((r) => r.term)
        .map((r) => r.text),
    ).toEqual(['pump']);
  });

  it('keeps a meaning-only passage unemphasised', () => {
    const pieces = layout('centrifugal compressor', [passage('The pump', 'Call us.')], 0);
    expect(flat(pieces)).toBe(TEXT);
    const active = pieces.find((p) => p.hit === 0)!;
    expect(runsOf(active)).toEqual([
      {
        text: TEXT.slice(active.start, TEXT.indexOf('Call us.') + 8),
        start: active.start,
        term: false,
        focus: false,
      },
    ]);
    expect(active.whole).toBe(false);
  });

  it('merges neighbouring runs with the same flags and splits at every edge', () => {
    const text = 'aaa bbb ccc ddd';
    const runs = layerRuns(
      text,
      0,
      text.length,
      [
        { start: 4, end: 7 },
        { start: 12, end: 15 },
      ],
      [{ start: 2, end: 13 }],
    );
    expect(runs.map((r) => [r.text, r.term, r.focus])).toEqual([
      ['aa', false, false],
      ['a ', false, true],
      ['bbb', true, true],
      [' ccc ', false, true],
      ['d', true, true],
      ['dd', true, false],
    ]);
    expect(runs.map((r) => r.start)).toEqual([0, 2, 4, 7, 12, 13]);
    expect(layerRuns(text, 5, 9, [{ start: 4, end: 7 }], [])).toEqual([
      { text: 'bb', start: 5, term: true, focus: false },
      { text: ' c', start: 7, term: false, focus: false },
    ]);
  });

  it('renders only a window of a long text, with marks in it', () => {
    const long = `${'filler words here\n'.repeat(2000)}the pump is here\n${'more filler\n'.repeat(2000)}`;
    const at = long.indexOf('the pump');
    const hit = { start: at, end: at + 16 };
    const view = sourceWindow(long, hit, 10_000, 500);
    expect(view.partial).toBe(true);
    expect(view.end - view.start).toBeLessThanOrEqual(2 * 500 + 16);
    const marks = queryMarks(long, view, planQuery('pump').terms);
    expect(marks).toEqual([{ start: at + 4, end: at + 8 }]);
    const pieces = sourcePieces(
      long,
      view,
      [hit],
      0,
      marks,
      passageFocus(long, hit, planQuery('pump').terms),
    );
    expect(flat(pieces)).toBe(long.slice(view.start, view.end));
    expect(runsOf(pieces.find((p) => p.hit === 0)!).map((r) => [r.text, r.term, r.focus])).toEqual([
      ['the ', false, true],
      ['pump', true, true],
      [' is here', false, true],
    ]);
    expect(sourceWindow('short', undefined, 10, 2)).toEqual({ start: 0, end: 5, partial: false });
  });

  it('leaves the line breaks of a passage out of its tinted parts', () => {
    const text = 'Before.\n\nThe pump hums.  \n\n  Error E4711.\nCall us.\n\nAfter.';
    const from = text.indexOf('The pump');
    const to = text.indexOf('Call us.') + 8;
    const pump = text.indexOf('pump');
    const parts = passageParts(text, from, to, [{ start: pump, end: pump + 4 }], []);
    expect(parts.map((p) => [p.runs.map((r) => r.text).join(''), p.gap])).toEqual([
      ['The pump hums.', false],
      ['  \n\n  ', true],
      ['Error E4711.', false],
      ['\n', true],
      ['Call us.', false],
    ]);
    expect(parts[0]!.runs.map((r) => [r.text, r.term])).toEqual([
      ['The ', false],
      ['pump', true],
      [' hums.', false],
    ]);
    expect(parts.map((p) => p.start)).toEqual([from, from + 14, from + 20, from + 32, from + 33]);
    // Spaces without a line break stay inside the tint; a passage on one line is a single part.
    expect(passageParts('a b  c', 0, 6, [], []).map((p) => p.gap)).toEqual([false]);
    expect(passageParts('\r\n', 0, 2, [], []).map((p) => p.gap)).toEqual([true]);
  });

  it('flags a passage that spans the whole document', () => {
    const text = '\n  Fog horns sounded.\n\nThe ferry ran on Tuesdays.\n';
    const hit = { start: 0, end: text.length };
    const terms = planQuery('fog horns').terms;
    const view = sourceWindow(text, hit, 200_000, 20_000);
    const marks = queryMarks(text, view, terms);
    const pieces = sourcePieces(text, view, [hit], 0, marks, passageFocus(text, hit, terms));
    expect(flat(pieces)).toBe(text);
    const passage = pieces.find((p) => p.hit === 0)!;
    expect(passage.whole).toBe(true);
    expect(passage.parts.map((p) => p.gap)).toEqual([false, true, false]);
    expect(
      runsOf(passage)
        .filter((r) => r.focus)
        .map((r) => r.text)
        .join(''),
    ).toBe('Fog horns sounded.');
    // A trimmed hit that still covers every word counts as whole; one that misses a word does not.
    const inner = { start: 3, end: text.length - 1 };
    expect(sourcePieces(text, view, [inner], 0, [], []).find((p) => p.hit === 0)!.whole).toBe(true);
    const part = { start: 0, end: text.indexOf('The ferry') };
    expect(sourcePieces(text, view, [part], 0, [], []).find((p) => p.hit === 0)!.whole).toBe(false);
  });
});
