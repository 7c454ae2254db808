// A result snippet as plain and marked text segments (pure): the query-word marks a hit carries,
// cleaned up (clamped, sorted, merged), and the text cut at a length without splitting a mark,
// a word where one ends nearby, or a surrogate pair. Rendered as text and <mark>, never as HTML.

export interface MarkedSegment {
  text: string;
  marked: boolean;
}

/** How far back from the limit a cut may move to end at a space rather than inside a word. */
const WORD_SLACK = 40;
export const ELLIPSIS = '…';

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** Marks clamped to [0, length], empty ones dropped, sorted, and overlapping ones merged. */
export function normalizeMarks(
  marks: ReadonlyArray<readonly [number, number]>,
  length: number,
): Array<[number, number]> {
  const clamp = (n: number) => (Number.isFinite(n) ? Math.min(length, Math.max(0, n)) : 0);
  const sorted = marks
    .map(([start, end]): [number, number] => [clamp(start), clamp(end)])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** Where to cut `text` near `maxChars`: never inside a mark or a surrogate pair. */
function cutPoint(text: string, marks: ReadonlyArray<[number, number]>, maxChars: number): number {
  let cut = Math.max(0, Math.floor(maxChars));
  const inside = marks.find(([start, end]) => start < cut && cut < end);
  // Before the mark, unless it is the first thing in the text: then the whole mark.
  if (inside) cut = inside[0] > 0 ? inside[0] : inside[1];
  else if (!/\s/.test(text.charAt(cut))) {
    for (let i = cut - 1; i > 0 && i >= cut - WORD_SLACK; i--) {
      if (/\s/.test(text.charAt(i))) {
        cut = i;
        break;
      }
    }
  }
  if (cut > 0 && cut < text.length && isHigh(text.charCodeAt(cut - 1))) cut--;
  return cut;
}

/**
 * `text` as segments with `marks` ([start, end) offsets) marked. Text longer than `maxChars` is
 * cut near that length (see cutPoint), trailing space dropped, and ends with an ellipsis segment.
 */
export function markedSegments(
  text: string,
  marks: ReadonlyArray<readonly [number, number]> | undefined,
  maxChars = Infinity,
): MarkedSegment[] {
  const clean = normalizeMarks(marks ?? [], text.length);
  const cut = text.length > maxChars ? cutPoint(text, clean, maxChars) : text.length;
  const shown = cut < text.length ? text.slice(0, cut).trimEnd() : text;
  const segments: MarkedSegment[] = [];
  let at = 0;
  for (const [start, end] of clean) {
    if (start >= shown.length) break;
    if (start > at) segments.push({ text: shown.slice(at, start), marked: false });
    segments.push({ text: shown.slice(start, Math.min(end, shown.length)), marked: true });
    at = end;
  }
  if (at < shown.length) segments.push({ text: shown.slice(at), marked: false });
  if (shown.length < text.length) segments.push({ text: ELLIPSIS, marked: false });
  return segments;
}
