// DOCX extraction on real zips built in the test: heading paths from Word heading styles, body
// text, files that are not Word documents, and zip bombs refused before mammoth unpacks them.
import { strToU8, unzipSync, zipSync } from 'fflate';
import mammoth from 'mammoth';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from './index';
import { sectionCoverageProblem } from './sections';
import { MAX_ZIP_ENTRIES, measureUnpacked } from '../../core/zip-reader';
import { makeDocx, makeDocxBomb, sampleDocx, understateZipSizes } from '../../../test/documents';
import { problemOf, tooLargeMessage } from '../../../test/expect-problem';

const MB = 2 ** 20;

describe('DOCX', () => {
  it('extracts paragraphs with heading paths', async () => {
    const doc = await extractDocument('report.docx', sampleDocx());
    expect(doc.format).toBe('docx');
    expect(doc.warnings).toEqual([]);
    expect(Object.keys(doc).sort()).toEqual(['format', 'sections', 'text', 'warnings']);
    expect(doc.text).toBe(
      'Quarterly Report\n\nRevenue grew in every region.\n\nRisks & Outlook\n\n' +
        'Supply chains remain fragile.\n\nWe expect a calmer second half.',
    );
    expect(sectionCoverageProblem(doc.text, doc.sections)).toBeNull();
    const view = doc.sections.map((s) => [doc.text.slice(s.start, s.end).trim(), s.headings]);
    expect(view).toEqual([
      ['Quarterly Report\n\nRevenue grew in every region.', ['Quarterly Report']],
      [
        'Risks & Outlook\n\nSupply chains remain fragile.\n\nWe expect a calmer second half.',
        ['Quarterly Report', 'Risks & Outlook'],
      ],
    ]);
  });

  it('keeps text before the first heading in a section without headings', async () => {
    const doc = await extractDocument(
      'notes.docx',
      makeDocx(['Preface.', { heading: 1, text: 'One' }, 'Body.', { heading: 1, text: 'Two' }]),
    );
    expect(doc.sections.map((s) => s.headings)).toEqual([undefined, ['One'], ['Two']]);
  });

  it('reports a document without text', async () => {
    expect((await problemOf('blank.docx', makeDocx(['', '   ']))).problem).toBe('no-text');
  });

  it('reports a file that is not a zip as corrupt', async () => {
    const error = await problemOf('fake.docx', strToU8('This is not a Word document at all.'));
    expect(error.problem).toBe('corrupt');
    expect(error.message).toBe('This DOCX file is damaged or not a Word document.');
  });

  it('reports a zip without word/document.xml as corrupt', async () => {
    const zip = zipSync({ 'hello.txt': strToU8('hello') });
    expect((await problemOf('other.docx', zip)).problem).toBe('corrupt');
  });

  it('reports a truncated DOCX as corrupt', async () => {
    const bytes = sampleDocx();
    expect((await problemOf('cut.docx', bytes.subarray(0, bytes.length >> 1))).problem).toBe(
      'corrupt',
    );
  });

  it('recognises a password-protected Office file by its signature', async () => {
    // Not a complete compound file: the OLE header magic and the UTF-16 name of the
    // EncryptedPackage stream, which is what the check reads.
    const bytes = new Uint8Array(1024);
    bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    bytes.set(
      [...'EncryptedPackage'].flatMap((c) => [c.charCodeAt(0), 0]),
      512,
    );
    expect((await problemOf('locked.docx', bytes)).problem).toBe('encrypted');
  });
});

