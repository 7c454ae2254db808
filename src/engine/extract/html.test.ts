// HTML extraction without a DOM: nothing runs, hidden content is dropped, entities are decoded,
// blocks become breaks, and headings give sections their path.
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from './index';
import { htmlToText } from './html';
import { HeadingPath, sectionCoverageProblem } from './sections';

const enc = (s: string) => new TextEncoder().encode(s);
const flag = globalThis as { __sieveHtmlRan?: boolean };

const PAGE = `<!doctype html>
<html><head>
  <title>Ignored &amp; unused</title>
  <style>body { color: red } .secret::after { content: "style text" }</style>
  <script>globalThis.__sieveHtmlRan = true; throw new Error("script ran");</script>
</head>
<body onload="globalThis.__sieveHtmlRan = true">
  <p>Intro &ldquo;quoted&rdquo; &amp; caf&eacute; &#x2014; &lt;tag&gt;</p>
  <!-- a comment that must not appear -->
  <h1>Guide</h1>
  <p>First   paragraph
     wrapped.</p>
  <img src="x" onerror="globalThis.__sieveHtmlRan = true">
  <h2>Install <em>quickly</em></h2>
  <ul><li>one</li><li>two</li></ul>
  <noscript>Enable JavaScript</noscript>
  <template><p>template text</p></template>
  <h3>Deep</h3>
  <pre>
  keep   this
    spacing</pre>
  <h2>Use</h2>
  <table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>
  <p>Line<br>break</p>
  <script type="module">import "x"; globalThis.__sieveHtmlRan = true;</script>
</body></html>`;

describe('HTML', () => {
  it('extracts visible text and heading sections without running anything', async () => {
    delete flag.__sieveHtmlRan;
    const doc = await extractDocument('page.html', enc(PAGE));
    expect(flag.__sieveHtmlRan).toBeUndefined();
    expect(doc.format).toBe('html');
    expect(doc.text).toBe(
      [
        'Intro “quoted” & café — <tag>',
        'Guide',
        'First paragraph wrapped.',
        'Install quickly',
        'one\ntwo',
        'Deep',
        '  keep   this\n    spacing',
        'Use',
        'a b\nc d',
        'Line\nbreak',
      ].join('\n\n'),
    );
    for (const hidden of ['script ran', 'color', 'style text', 'comment', 'Enable', 'template']) {
      expect(doc.text).not.toContain(hidden);
    }
    expect(sectionCoverageProblem(doc.text, doc.sections)).toBeNull();
    const view = doc.sections.map((s) => [
      doc.text.slice(s.start, s.end).split('\n')[0],
      s.headings,
    ]);
    expect(view).toEqual([
      ['Intro “quoted” & café — <tag>', undefined],
      ['Guide', ['Guide']],
      ['Install quickly', ['Guide', 'Install quickly']],
      ['Deep', ['Guide', 'Install quickly', 'Deep']],
      ['Use', ['Guide', 'Use']],
    ]);
  });

  it('uses the title as the top heading when there is no h1', () => {
    const { sections, title } = htmlToText(
      '<title>Field &amp; Notes</title><p>Intro</p><h2>Birds</h2><p>Owls</p>',
    );
    expect(title).toBe('Field & Notes');
    expect(sections.map((s) => s.headings)).toEqual([
      ['Field & Notes'],
      ['Field & Notes', 'Birds'],
    ]);
  });

  it('ignores empty headings and survives broken markup', () => {
    const { text, sections } = htmlToText('<h1></h1><p>Text <b>bold<i>mixed</b> tail<h2>Next');
    expect(text).toBe('Text boldmixed tail\n\nNext');
    expect(sections).toEqual([
      { start: 0, end: 21 },
      { start: 21, end: 25, headings: ['Next'] },
    ]);
  });

  it('reports a page without visible text', async () => {
    await expect(
      extractDocument('empty.htm', enc('<html><script>var a = 1;</script></html>')),
    ).rejects.toMatchObject({ problem: 'no-text' });
  });
});

describe('HTML text limit', () => {
  it('stops parsing once the text passes the limit, not after', async () => {
    const section = (i: number) => `<h2>Part ${i}</h2><p>${'Some words to read. '.repeat(20)}</p>`;
    const html = `<h1>Long</h1>${Array.from({ length: 1000 }, (_, i) => section(i)).join('')}`;
    const limits = { ...DEFAULT_EXTRACT_LIMITS, maxTextChars: 4000 };
    const enter = vi.spyOn(HeadingPath.prototype, 'enter');
    const error = await extractDocument('long.html', enc(html), limits).catch((e: unknown) => e);
    expect(error).toMatchObject({ problem: 'too-large' });
    // About 400 characters a part: the parser stopped in the tenth of a thousand parts.
    expect(enter.mock.calls.length).toBeLessThan(12);
    enter.mockRestore();
    // Markup longer than the limit whose text is not is read.
    const markup = `<p class="${'x'.repeat(8000)}">Short text.</p>`;
    expect((await extractDocument('wide.html', enc(markup), limits)).text).toBe('Short text.');
    expect(htmlToText('<p>abc</p><p>de</p>', 7).text).toBe('abc\n\nde');
    expect(() => htmlToText('<p>abc</p><p>de</p>', 6)).toThrow(/more than 6 characters/);
  });
});
