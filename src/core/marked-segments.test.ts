// markedSegments: marks become marked segments, bad marks are cleaned up, and the snippet is cut
// near its limit without splitting a mark, a nearby word or a surrogate pair.
import { describe, expect, it } from 'vitest';
import { ELLIPSIS, markedSegments, normalizeMarks } from './marked-segments';

const joined = (segments: ReturnType<typeof markedSegments>) =>
  segments.map((s) => s.text).join('');
const marked = (segments: ReturnType<typeof markedSegments>) =>
  segments.filter((s) => s.marked).map((s) => s.text);

describe('markedSegments', () => {
  it('marks the given ranges and keeps the text between as plain segments', () => {
    expect(
      markedSegments('error code E4711 means a jam', [
        [11, 16],
        [0, 5],
      ]),
    ).toEqual([
      { text: 'error', marked: true },
      { text: ' code ', marked: false },
      { text: 'E4711', marked: true },
      { text: ' means a jam', marked: false },
    ]);
  });

  it('returns the text whole when there are no marks', () => {
    expect(markedSegments('plain text', undefined)).toEqual([
      { text: 'plain text', marked: false },
    ]);
    expect(markedSegments('plain text', [])).toEqual([{ text: 'plain text', marked: false }]);
    expect(markedSegments('', [[0, 3]])).toEqual([]);
  });

  it('clamps, merges and drops bad marks', () => {
    expect(
      normalizeMarks(
        [
          [-5, 2],
          [4, 6],
          [5, 8],
          [8, 9],
          [3, 3],
          [7, 1],
          [20, 30],
          [Number.NaN, 1],
        ],
        10,
      ),
    ).toEqual([
      [0, 2],
      [4, 9],
    ]);
    expect(marked(markedSegments('abcdefghij', [[8, 99]]))).toEqual(['ij']);
  });

  it('cuts long text at a space near the limit and adds an ellipsis', () => {
    const text = 'alpha beta gamma delta epsilon';
    const segments = markedSegments(text, [[6, 10]], 19); // the limit falls inside "delta"
    expect(joined(segments)).toBe(`alpha beta gamma${ELLIPSIS}`);
    expect(marked(segments)).toEqual(['beta']);
    expect(segments.at(-1)).toEqual({ text: ELLIPSIS, marked: false });
    expect(joined(markedSegments(text, [], 100))).toBe(text);
  });

  it('never splits a mark: it cuts before it, or after it when it starts the text', () => {
    const text = 'see the supercalifragilistic word here';
    const inMark: [number, number] = [8, 28];
    const before = markedSegments(text, [inMark], 15);
    expect(joined(before)).toBe(`see the${ELLIPSIS}`);
    expect(marked(before)).toEqual([]);
    const first = markedSegments('supercalifragilistic word', [[0, 20]], 5);
    expect(joined(first)).toBe(`supercalifragilistic${ELLIPSIS}`);
    expect(marked(first)).toEqual(['supercalifragilistic']);
  });

  it('cuts unbroken text at the limit but never inside a surrogate pair', () => {
    expect(joined(markedSegments('x'.repeat(100), [], 10))).toBe(`${'x'.repeat(10)}${ELLIPSIS}`);
    const emoji = '😀'.repeat(20);
    const cut = joined(markedSegments(emoji, [], 7));
    expect(cut).toBe(`${'😀'.repeat(3)}${ELLIPSIS}`);
  });

  it('covers the text up to the cut exactly (random marks)', () => {
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: rand(80) }, () => 'ab c\n'.charAt(rand(5))).join('');
      const marks = Array.from({ length: rand(5) }, (): [number, number] => {
        const start = rand(text.length + 4) - 2;
        return [start, start + rand(8)];
      });
      const limit = rand(90);
      const segments = markedSegments(text, marks, limit);
      const body = joined(segments).replace(new RegExp(`${ELLIPSIS}$`), '');
      expect(text.startsWith(body)).toBe(true);
      for (const s of segments) expect(s.text.length).toBeGreaterThan(0);
    }
  });
});
