// The DOCX text counter: what it counts (as the extracted text has it at least), what it leaves
// out as mammoth does, chunks cut anywhere, and a scan that stops reading XML once past the limit.
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DocxTextCounter, scanDocxText } from './docx-text-scan';
import { extractDocument } from './index';
import { makeDocx, sampleDocx } from '../../../test/documents';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const body = (xml: string, root = `<w:document xmlns:w="${W}" xmlns:mc="${MC}">`) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${root}<w:body>${xml}</w:body></w:document>`;

/** The count of `xml`, fed whole and fed in pieces of `size` characters. */
function counts(xml: string, size = 0): number {
  const counter = new DocxTextCounter();
  if (!size) counter.feed(xml);
  else for (let at = 0; at < xml.length; at += size) counter.feed(xml.slice(at, at + size));
  return counter.chars;
}

const run = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;

describe('DocxTextCounter', () => {
  it('counts runs, collapsed whitespace, entities and breaks between text', () => {
    const xml = body(
      `<w:p>${run('  Fish &amp; chips  ')}${run('  are  ')}<w:r><w:tab/></w:r>${run('hot')}</w:p>` +
        `<w:p/><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>${run('Next')}<w:r><w:br/>` +
        `<w:t>line</w:t><w:noBreakHyphen/></w:r></w:p>`,
    );
    // "Fish & chips are hot" + break + "Next" + break + "line" + "‑"
    expect(counts(xml)).toBe('Fish & chips are hot'.length + 1 + 4 + 1 + 4 + 1);
    for (const size of [1, 2, 3, 7, 64]) expect(counts(xml, size)).toBe(counts(xml));
  });

  it('leaves out deletions, field codes, choices with a fallback and attribute values', () => {
    const xml = body(
      `<w:p>${run('kept')}<w:del w:author="a > b"><w:r><w:t>deleted</w:t></w:r></w:del>` +
        `<w:moveFrom><w:r><w:t>moved</w:t></w:r></w:moveFrom>` +
        `<w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r>` +
        `<mc:AlternateContent><mc:Choice Requires="wps"><w:p>${run('choice')}</w:p></mc:Choice>` +
        `<mc:Fallback><w:p>${run('fallback')}</w:p></mc:Fallback></mc:AlternateContent>` +
        `<w:r><w:t/></w:r><w:r w:rsidR="00A1"><w:t>end</w:t></w:r></w:p>`,
    );
    expect(counts(xml)).toBe('keptfallbackend'.length + 1);
  });

  it('follows the prefix the root gives the WordprocessingML namespace', () => {
    const xml =
      `<x:document xmlns:x="${W}"><x:body><x:p><x:r><x:t>own prefix</x:t></x:r></x:p>` +
      `<w:p><w:r><w:t>not Word</w:t></w:r></w:p></x:body></x:document>`;
    expect(counts(xml)).toBe('own prefix'.length);
  });

  it('counts no more than the text extracted from a real document', async () => {
    const docx = sampleDocx();
    const { text } = await extractDocument('report.docx', docx);
    // Paragraphs are separated by a blank line in the text, by one character in the count.
    expect(scanDocxText(docx, Infinity).chars).toBe(text.replace(/\n\n/g, '\n').length);
  });
});

describe('scanDocxText', () => {
  const paragraphs = Array.from(
    { length: 20_000 },
    (_, i) => `Paragraph ${i} of the report, with ${(i * 7919) % 10007} words to read.`,
  );
  const docx = makeDocx(paragraphs);
  const xmlLength = unzipSync(docx)['word/document.xml']!.length;

  it('stops reading the XML soon after its text passes the limit', () => {
    const all = scanDocxText(docx, Infinity);
    expect(all.over).toBe(false);
    expect(all.xmlBytes).toBe(xmlLength);
    const over = scanDocxText(docx, 5000);
    expect(over.over).toBe(true);
    expect(over.chars).toBeGreaterThan(5000);
    expect(over.chars).toBeLessThan(5100);
    expect(over.xmlBytes).toBeLessThan(xmlLength / 10);
  });

  it('finds the main part where the package relationships say it is', () => {
    const parts = unzipSync(makeDocx(['Somewhere else.']));
    parts['word/main.xml'] = parts['word/document.xml']!;
    delete parts['word/document.xml'];
    const rels = new TextDecoder().decode(parts['_rels/.rels']);
    parts['_rels/.rels'] = strToU8(rels.replace('word/document.xml', '/word/main.xml'));
    const zip = zipSync(parts);
    expect(scanDocxText(zip, 5)).toMatchObject({ chars: 15, over: true });
    expect(scanDocxText(zip, 15)).toMatchObject({ chars: 15, over: false });
  });

  it('counts nothing in a zip without a main document (mammoth reports it)', () => {
    const zip = zipSync({ 'hello.txt': strToU8('hello') });
    expect(scanDocxText(zip, 0)).toEqual({ chars: 0, over: false, xmlBytes: 0 });
  });
});
