// Highlighting matched passages in a document's text (pure): splitting the text into plain and
// highlighted pieces, and choosing an excerpt window around a passage of a long document.
// Used by the source viewer on the main thread; offsets are UTF-16 indices, like String.slice.

export interface HighlightRange {
  start: number;
  end: number;
  /** Which hit the range belongs to. */
  id: number;
}

export interface TextPiece {
  text: string;
  /** Offset of the piece in the text that was split. */
  start: number;
  /** Id of the range covering the piece; absent for plain text. */
  hit?: number;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** True when `i` falls between the two halves of a surrogate pair (slicing there would break it). */
function splitsPair(text: string, i: number): boolean {
  return i > 0 && i < text.length && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1));
}

const clamp = (value: number, min: number, max: number) =>
  Math.min(max, Math.max(min, Number.isNaN(value) ? min : value));

/**
 * Splits `text` into pieces covering it exactly, in order. Where ranges overlap, the
 * earlier-starting one (then the lower id) wins the overlap and the other keeps what is left.
 * Ranges are clamped to the text, widened to whole characters, and ignored when empty.
 */
export function splitForHighlight(text: string, ranges: readonly HighlightRange[]): TextPiece[] {
  const clamped = ranges
    .map((r) => {
      let start = clamp(r.start, 0, text.length);
      let end = clamp(r.end, 0, text.length);
      // A range that ends or starts inside an emoji would leave half of it outside its <mark>.
      if (splitsPair(text, start)) start--;
      if (splitsPair(text, end)) end++;
      return { start, end, id: r.id };
    })
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start || a.id - b.id);

  const pieces: TextPiece[] = [];
  let at = 0;
  for (const range of clamped) {
    const start = Math.max(range.start, at);
    if (start >= range.end) continue; // wholly covered by an earlier range
    if (start > at) pieces.push({ text: text.slice(at, start), start: at });
    pieces.push({ text: text.slice(start, range.end), start, hit: range.id });
    at = range.end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), start: at });
  return pieces;
}

/**
 * Returns `ranges` with the one whose id is `id` kept whole and every other range cut around it,
 * so that an earlier-starting neighbour cannot hide the passage the user asked to see.
 */
export function raiseRange(ranges: readonly HighlightRange[], id: number): HighlightRange[] {
  const top = ranges.find((r) => r.id === id);
  if (!top || top.end <= top.start) return [...ranges];
  const out: HighlightRange[] = [top];
  for (const r of ranges) {
    if (r.id === id) continue;
    if (r.end <= top.start || r.start >= top.end) {
      out.push(r);
      continue;
    }
    if (r.start < top.start) out.push({ start: r.start, end: top.start, id: r.id });
    if (r.end > top.end) out.push({ start: top.end, end: r.end, id: r.id });
  }
  return out;
}

/** The first index in [from, to) whose character matches, or -1. */
function findForward(text: string, from: number, to: number, match: (c: string) => boolean) {
  for (let i = from; i < to; i++) if (match(text.charAt(i))) return i;
  return -1;
}

/** The last index in [from, to) whose character matches, or -1. */
function findBackward(text: string, from: number, to: number, match: (c: string) => boolean) {
  for (let i = to - 1; i >= from; i--) if (match(text.charAt(i))) return i;
  return -1;
}

const isNewline = (c: string) => c === '\n';
const isSpace = (c: string) => /\s/.test(c);

/**
 * The window of `text` around [start, end) with at most `context` characters each side. Each edge
 * that falls inside the text moves inwards to the nearest line start (or end) within the outer
 * half of the context, else to a word boundary there, else stays put; it never splits a
 * surrogate pair. The window always contains [start, end) clamped to the text.
 */
export function excerptAround(
  text: string,
  start: number,
  end: number,
  context: number,
): { start: number; end: number } {
  let from = clamp(start, 0, text.length);
  let to = clamp(end, from, text.length);
  if (splitsPair(text, from)) from--;
  if (splitsPair(text, to)) to++;
  const reach = Math.max(0, Number.isNaN(context) ? 0 : context);
  // Snapping may give up at most half the context, so a passage keeps a useful amount around it.
  const slack = Math.max(1, Math.floor(reach / 2));

  let left = Math.max(0, from - reach);
  if (left > 0) {
    const limit = Math.min(from, left + slack);
    const line = findForward(text, left, limit, isNewline);
    const word = line < 0 ? findForward(text, left, limit, isSpace) : -1;
    const cut = line >= 0 ? line : word;
    if (cut >= 0) left = cut + 1;
    if (splitsPair(text, left)) left++;
  }

  let right = Math.min(text.length, to + reach);
  if (right < text.length) {
    const limit = Math.max(to, right - slack);
    const line = findBackward(text, limit, right, isNewline);
    const word = line < 0 ? findBackward(text, limit, right, isSpace) : -1;
    let cut = line >= 0 ? line : word;
    if (line > to && text.charAt(line - 1) === '\r') cut--; // CRLF: end before the whole break
    if (cut >= 0) right = cut;
    if (splitsPair(text, right)) right--;
  }
  return { start: Math.min(left, from), end: Math.max(right, to) };
}
