// PDF extraction on real, hand-built PDFs: page sections, password protection, scans without a
// text layer, damaged files, the text limit (checked page by page) and how text items are joined.
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_EXTRACT_LIMITS, extractDocument } from './index';
import { joinTextItems, loadPdfJs } from './pdf';
import { sectionCoverageProblem } from './sections';
import { makeEncryptedPdf } from '../../../test/encrypted-pdf';
import { makePdf, noTextPdf, TWO_PAGE_PDF_TEXT, twoPagePdf } from '../../../test/documents';
import { problemOf, tooLargeMessage } from '../../../test/expect-problem';

describe('PDF', () => {
  it('puts each page in its own section', async () => {
    const doc = await extractDocument('report.pdf', twoPagePdf());
    expect(doc.format).toBe('pdf');
    expect(doc.pages).toBe(2);
    expect(doc.warnings).toEqual([]);
    expect(doc.sections.map((s) => s.page)).toEqual([1, 2]);
    expect(sectionCoverageProblem(doc.text, doc.sections)).toBeNull();
    TWO_PAGE_PDF_TEXT.forEach((lines, i) => {
      const section = doc.sections[i]!;
      expect(doc.text.slice(section.start, section.end).trim()).toBe(lines.join('\n'));
    });
    expect(doc.text).toBe(TWO_PAGE_PDF_TEXT.map((lines) => lines.join('\n')).join('\n\n'));
  });

  it('leaves the caller’s bytes intact (pdf.js may detach what it is given)', async () => {
    const bytes = twoPagePdf();
    await extractDocument('a.pdf', bytes);
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(String.fromCharCode(...bytes.subarray(0, 5))).toBe('%PDF-');
  });

  it('stops at the page whose text passes the limit, with its own message', async () => {
    const pages = Array.from({ length: 40 }, (_, i) => ({
      lines: [`Page ${i + 1} `.padEnd(40, '.')],
    }));
    const bytes = makePdf(pages);
    // pdf.js's page class, from a real page: every page's text goes through getTextContent.
    const pdfjs = await loadPdfJs();
    const task = pdfjs.getDocument({ data: bytes.slice() });
    const pageClass = Object.getPrototypeOf(await (await task.promise).getPage(1)) as {
      getTextContent: () => Promise<unknown>;
    };
    await task.destroy();
    const read = vi.spyOn(pageClass, 'getTextContent');
    try {
      // Pages 1 to 3 make 3 × 40 characters and two page breaks (124); page 4 passes 150.
      const limits = { ...DEFAULT_EXTRACT_LIMITS, maxTextChars: 150 };
      expect(await tooLargeMessage('long.pdf', bytes, limits)).toBe(
        'This file has more than 150 characters of text; the limit is 150 characters of text ' +
          'per file, set in Model settings.',
      );
      expect(read).toHaveBeenCalledTimes(4);
      read.mockClear();
      const all = await extractDocument('long.pdf', bytes, { ...limits, maxTextChars: 2000 });
      expect(all.pages).toBe(40);
      expect(read).toHaveBeenCalledTimes(40);
    } finally {
      read.mockRestore();
    }
  });

  it('skips pages without text and says so', async () => {
    const bytes = makePdf([
      { lines: ['First'] },
      { graphics: '0 0 1 rg 10 10 50 50 re f' },
      { lines: ['Third'] },
    ]);
    const doc = await extractDocument('mixed.pdf', bytes);
    expect(doc.text).toBe('First\n\nThird');
    expect(doc.sections).toEqual([
      { start: 0, end: 7, page: 1 },
      { start: 7, end: 12, page: 3 },
    ]);
    expect(doc.pages).toBe(3);
    expect(doc.warnings).toEqual(['Page 2 of 3 has no text (scanned?) and was skipped.']);
  });

  it('reports a password-protected PDF as encrypted', async () => {
    const bytes = makeEncryptedPdf(
      TWO_PAGE_PDF_TEXT.map((lines) => ({ lines })),
      'open sesame',
    );
    const error = await problemOf('secret.pdf', bytes);
    expect(error.problem).toBe('encrypted');
    expect(error.message).toBe('This PDF is password-protected; Sieve cannot read it.');
  });

  it('builds the encrypted sample correctly: pdf.js opens it with the password', async () => {
    const pdfjs = await loadPdfJs();
    const bytes = makeEncryptedPdf([{ lines: ['Hidden otters'] }], 'open sesame');
    const wrong = pdfjs.getDocument({ data: bytes.slice(), password: 'nope', verbosity: 0 });
    await expect(wrong.promise).rejects.toMatchObject({ name: 'PasswordException' });
    await wrong.destroy();
    const task = pdfjs.getDocument({ data: bytes.slice(), password: 'open sesame', verbosity: 0 });
    const doc = await task.promise;
    const page = await doc.getPage(1);
    expect(joinTextItems((await page.getTextContent()).items)).toBe('Hidden otters');
    await task.destroy();
  });

  it('reports a PDF with no text layer', async () => {
    const error = await problemOf('scan.pdf', noTextPdf());
    expect(error.problem).toBe('no-text');
    expect(error.message).toMatch(/no text layer.*OCR/);
  });

  it('reports random bytes named .pdf as corrupt', async () => {
    let x = 12345;
    const noise = Uint8Array.from(
      { length: 4096 },
      () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 255,
    );
    expect((await problemOf('noise.pdf', noise)).problem).toBe('corrupt');
    expect((await problemOf('half.pdf', twoPagePdf().subarray(0, 40))).problem).toBe('corrupt');
  });
});

describe('joinTextItems', () => {
  const item = (str: string, x: number, y: number, width: number, hasEOL = false) => ({
    str,
    dir: 'ltr',
    transform: [10, 0, 0, 10, x, y],
    width,
    height: 10,
    fontName: 'f',
    hasEOL,
  });

  it('adds spaces across gaps and newlines across lines, but not inside words', () => {
    const items = [
      item('Hel', 0, 100, 15),
      item('lo', 15, 100, 10),
      item('world', 40, 100, 25),
      item('next line', 0, 80, 45),
      item('', 0, 0, 0, true),
      item('after EOL', 0, 60, 45),
    ];
    expect(joinTextItems(items)).toBe('Hello world\nnext line\nafter EOL');
  });
});
