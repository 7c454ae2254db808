import { describe, expect, it } from 'vitest';
import { excerptAround, raiseRange, splitForHighlight, type HighlightRange } from './highlight';

/** Every piece starts where the previous ended and the pieces join back into the text. */
function expectCovers(text: string, pieces: ReturnType<typeof splitForHighlight>) {
  expect(pieces.map((p) => p.text).join('')).toBe(text);
  let at = 0;
  for (const piece of pieces) {
    expect(piece.start).toBe(at);
    expect(piece.text.length).toBeGreaterThan(0);
    at += piece.text.length;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A small seeded generator, so the property test is repeatable. */
function lcg(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

describe('splitForHighlight', () => {
  it('wraps each range and keeps the text between as plain pieces', () => {
    const pieces = splitForHighlight('alpha beta gamma', [
      { start: 6, end: 10, id: 0 },
      { start: 0, end: 5, id: 1 },
    ]);
    expect(pieces).toEqual([
      { text: 'alpha', start: 0, hit: 1 },
      { text: ' ', start: 5 },
      { text: 'beta', start: 6, hit: 0 },
      { text: ' gamma', start: 10 },
    ]);
    expect('hit' in pieces[1]!).toBe(false);
  });

  it('gives an overlap to the earlier-starting range, then to the lower id', () => {
    const text = '0123456789abcdef';
    expect(
      splitForHighlight(text, [
        { start: 4, end: 12, id: 0 },
        { start: 2, end: 6, id: 1 },
        { start: 8, end: 10, id: 2 }, // inside id 0: hidden
      ]),
    ).toEqual([
      { text: '01', start: 0 },
      { text: '2345', start: 2, hit: 1 },
      { text: '6789ab', start: 6, hit: 0 },
      { text: 'cdef', start: 12 },
    ]);
    expect(
      splitForHighlight(text, [
        { start: 3, end: 5, id: 7 },
        { start: 3, end: 9, id: 4 },
      ]),
    ).toEqual([
      { text: '012', start: 0 },
      { text: '345678', start: 3, hit: 4 },
      { text: '9abcdef', start: 9 },
    ]);
  });

  it('clamps ranges to the text and ignores empty, reversed and NaN ones', () => {
    const pieces = splitForHighlight('short', [
      { start: -10, end: 2, id: 0 },
      { start: 4, end: 99, id: 1 },
      { start: 3, end: 3, id: 2 },
      { start: 3, end: 1, id: 3 },
      { start: 50, end: 60, id: 4 },
      { start: Number.NaN, end: 1, id: 5 },
    ]);
    expect(pieces).toEqual([
      { text: 'sh', start: 0, hit: 0 },
      { text: 'or', start: 2 },
      { text: 't', start: 4, hit: 1 },
    ]);
  });

  it('handles empty text and no ranges', () => {
    expect(splitForHighlight('', [{ start: 0, end: 5, id: 0 }])).toEqual([]);
    expect(splitForHighlight('', [])).toEqual([]);
    expect(splitForHighlight('plain', [])).toEqual([{ text: 'plain', start: 0 }]);
  });

  it('widens a range that cuts a surrogate pair to the whole character', () => {
    const text = 'a😀b😀c'; // each emoji is two UTF-16 units
    const pieces = splitForHighlight(text, [{ start: 2, end: 5, id: 0 }]);
    expect(pieces).toEqual([
      { text: 'a', start: 0 },
      { text: '😀b😀', start: 1, hit: 0 },
      { text: 'c', start: 6 },
    ]);
  });

  it('always covers the text exactly (random ranges)', () => {
    const rand = lcg(7);
    for (let round = 0; round < 300; round++) {
      const length = rand(60);
      const text = Array.from({ length }, () => 'ab\n 😀'.charAt(rand(6))).join('');
      const ranges: HighlightRange[] = Array.from({ length: rand(6) }, (_, id) => {
        const start = rand(length + 10) - 5;
        return { start, end: start + rand(20) - 3, id };
      });
      const pieces = splitForHighlight(text, ranges);
      expectCovers(text, pieces);
      for (let i = 1; i < pieces.length; i++) {
        // Plain pieces never sit next to each other.
        expect(pieces[i]!.hit !== undefined || pieces[i - 1]!.hit !== undefined).toBe(true);
      }
    }
  });
});

describe('raiseRange', () => {
  it('keeps the chosen range whole and cuts the others around it', () => {
    const ranges = [
      { start: 0, end: 20, id: 0 },
      { start: 5, end: 10, id: 1 },
      { start: 25, end: 30, id: 2 },
    ];
    const raised = raiseRange(ranges, 1);
    expect(raised).toEqual([
      { start: 5, end: 10, id: 1 },
      { start: 0, end: 5, id: 0 },
      { start: 10, end: 20, id: 0 },
      { start: 25, end: 30, id: 2 },
    ]);
    const pieces = splitForHighlight('x'.repeat(40), raised);
    expect(pieces.filter((p) => p.hit === 1)).toEqual([{ text: 'xxxxx', start: 5, hit: 1 }]);
    expect(raiseRange(ranges, 9)).toEqual(ranges);
  });
});

describe('excerptAround', () => {
  const lines = Array.from({ length: 200 }, (_, i) => `line ${String(i).padStart(3, '0')} text`);
  const text = lines.join('\n'); // 13 chars + newline per line

  it('returns the whole text when it fits in the context', () => {
    expect(excerptAround('short text', 2, 4, 100)).toEqual({ start: 0, end: 10 });
    expect(excerptAround('', 0, 0, 100)).toEqual({ start: 0, end: 0 });
  });

  it('keeps at most `context` characters each side, snapped to line boundaries', () => {
    const start = text.indexOf('line 100');
    const end = start + 13;
    const window = excerptAround(text, start, end, 100);
    expect(window.start).toBeGreaterThanOrEqual(start - 100);
    expect(window.end).toBeLessThanOrEqual(end + 100);
    expect(window.start).toBeLessThanOrEqual(start);
    expect(window.end).toBeGreaterThanOrEqual(end);
    const excerpt = text.slice(window.start, window.end);
    expect(excerpt.startsWith('line ')).toBe(true);
    expect(excerpt.endsWith(' text')).toBe(true);
    expect(text.charAt(window.start - 1)).toBe('\n');
    expect(text.charAt(window.end)).toBe('\n');
  });

  it('falls back to word boundaries when there is no line break nearby', () => {
    const prose = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    const start = prose.indexOf('word50');
    const window = excerptAround(prose, start, start + 6, 40);
    expect(window.start).toBeGreaterThanOrEqual(start - 40);
    expect(window.end).toBeLessThanOrEqual(start + 6 + 40);
    expect(prose.charAt(window.start - 1)).toBe(' ');
    expect(prose.charAt(window.end)).toBe(' ');
  });

  it('cuts unbroken text at the context limit', () => {
    const blob = 'x'.repeat(1000);
    expect(excerptAround(blob, 500, 510, 50)).toEqual({ start: 450, end: 560 });
    expect(excerptAround(blob, 500, 510, 0)).toEqual({ start: 500, end: 510 });
  });

  it('ends before a CRLF line break as a whole', () => {
    const crlf = lines.slice(0, 40).join('\r\n');
    const start = crlf.indexOf('line 020');
    const window = excerptAround(crlf, start, start + 13, 60);
    expect(crlf.charAt(window.end)).toBe('\r');
    expect(crlf.charAt(window.start - 1)).toBe('\n');
  });

  it('clamps out-of-range positions to the text', () => {
    expect(excerptAround('abc def', -20, 99, 3)).toEqual({ start: 0, end: 7 });
    const w = excerptAround(text, text.length + 5, text.length + 9, 20);
    expect(w.end).toBe(text.length);
    expect(w.start).toBeGreaterThanOrEqual(text.length - 20);
  });

  it('never splits a surrogate pair at either edge', () => {
    const emoji = '😀'.repeat(500); // no whitespace: edges are cut at the context limit
    for (const context of [7, 8, 9, 10, 33]) {
      for (const at of [400, 401, 402, 403]) {
        const window = excerptAround(emoji, at, at + 2, context);
        const excerpt = emoji.slice(window.start, window.end);
        expect(excerpt).not.toMatch(LONE_SURROGATE);
        expect(window.start).toBeGreaterThanOrEqual(at - context - 1);
        expect(window.end).toBeLessThanOrEqual(at + 2 + context + 1);
        expect(window.start).toBeLessThanOrEqual(at);
        expect(window.end).toBeGreaterThanOrEqual(at + 2);
      }
    }
  });
});
