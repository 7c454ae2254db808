// Section bookkeeping shared by the extractors (pure): turning heading positions into sections
// that tile the whole text, and checking that a list of sections does.
import type { TextSection } from './types';

/** Where a heading's section starts in the text, and its heading path (outermost first). */
export interface HeadingStart {
  start: number;
  headings: string[];
}

/**
 * Sections that cover [0, length): the text before the first heading (no heading path), then one
 * per heading up to the next. Headings must be in text order; empty runs are dropped.
 */
export function sectionsFromHeadings(length: number, starts: HeadingStart[]): TextSection[] {
  const sections: TextSection[] = [];
  const push = (start: number, end: number, headings?: string[]) => {
    if (end > start) sections.push(headings ? { start, end, headings } : { start, end });
  };
  push(0, Math.min(starts[0]?.start ?? length, length));
  starts.forEach((h, i) =>
    push(h.start, Math.min(starts[i + 1]?.start ?? length, length), h.headings),
  );
  return sections;
}

/** Heading paths as a stack: a heading of level n closes every open heading of level ≥ n. */
export class HeadingPath {
  #open: { level: number; text: string }[] = [];

  /** Enters a heading and returns the path down to it. */
  enter(level: number, text: string): string[] {
    while ((this.#open.at(-1)?.level ?? 0) >= level) this.#open.pop();
    this.#open.push({ level, text });
    return this.#open.map((h) => h.text);
  }
}

/** Why `sections` do not tile `text` exactly, or null when they do (used by the tests). */
export function sectionCoverageProblem(text: string, sections: TextSection[]): string | null {
  let at = 0;
  for (const [i, s] of sections.entries()) {
    if (s.start !== at) return `section ${i} starts at ${s.start}, expected ${at}`;
    if (s.end <= s.start) return `section ${i} is empty or reversed (${s.start}..${s.end})`;
    at = s.end;
  }
  return at === text.length ? null : `sections end at ${at}, text is ${text.length} long`;
}
