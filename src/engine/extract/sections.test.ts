// Property test: for every format, on many random documents, the sections tile the extracted
// text exactly (in order, no gaps, no overlaps, nothing empty), whatever the input looks like.
import { describe, expect, it } from 'vitest';
import { extractDocument, ExtractionError, type ExtractedDocument } from './index';
import { HeadingPath, sectionCoverageProblem, sectionsFromHeadings } from './sections';
import { makeDocx, makePdf, type DocxParagraph, type PdfPageSpec } from '../../../test/documents';

function random(seed: number) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  return { next, int, pick };
}
type Random = ReturnType<typeof random>;

const WORDS = [
  'otter',
  'río',
  'naïve',
  '世界',
  'x',
  '(paren)',
  'a&b',
  '<b>',
  '#',
  '---',
  '  ',
  '\t',
];
const words = (r: Random, n: number) => Array.from({ length: n }, () => r.pick(WORDS)).join(' ');

const markdown = (r: Random) =>
  Array.from({ length: r.int(30) }, () =>
    r.pick([
      () => `${'#'.repeat(1 + r.int(7))} ${words(r, r.int(4))}`,
      () => '===',
      () => '-----',
      () => '```',
      () => '~~~',
      () => '',
      () => `- ${words(r, 2)}`,
      () => words(r, 1 + r.int(6)),
    ])(),
  ).join(r.next() < 0.3 ? '\r\n' : '\n');

const TAGS = ['p', 'div', 'h1', 'h2', 'h3', 'h6', 'pre', 'script', 'style', 'li', 'td', 'b', 'br'];
function html(r: Random, depth = 0): string {
  return Array.from({ length: r.int(6) }, () => {
    if (depth > 3 || r.next() < 0.4) return r.pick([words(r, r.int(5)), '&amp;', '&nbsp;', '\n']);
    const tag = r.pick(TAGS);
    return `<${tag}>${html(r, depth + 1)}${r.next() < 0.9 ? `</${tag}>` : ''}`;
  }).join('');
}

const asciiLine = (r: Random) => words(r, 1 + r.int(5)).replace(/[^\x20-\x7e]/g, 'e');
const pdfPages = (r: Random): PdfPageSpec[] =>
  Array.from({ length: 1 + r.int(4) }, () =>
    r.next() < 0.25
      ? { graphics: '0 0 1 rg 10 10 50 50 re f' }
      : { lines: Array.from({ length: r.int(4) }, () => asciiLine(r)) },
  );
const docxParagraphs = (r: Random): DocxParagraph[] =>
  Array.from({ length: r.int(10) }, () =>
    r.next() < 0.3
      ? { heading: (1 + r.int(3)) as 1 | 2 | 3, text: words(r, r.int(3)) }
      : words(r, r.int(8)),
  );

const enc = (s: string) => new TextEncoder().encode(s);
const CASES: [string, number, (r: Random) => Uint8Array][] = [
  ['notes.md', 300, (r) => enc(markdown(r))],
  ['page.html', 300, (r) => enc(html(r))],
  ['scan.pdf', 25, (r) => makePdf(pdfPages(r))],
  ['letter.docx', 25, (r) => makeDocx(docxParagraphs(r))],
  ['plain.txt', 50, (r) => enc(words(r, r.int(40)))],
  ['main.rs', 20, (r) => enc(`fn main() { ${words(r, r.int(10))} }`)],
  ['rows.csv', 20, (r) => enc(`a,b\n${words(r, r.int(10))}`)],
  ['data.json', 20, (r) => enc(JSON.stringify({ k: words(r, r.int(10)) }))],
];

describe('sections cover the text exactly', () => {
  it.each(CASES)('%s (%i random documents)', async (name, runs, make) => {
    let extracted = 0;
    let split = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const bytes = make(random(seed * 7919));
      let doc: ExtractedDocument;
      try {
        doc = await extractDocument(name, bytes);
      } catch (error) {
        // Only documents with nothing readable (or no bytes at all) may be refused.
        expect(error).toBeInstanceOf(ExtractionError);
        expect(['no-text', 'empty']).toContain((error as ExtractionError).problem);
        continue;
      }
      extracted++;
      if (doc.sections.length > 1) split++;
      expect(sectionCoverageProblem(doc.text, doc.sections), `seed ${seed}`).toBeNull();
      for (const s of doc.sections) {
        if (s.headings) expect(s.headings.every((h) => h.trim() === h && h !== '')).toBe(true);
      }
      const pages = doc.sections.flatMap((s) => (s.page ? [s.page] : []));
      expect(pages).toEqual([...pages].sort((a, b) => a - b));
    }
    expect(extracted).toBeGreaterThan(runs / 2);
    // The structured formats must actually be split often, or the property says little.
    if (/\.(md|html|pdf|docx)$/.test(name)) expect(split).toBeGreaterThan(runs / 5);
  });
});

describe('section helpers', () => {
  it('builds sections from heading starts, dropping empty runs', () => {
    expect(
      sectionsFromHeadings(10, [
        { start: 0, headings: ['A'] },
        { start: 4, headings: ['B'] },
        { start: 4, headings: ['C'] },
      ]),
    ).toEqual([
      { start: 0, end: 4, headings: ['A'] },
      { start: 4, end: 10, headings: ['C'] },
    ]);
    expect(sectionsFromHeadings(3, [])).toEqual([{ start: 0, end: 3 }]);
  });

  it('keeps heading paths as a stack by level', () => {
    const path = new HeadingPath();
    expect(path.enter(2, 'a')).toEqual(['a']);
    expect(path.enter(4, 'b')).toEqual(['a', 'b']);
    expect(path.enter(3, 'c')).toEqual(['a', 'c']);
    expect(path.enter(1, 'd')).toEqual(['d']);
  });
});
