// A result snippet made readable (pure): blank-line runs folded to one line break, and in Markdown
// the heading lines (the result's location shows the heading path) and the markup that is not text
// (emphasis and code delimiters, link targets, quote markers) taken out. The query-word marks move
// with the text, so they still cover their words.

export interface ReadableSnippet {
  text: string;
  marks: Array<[number, number]>;
}

/** Markdown syntax to drop: each match's capture groups are the parts that stay. */
const MARKDOWN_RULES: RegExp[] = [
  /^[ \t]{0,3}#{1,6}[ \t]+.*(?:\n|$)/gm, // ATX heading lines
  /^[ \t]{0,3}>[ \t]?(.*)$/gm, // block quote markers
  /!?\[([^\]\n]+)\]\([^)\s]*(?:[ \t]+"[^"\n]*")?\)/g, // links and images: the label stays
  /(?<![*\w])\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*(?![*\w])/g, // **strong**
  /(?<![_\w])__(?=\S)([^_\n]+?)(?<=\S)__(?![_\w])/g, // __strong__
  /(?<![*\w])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![*\w])/g, // *emphasis*
  /`([^`\n]+)`/g, // `code`
];

/** Blank lines and the spaces on them: all but the first line break go. */
const BLANK_RUN = /\n(?:[ \t]*\n)+/g;

/** Marks removed characters in `drop` for each rule match, keeping its capture groups. */
function dropMatches(text: string, rule: RegExp, drop: Uint8Array): void {
  for (const match of text.matchAll(new RegExp(rule.source, `${rule.flags}d`))) {
    const [start, end] = match.indices![0]!;
    if (drop.subarray(start, end).some((d) => d === 1)) continue; // overlaps an earlier rule
    drop.fill(1, start, end);
    for (const kept of match.indices!.slice(1)) if (kept) drop.fill(0, kept[0], kept[1]);
  }
}

/** `text` with Markdown markup (when `format` is markdown) and blank-line runs taken out. */
export function readableSnippet(
  text: string,
  marks: ReadonlyArray<readonly [number, number]> = [],
  format?: string,
): ReadableSnippet {
  const drop = new Uint8Array(text.length);
  if (format === 'markdown') for (const rule of MARKDOWN_RULES) dropMatches(text, rule, drop);
  // A chunk of nothing but headings keeps them: an empty snippet says less.
  if (drop.every((d) => d === 1)) drop.fill(0);
  for (const match of text.matchAll(BLANK_RUN))
    drop.fill(1, match.index + 1, match.index + match[0].length);
  // Position i of the original → position in the result (kept characters before it).
  const at = new Uint32Array(text.length + 1);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    at[i] = out.length;
    if (drop[i] === 0) out += text[i];
  }
  at[text.length] = out.length;
  const moved = marks
    .map(([start, end]): [number, number] => [at[start] ?? out.length, at[end] ?? out.length])
    .filter(([start, end]) => end > start);
  // Leading breaks left by dropped headings or quotes read as a gap.
  const lead = /^\s*/.exec(out)![0].length;
  return {
    text: out.slice(lead).trimEnd(),
    marks: moved.map(([s, e]): [number, number] => [Math.max(0, s - lead), Math.max(0, e - lead)]),
  };
}
