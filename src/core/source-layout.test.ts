// The source view's layout: passages trimmed and split into runs of query words and emphasised
// sentences; the pieces and runs always cover the shown text exactly.
import { describe, expect, it } from 'vitest';
import { planQuery } from './keyword/search-query';
import {
  layerRuns,
  passageFocus,
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

const flat = (pieces: SourcePiece[]) => pieces.flatMap((p) => p.runs.map((r) => r.text)).join('');

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
    expect(active.runs.filter((r) => r.focus).map((r) => r.text)).toEqual([
      'Error',
      ' E4711 means the ',
      'impeller',
      ' is ',
      'jammed',
      '.',
    ]);
    expect(active.runs.filter((r) => r.term).map((r) => r.text)).toEqual([
      'pump',
      'Error',
      'impeller',
      'jammed',
    ]);
    const other = pieces.find((p) => p.hit === 1)!;
    expect(other.runs.some((r) => r.focus)).toBe(false);
    expect(other.runs.filter((r) => r.term).map((r) => r.text)).toEqual(['pump']);
  });

  it('keeps a meaning-only passage unemphasised', () => {
    const pieces = layout('centrifugal compressor', [passage('The pump', 'Call us.')], 0);
    expect(flat(pieces)).toBe(TEXT);
    const active = pieces.find((p) => p.hit === 0)!;
    expect(active.runs).toEqual([
      {
        text: TEXT.slice(active.start, TEXT.indexOf('Call us.') + 8),
        start: active.start,
        term: false,
        focus: false,
      },
    ]);
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
    expect(pieces.find((p) => p.hit === 0)!.runs.map((r) => [r.text, r.term, r.focus])).toEqual([
      ['the ', false, true],
      ['pump', true, true],
      [' is here', false, true],
    ]);
    expect(sourceWindow('short', undefined, 10, 2)).toEqual({ start: 0, end: 5, partial: false });
  });
});
