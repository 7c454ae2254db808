// Markdown: text kept as written, sections at ATX and Setext headings, code fences respected.
import { describe, expect, it } from 'vitest';
import { extractDocument } from './index';
import { markdownSections } from './markdown';
import { sectionCoverageProblem } from './sections';

const MD = `Preamble line.

# Title

Intro text.

Setext Two
----------

Body under setext.

\`\`\`sh
# not a heading
echo hi
\`\`\`

### Third *level* ###

Deep text.

Another Top
===========

- list item
---

Tail.
`;

describe('Markdown', () => {
  it('keeps the text and finds ATX and Setext headings outside code fences', async () => {
    const doc = await extractDocument('notes.md', new TextEncoder().encode(MD));
    expect(doc.format).toBe('markdown');
    expect(doc.text).toBe(MD);
    expect(sectionCoverageProblem(doc.text, doc.sections)).toBeNull();
    const view = doc.sections.map((s) => [
      doc.text.slice(s.start, s.end).split('\n')[0],
      s.headings,
    ]);
    expect(view).toEqual([
      ['Preamble line.', undefined],
      ['# Title', ['Title']],
      ['Setext Two', ['Title', 'Setext Two']],
      ['### Third *level* ###', ['Title', 'Setext Two', 'Third level']],
      ['Another Top', ['Another Top']],
    ]);
  });

  it('handles CRLF, front matter, multi-line Setext headings and tilde fences', () => {
    const text = [
      '---',
      'title: Not a heading',
      '---',
      'A heading',
      'over two lines',
      '===',
      '~~~~',
      '## inside tildes',
      '~~~',
      '~~~~',
      '## [Linked](http://x) `code`',
    ].join('\r\n');
    const sections = markdownSections(text);
    expect(sectionCoverageProblem(text, sections)).toBeNull();
    expect(sections.map((s) => s.headings)).toEqual([
      undefined,
      ['A heading over two lines'],
      ['A heading over two lines', 'Linked code'],
    ]);
  });

  it('does not treat #hashtags or 7 hashes as headings', () => {
    expect(markdownSections('#tag\n####### seven\n    # indented code')).toEqual([
      { start: 0, end: 38 },
    ]);
  });
});
