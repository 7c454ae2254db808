// Markdown (pure; worker or Node): the text is kept exactly as written (it is what people search
// and read) and split into sections at ATX (`# Title`) and Setext (underlined) headings.
import { HeadingPath, sectionsFromHeadings, type HeadingStart } from './sections';
import type { TextSection } from './types';

interface Line {
  start: number;
  text: string;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  for (let start = 0; start <= text.length;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    lines.push({ start, text: text.slice(start, end).replace(/\r$/, '') });
    if (nl < 0) break;
    start = nl + 1;
  }
  return lines;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
// Lines that start some other block, so a following "---" is a rule, not a heading underline.
const NOT_PARAGRAPH = /^ {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|>|#|\||<|`{3}|~{3})|^(?: {4}|\t)/;

/** Heading text as a reader sees it: closing #s, links, code spans and emphasis marks removed. */
function plainHeading(raw: string): string {
  return raw
    .replace(/(?:^|[ \t]+)#+[ \t]*$/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__|\*|_|~~)(\S(?:.*?\S)?)\1/g, '$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Leading YAML front matter ("---" … "---"), whose closing line is not a Setext underline. */
function frontMatterEnd(lines: Line[]): number {
  if (lines[0]?.text.trimEnd() !== '---') return 0;
  const close = lines.findIndex((l, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(l.text));
  return close < 0 ? 0 : close + 1;
}

export function markdownSections(text: string): TextSection[] {
  const lines = linesOf(text);
  const path = new HeadingPath();
  const starts: HeadingStart[] = [];
  let fence: { char: string; length: number } | null = null;
  // First line of the paragraph being read: a Setext underline turns all of it into a heading.
  let paragraph = -1;
  for (let i = frontMatterEnd(lines); i < lines.length; i++) {
    const line = lines[i]!.text;
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      const closing = fenceMatch?.[1];
      if (
        closing?.[0] === fence.char &&
        closing.length >= fence.length &&
        !/\S/.test(line.slice(line.indexOf(closing) + closing.length))
      ) {
        fence = null;
      }
      continue;
    }
    if (fenceMatch?.[1]) {
      fence = { char: fenceMatch[1][0]!, length: fenceMatch[1].length };
      paragraph = -1;
      continue;
    }
    const atx = ATX.exec(line);
    if (atx) {
      const title = plainHeading(atx[2] ?? '');
      if (title)
        starts.push({ start: lines[i]!.start, headings: path.enter(atx[1]!.length, title) });
      paragraph = -1;
      continue;
    }
    const underline = SETEXT.exec(line);
    if (underline && paragraph >= 0) {
      const title = plainHeading(
        lines
          .slice(paragraph, i)
          .map((l) => l.text)
          .join(' '),
      );
      const level = underline[1]![0] === '=' ? 1 : 2;
      if (title)
        starts.push({ start: lines[paragraph]!.start, headings: path.enter(level, title) });
      paragraph = -1;
      continue;
    }
    if (!/\S/.test(line)) paragraph = -1;
    else if (paragraph < 0 && !NOT_PARAGRAPH.test(line)) paragraph = i;
  }
  return sectionsFromHeadings(text.length, starts);
}
