// DOCX extraction on real zips built in the test: heading paths from Word heading styles, body
// text, and files that are not Word documents.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { extractDocument } from './index';
import { sectionCoverageProblem } from './sections';
import { makeDocx, sampleDocx } from '../../../test/documents';
import { problemOf } from '../../../test/expect-problem';

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
