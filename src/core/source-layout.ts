// What the source view renders (pure): the window of the document it shows, the matched passages
// in it (trimmed, their line breaks kept apart from the tinted text), and runs of text with the
// query's words marked and, in the active passage, its best-matching sentences. Offsets absolute.
import { excerptAround, raiseRange, splitForHighlight } from './highlight';
import { termMarks } from './keyword/search-query';
import { focusSentences, trimSpan, type Span } from './passage-focus';

export interface SourceRun {
  text: string;
  start: number;
  /** A query word. */
  term: boolean;
  /** Inside one of the active passage's best-matching sentences. */
  focus: boolean;
}

/** A stretch of a piece: in a passage, either text to tint or a line break to leave untinted. */
export interface SourcePart {
  start: number;
  /** Whitespace holding a line break: a tint there would paint a sliver on a blank line. */
  gap: boolean;
  runs: SourceRun[];
}

export interface SourcePiece {
  start: number;
  /** Index of the passage this piece belongs to; absent for text between passages. */
  hit?: number;
  /** The passage spans all of the document's text: a tint over everything would tell nothing. */
  whole?: boolean;
  /** Text between passages is a single part. */
  parts: SourcePart[];
}

export interface SourceWindow extends Span {
  /** Whether only part of the text is shown. */
  partial: boolean;
}

/** The whole text, or for one longer than `longText` a window of `context` around `hit`. */
export function sourceWindow(
  text: string,
  hit: Span | undefined,
  longText: number,
  context: number,
): SourceWindow {
  if (text.length <= longText) return { start: 0, end: text.length, partial: false };
  const range = excerptAround(text, hit?.start ?? 0, hit?.end ?? 0, context);
  return { ...range, partial: true };
}

/** Where the query's words occur in `text[view]`, as absolute offsets in text order. */
export function queryMarks(text: string, view: Span, terms: ReadonlySet<string>): Span[] {
  return termMarks(text.slice(view.start, view.end), terms).map(([start, end]) => ({
    start: view.start + start,
    end: view.start + end,
  }));
}

/** The first index of `spans` (sorted, disjoint) whose span ends after `at`. */
function firstEndingAfter(spans: readonly Span[], at: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `text[from, to)` as runs with the same flags; `marks` and `focus` sorted and disjoint. */
export function layerRuns(
  text: string,
  from: number,
  to: number,
  marks: readonly Span[],
  focus: readonly Span[],
): SourceRun[] {
  const edges = new Set([from, to]);
  const within = (spans: readonly Span[]) => {
    const inside: Span[] = [];
    for (let i = firstEndingAfter(spans, from); i < spans.length && spans[i]!.start < to; i++) {
      const span = spans[i]!;
      inside.push(span);
      for (const edge of [span.start, span.end]) if (edge > from && edge < to) edges.add(edge);
    }
    return inside;
  };
  const markIn = within(marks);
  const focusIn = within(focus);
  const sorted = [...edges].sort((a, b) => a - b);
  const runs: SourceRun[] = [];
  // Both lists are sorted and disjoint: one pointer each walks them along with the edges.
  let m = 0;
  let f = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i]!;
    const end = sorted[i + 1]!;
    while (m < markIn.length && markIn[m]!.end <= start) m++;
    while (f < focusIn.length && focusIn[f]!.end <= start) f++;
    const term = m < markIn.length && markIn[m]!.start <= start;
    const isFocus = f < focusIn.length && focusIn[f]!.start <= start;
    const last = runs.at(-1);
    if (last && last.term === term && last.focus === isFocus) {
      last.text += text.slice(start, end);
    } else {
      runs.push({ text: text.slice(start, end), start, term, focus: isFocus });
    }
  }
  return runs;
}

// A whole run of whitespace with at least one line break in it.
const LINE_GAP = /\s*[\n\r\u2028\u2029]\s*/g;

/** `text[from, to)` of a passage as parts: runs of text, and the line-break gaps between them. */
export function passageParts(
  text: string,
  from: number,
  to: number,
  marks: readonly Span[],
  focus: readonly Span[],
): SourcePart[] {
  const parts: SourcePart[] = [];
  const push = (start: number, end: number, gap: boolean) => {
    if (end > start) parts.push({ start, gap, runs: layerRuns(text, start, end, marks, focus) });
  };
  let at = from;
  for (const match of text.slice(from, to).matchAll(LINE_GAP)) {
    const start = from + match.index;
    push(at, start, false);
    push(start, start + match[0].length, true);
    at = start + match[0].length;
  }
  push(at, to, false);
  return parts;
}

/** The active passage's best-matching sentences (none without query terms or a passage). */
export function passageFocus(text: string, hit: Span | undefined, terms: ReadonlySet<string>) {
  return hit ? focusSentences(text, trimSpan(text, hit.start, hit.end), terms) : [];
}

/**
 * `text[view]` as pieces: passages (trimmed of surrounding whitespace; the active one `current`
 * kept whole over its neighbours, each cut into parts at its line breaks) and the text between
 * them, split into runs by `marks` (query words) and, in the active passage, `focus` (its
 * emphasised sentences).
 */
export function sourcePieces(
  text: string,
  view: Span,
  hits: readonly Span[],
  current: number,
  marks: readonly Span[],
  focus: readonly Span[],
): SourcePiece[] {
  const all = trimSpan(text, 0, text.length);
  const spans = hits.map((hit) => trimSpan(text, hit.start, hit.end));
  const ranges = spans.map((span, id) => ({
    start: span.start - view.start,
    end: span.end - view.start,
    id,
  }));
  return splitForHighlight(text.slice(view.start, view.end), raiseRange(ranges, current)).map(
    (piece) => {
      const start = view.start + piece.start;
      const end = start + piece.text.length;
      if (piece.hit === undefined) {
        return {
          start,
          parts: [{ start, gap: false, runs: layerRuns(text, start, end, marks, []) }],
        };
      }
      const span = spans[piece.hit]!;
      const whole = span.start <= all.start && span.end >= all.end;
      const parts = passageParts(text, start, end, marks, piece.hit === current ? focus : []);
      return { start, hit: piece.hit, whole, parts };
    },
  );
}
