// Site data cleared while the app runs (as DevTools' "Clear site data" does, through CDP): the
// user is told, the library opens again without a reload (empty, as storage is), every queued
// file ends indexed or listed as lost, new files index normally, and no error reaches the page.
import { expect, test } from '@playwright/test';
import { dropFiles, openApp, TOPIC_DOCS, type DropFile } from './helpers';

const LATER: DropFile[] = Array.from({ length: 8 }, (_, i) => ({
  name: `later-${i}.txt`,
  // Distinct sentences (no chunk reused from another file), some 20 chunks each.
  content: Array.from(
    { length: 600 },
    (_, j) => `Note ${i}.${j}: tidal flat ${j} shelters ${i * 1000 + j} wading birds.`,
  ).join(' '),
}));

test('clearing site data mid-indexing: a notice, a clean re-open, no file stuck, no page error', async ({
  page,
  context,
  baseURL,
}) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (/AbortError|InvalidStateError|connection was closed/i.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  await openApp(page, 'wasm');
  await dropFiles(page, TOPIC_DOCS);
  const rows = page.getByTestId('queue-row');
  await expect(rows.and(page.locator('[data-status="done"]'))).toHaveCount(3);

  await dropFiles(page, LATER);
  await expect(rows.filter({ hasText: 'later-0.txt' })).toHaveAttribute('data-status', 'done');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', {
    origin: new URL(baseURL!).origin,
    storageTypes: 'indexeddb',
  });

  await expect(page.getByText(/stored data was cleared/)).toBeVisible();
  // No file is left waiting: each later one is indexed again or listed as lost.
  const unfinished = page.locator(
    '[data-testid="queue-row"]:not([data-status="done"]):not([data-status="failed"])',
  );
  await expect(unfinished).toHaveCount(0);
  const failed = rows.and(page.locator('[data-status="failed"]'));
  for (const text of await failed.allTextContents())
    expect(text).toMatch(/Lost when|could not be read any more/);

  // The library holds what was indexed after the reset, and new files index as usual.
  await dropFiles(page, [{ name: 'after.txt', content: 'Written after the reset: lichens.' }]);
  await expect(rows.filter({ hasText: 'after.txt' })).toHaveAttribute('data-status', 'done');
  const documents = await page.getByTestId('document').allTextContents();
  expect(documents.some((text) => /volcanoes\.md|sourdough\.txt|rockets\.txt/.test(text))).toBe(
    false,
  );
  expect(documents.some((text) => text.includes('after.txt'))).toBe(true);
  await page.reload();
  await expect(page.getByTestId('document')).toHaveCount(documents.length);
  expect(problems).toEqual([]);
});
