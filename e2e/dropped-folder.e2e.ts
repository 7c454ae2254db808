// A whole folder of mixed documents: per-file statuses for good and bad files, a PDF hit opened
// in the source view on its page with the passage marked, keyboard navigation of results.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { makePdf, noTextPdf, sampleDocx } from '../test/documents';
import { makeEncryptedPdf } from '../test/encrypted-pdf';
import { openApp } from './helpers';

const PDF_PAGES = [
  ['Field notes on river mammals', 'Beavers build dams from branches and mud.'],
  ['Second page about otters', 'Sea otters hold hands while sleeping so they do not drift apart.'],
];

const FILES: Record<string, string | Uint8Array> = {
  'notes/otters.pdf': makePdf(PDF_PAGES.map((lines) => ({ lines }))),
  'notes/guide.md': '# Baking\n\n## Sourdough\n\nFeed the starter flour and water every day.\n',
  'notes/page.html':
    '<html><head><title>Rockets</title><script>window.ran = 1</script></head><body><h1>Rockets</h1><p>Rockets burn fuel to reach orbit.</p></body></html>',
  'notes/report.docx': sampleDocx(),
  'notes/data/cities.csv': 'city,country\nLisbon,Portugal\nOslo,Norway\n',
  'notes/locked.pdf': makeEncryptedPdf([{ lines: ['secret'] }], 'pw'),
  'notes/scan.pdf': noTextPdf(),
  'notes/broken.pdf': new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]),
  'notes/empty.txt': '',
  'notes/photo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
  'notes/.secret.txt': 'hidden',
};

let folder: string;
test.beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'sieve-folder-'));
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
});
test.afterAll(() => rmSync(folder, { recursive: true, force: true }));

test('a folder of mixed files: every file gets a status, a PDF hit opens on its page', async ({
  page,
}) => {
  await openApp(page, 'wasm');
  await page.getByTestId('folder-input').setInputFiles(join(folder, 'notes'));

  const row = (name: string) => page.locator('[data-testid="queue-row"]', { hasText: name });
  for (const name of ['otters.pdf', 'guide.md', 'page.html', 'report.docx', 'cities.csv']) {
    await expect(row(name)).toHaveAttribute('data-status', 'done');
  }
  await expect(row('locked.pdf')).toHaveAttribute('data-status', 'failed');
  await expect(row('locked.pdf')).toContainText(/password/i);
  await expect(row('scan.pdf')).toContainText(/no text layer/i);
  await expect(row('broken.pdf')).toHaveAttribute('data-status', 'failed');
  await expect(row('empty.txt')).toContainText(/empty/i);
  await expect(row('photo.png')).toHaveAttribute('data-status', 'skipped');
  await expect(row('.secret.txt')).toHaveAttribute('data-status', 'skipped');
  await expect(page.getByTestId('library-counts')).toContainText('5 documents');
  expect(await page.evaluate(() => (window as { ran?: number }).ran)).toBeUndefined();

  await page.keyboard.press('/');
  await expect(page.getByTestId('search-input')).toBeFocused();
  await page.keyboard.type('otters sleeping and holding hands');
  await page.keyboard.press('Enter');
  const first = page.getByTestId('result').first();
  await expect(first.getByTestId('result-doc')).toHaveText('otters.pdf');
  await expect(first.getByTestId('result-location')).toHaveText('Page 2');

  // ↓ from the first result's button moves to the second; ↑ back; Enter opens.
  await first.getByTestId('result-doc').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('result-doc').nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');

  const viewer = page.getByTestId('source-view');
  await expect(viewer).toBeVisible();
  await expect(page.getByTestId('source-title')).toHaveText('notes/otters.pdf');
  await expect(page.getByTestId('source-location')).toHaveText(/Page 2/);
  const active = viewer.locator('[data-testid="source-mark"][aria-current="true"]');
  await expect(active).toContainText('Sea otters hold hands while sleeping');
  await expect(active).toBeInViewport();
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
});
