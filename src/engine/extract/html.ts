// HTML to searchable text without a DOM and without running anything (pure; worker or Node):
// htmlparser2 tokenizes, scripts, styles and templates are dropped, block elements become line or
// paragraph breaks, and <h1>–<h6> start sections with their heading path. Also used for DOCX.
import { Parser } from 'htmlparser2';
import { tooMuchText } from './limits';
import { HeadingPath, sectionsFromHeadings, type HeadingStart } from './sections';
import type { TextSection } from './types';

/** Elements whose content is never text a reader sees (or is fallback for something else). */
const SKIPPED = new Set('script style noscript template svg iframe object select'.split(' '));
const PARAGRAPH = new Set(
  `p h1 h2 h3 h4 h5 h6 pre blockquote table ul ol dl section article header footer main nav aside
   figure form fieldset address details hr body center`.split(/\s+/),
);
const LINE = new Set('div li tr dt dd caption figcaption summary legend option br'.split(' '));
const CELL = new Set(['td', 'th']);

// Break strength between two runs of text: none, a space, a line break, a blank line.
const SPACE = 1;
const LINE_BREAK = 2;
const PARAGRAPH_BREAK = 3;
const GAP_TEXT = ['', ' ', '\n', '\n\n'];

export interface HtmlText {
  text: string;
  sections: TextSection[];
  /** The <title>, whitespace collapsed ('' if none). */
  title: string;
}

/**
 * Throws tooMuchText as soon as the text passes `maxChars`: the parser stops there, never building
 * more text than the limit (the markup, which is at least as long as its text, may be over it).
 */
export function htmlToText(html: string, maxChars = Infinity): HtmlText {
  let text = '';
  let gap = 0;
  let skipping = 0;
  let preformatted = 0;
  let preJustOpened = false;
  let title = '';
  let inTitle = false;
  let heading: { level: number; start: number; text: string } | null = null;
  let sawH1 = false;
  const path = new HeadingPath();
  const starts: HeadingStart[] = [];

  const breakAt = (strength: number) => {
    gap = Math.max(gap, strength);
  };
  const blockBoundary = (name: string) => {
    if (PARAGRAPH.has(name)) breakAt(PARAGRAPH_BREAK);
    else if (LINE.has(name)) breakAt(LINE_BREAK);
    else if (CELL.has(name)) breakAt(SPACE);
  };
  const write = (s: string) => {
    // Breaks before the first text are dropped; a heading's section starts after its break.
    if (text.length > 0) text += GAP_TEXT[gap];
    gap = 0;
    if (heading && heading.start < 0) heading.start = text.length;
    text += s;
    if (text.length > maxChars) throw tooMuchText(maxChars);
  };

  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipping++;
        if (skipping > 0) return;
        if (name === 'title') inTitle = true;
        if (name === 'pre') {
          preformatted++;
          preJustOpened = true;
        }
        if (/^h[1-6]$/.test(name) && !heading) {
          heading = { level: Number(name[1]), start: -1, text: '' };
        }
        blockBoundary(name);
      },
      ontext(data) {
        if (skipping > 0) return;
        if (inTitle) {
          title += data;
          return;
        }
        if (preformatted > 0) {
          // As in browsers, a newline right after <pre> is not part of the content.
          const content = preJustOpened ? data.replace(/^\r?\n/, '') : data;
          preJustOpened = false;
          if (content) write(content);
        } else {
          const collapsed = data.replace(/[ \t\n\r\f]+/g, ' ');
          const words = collapsed.trim();
          if (collapsed.startsWith(' ')) breakAt(SPACE);
          if (words) write(words);
          if (words && collapsed.endsWith(' ')) breakAt(SPACE);
        }
        if (heading && heading.start >= 0) heading.text += data;
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) {
          skipping = Math.max(0, skipping - 1);
          return;
        }
        if (skipping > 0) return;
        if (name === 'title') inTitle = false;
        if (name === 'pre') preformatted = Math.max(0, preformatted - 1);
        if (heading && name === `h${heading.level}`) {
          const label = heading.text.replace(/\s+/g, ' ').trim();
          if (heading.start >= 0 && label) {
            starts.push({ start: heading.start, headings: path.enter(heading.level, label) });
            if (heading.level === 1) sawH1 = true;
          }
          heading = null;
        }
        blockBoundary(name);
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);

  const pageTitle = title.replace(/\s+/g, ' ').trim();
  const sections = sectionsFromHeadings(text.length, starts);
  // Without an <h1>, the page title is the natural top of every heading path.
  if (!sawH1 && pageTitle) {
    for (const s of sections) s.headings = [pageTitle, ...(s.headings ?? [])];
  }
  return { text, sections, title: pageTitle };
}