describe('DOCX limits', () => {
  afterEach(() => vi.restoreAllMocks());

  /** Spies on mammoth's two entry points, so a test can tell whether it ever ran. */
  const spyMammoth = () => [
    vi.spyOn(mammoth, 'convertToHtml'),
    vi.spyOn(mammoth, 'extractRawText'),
  ];

  it('refuses a zip bomb with its message, quickly, before mammoth runs', async () => {
    expect(DEFAULT_EXTRACT_LIMITS.maxUnpackedBytes).toBe(64 * MB);
    const bomb = makeDocxBomb(72 * MB);
    expect(bomb.length).toBeLessThan(MB / 4);
    const mammothCalls = spyMammoth();
    for (const zip of [bomb, understateZipSizes(bomb)]) {
      const started = performance.now();
      const error = await problemOf('bomb.docx', zip);
      const ms = performance.now() - started;
      expect(error.problem).toBe('too-large');
      expect(error.message).toBe(
        'The document expands to more than 64 MB when unpacked (a zip bomb?); ' +
          'the limit is 64 MB, set in Model settings.',
      );
      // Inflating 64 MB and dropping it takes a fraction of a second; mammoth took minutes.
      expect(ms).toBeLessThan(10_000);
    }
    for (const spy of mammothCalls) expect(spy).not.toHaveBeenCalled();
  });

  it('refuses a zip of more parts than any Word document has, with its message', async () => {
    const parts = unzipSync(sampleDocx());
    for (let i = 0; i < MAX_ZIP_ENTRIES; i++) parts[`word/media/p${i}.xml`] = strToU8('<p/>');
    const mammothCalls = spyMammoth();
    const error = await problemOf('parts.docx', zipSync(parts, { level: 0 }));
    expect(error.problem).toBe('too-large');
    expect(error.message).toBe(
      'This DOCX holds more than 16,384 parts (a zip bomb?); Sieve does not read it.',
    );
    for (const spy of mammothCalls) expect(spy).not.toHaveBeenCalled();
  });

  it('reads the same kind of document when it unpacks to less than the limit', async () => {
    const small = makeDocxBomb(MB);
    const [convert] = spyMammoth();
    const doc = await extractDocument('small.docx', small, { ...DEFAULT_EXTRACT_LIMITS });
    expect(convert).toHaveBeenCalledOnce();
    expect(doc.text).toMatch(/^z{1000}/);
    // The limit is on the unpacked total of every part: exactly that passes, a byte less does not.
    const { bytes } = measureUnpacked(small, Infinity);
    expect(bytes).toBeGreaterThan(MB);
    const limits = { ...DEFAULT_EXTRACT_LIMITS, maxUnpackedBytes: bytes };
    expect((await extractDocument('small.docx', small, limits)).text).toBe(doc.text);
    const error = await problemOf('small.docx', small, { ...limits, maxUnpackedBytes: bytes - 1 });
    expect(error.problem).toBe('too-large');
    expect(error.message).toMatch(/^The document expands to more than 1\.9 MB when unpacked/);
    expect(convert).toHaveBeenCalledTimes(2);
  });

  it('refuses a document with more text than the limit, with its own message', async () => {
    const docx = makeDocx(Array.from({ length: 40 }, (_, i) => `Paragraph ${i} of the report.`));
    const limits = { ...DEFAULT_EXTRACT_LIMITS, maxTextChars: 500 };
    expect(await tooLargeMessage('long.docx', docx, limits)).toBe(
      'This file has more than 500 characters of text; the limit is 500 characters of text ' +
        'per file, set in Model settings.',
    );
    const roomy = { ...limits, maxTextChars: 5000 };
    expect((await extractDocument('long.docx', docx, roomy)).text).toContain('Paragraph 39');
  });

  it('stops at the limit while reading the XML, before mammoth parses it', async () => {
    // Text past the limit, then a tail no XML parser reads: only a check made while the text is
    // read (not once mammoth has it all) answers "too much text" rather than "damaged".
    const paragraphs = Array.from({ length: 400 }, (_, i) => `Paragraph ${i} of the report.`);
    const parts = unzipSync(makeDocx(paragraphs));
    const xml = new TextDecoder().decode(parts['word/document.xml']);
    const tail = '<w:p><w:r><w:t>unreadable</w:x></w:p>';
    parts['word/document.xml'] = strToU8(xml.replace('</w:body>', `${tail}</w:body>`));
    const docx = zipSync(parts);
    const mammothCalls = spyMammoth();
    const limits = { ...DEFAULT_EXTRACT_LIMITS, maxTextChars: 1000 };
    expect(await tooLargeMessage('long.docx', docx, limits)).toMatch(
      /^This file has more than 1000 characters of text; the limit is 1000 characters/,
    );
    for (const spy of mammothCalls) expect(spy).not.toHaveBeenCalled();
    const roomy = { ...limits, maxTextChars: 100_000 };
    expect((await problemOf('long.docx', docx, roomy)).problem).toBe('corrupt');
  });

  it('holds the text mammoth makes to the limit exactly, as it is built', async () => {
    const docx = makeDocx(['One two three.', 'Four five six.']);
    const { text } = await extractDocument('short.docx', docx);
    expect(text).toBe('One two three.\n\nFour five six.');
    // The count before mammoth has one character between paragraphs: the text has two.
    const exact = { ...DEFAULT_EXTRACT_LIMITS, maxTextChars: text.length };
    expect((await extractDocument('short.docx', docx, exact)).text).toBe(text);
    const [convert] = spyMammoth();
    const under = { ...exact, maxTextChars: text.length - 1 };
    expect(await tooLargeMessage('short.docx', docx, under)).toMatch(
      /^This file has more than 29 /,
    );
    expect(convert).toHaveBeenCalledOnce();
  });
});
