// Document extraction in Chromium inside a real Vite module worker, as the app runs it: PDF via
// pdf.js' in-thread fake worker, DOCX via mammoth, HTML without a DOM (harness on the dev server).
import { expect, test } from '@playwright/test';
import { makeEncryptedPdf } from '../test/encrypted-pdf';
import { TWO_PAGE_PDF_TEXT } from '../test/documents';
import { harnessUrl } from './helpers';

const HARNESS = harnessUrl('extract.html');

test.beforeEach(async ({ page }) => {
  await page.goto(HARNESS);
  await expect(page.locator('#status')).toHaveText('ready');
});

test('a two-page PDF is extracted in a module worker, one section per page', async ({ page }) => {
  const reply = await page.evaluate(() => window.extractHarness.sample('two-page.pdf'));
  // The worker has no DOM; pdf.js got its worker module in-thread, not a nested Worker.
  expect(reply.scope).toMatchObject({ document: 'undefined', DOMParser: 'undefined' });
  if (!reply.ok) throw new Error(`${reply.problem}: ${reply.message}`);
  const { doc } = reply;
  expect(doc.format).toBe('pdf');
  expect(doc.pages).toBe(2);
  expect(doc.text).toBe(TWO_PAGE_PDF_TEXT.map((lines) => lines.join('\n')).join('\n\n'));
  expect(doc.sections.map((s) => [doc.text.slice(s.start, s.end).trim(), s.page])).toEqual(
    TWO_PAGE_PDF_TEXT.map((lines, i) => [lines.join('\n'), i + 1]),
  );
  const again = await page.evaluate(() => window.extractHarness.sample('two-page.pdf'));
  expect(again).toMatchObject({ ok: true, scope: { pdfjsWorker: 'object' } });
});

test('PDF problems are reported in the worker: password, no text layer', async ({ page }) => {
  const encrypted = Array.from(makeEncryptedPdf([{ lines: ['Secret'] }], 'hunter2'));
  const locked = await page.evaluate(
    (bytes) => window.extractHarness.bytes('locked.pdf', bytes),
    encrypted,
  );
  expect(locked).toMatchObject({ ok: false, problem: 'encrypted' });
  const scan = await page.evaluate(() => window.extractHarness.sample('scan.pdf'));
  expect(scan).toMatchObject({ ok: false, problem: 'no-text' });
  const junk = await page.evaluate(() => window.extractHarness.bytes('junk.pdf', [1, 2, 3, 4]));
  expect(junk).toMatchObject({ ok: false, problem: 'corrupt' });
});

test('a DOCX is extracted in a module worker with its heading path', async ({ page }) => {
  const reply = await page.evaluate(() => window.extractHarness.sample('report.docx'));
  if (!reply.ok) throw new Error(`${reply.problem}: ${reply.message}`);
  expect(reply.doc.text).toContain('Revenue grew in every region.');
  expect(reply.doc.sections.map((s) => s.headings)).toEqual([
    ['Quarterly Report'],
    ['Quarterly Report', 'Risks & Outlook'],
  ]);
  const junk = await page.evaluate(() => window.extractHarness.bytes('junk.docx', [80, 75, 1]));
  expect(junk).toMatchObject({ ok: false, problem: 'corrupt' });
});

test('HTML is read without a DOM and its scripts never run', async ({ page }) => {
  const reply = await page.evaluate(() => window.extractHarness.sample('page.html'));
  if (!reply.ok) throw new Error(`${reply.problem}: ${reply.message}`);
  expect(reply.scope.scriptRan).toBe('undefined');
  expect(reply.doc.text).toBe('Top\n\nBody & soul');
  expect(reply.doc.sections).toEqual([{ start: 0, end: 16, headings: ['Top'] }]);
});
