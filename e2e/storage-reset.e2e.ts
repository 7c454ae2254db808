// Site data cleared while the app runs (as DevTools' "Clear site data" does, through CDP): the
// user is told, the library opens again without a reload (empty, as storage is), every queued
// file ends indexed or listed as lost, new files index normally, and no error reaches the page.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { dropFiles, openApp, TOPIC_DOCS, type DropFile } from './helpers';

const LATER: DropFile[] = Array.from({ length: 8 }, (_, i) => ({
  name: `later-${i}.txt`,
  // Distinct sentences (no chunk reused from another file), some 20 chunks each.
  content: Array.from(
    { length: 600 },
    (_, j) => `Note ${i}.${j}: tidal flat ${j} shelters ${i * 1000 + j} wading birds.`,
  ).join(' '),
}));

/** Uncaught errors and every console error, of the page and its workers. */
function watchErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}

const clearDatabases = async (context: BrowserContext, page: Page, baseURL: string) => {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', {
    origin: new URL(baseURL).origin,
    storageTypes: 'indexeddb',
  });
};

test('clearing site data mid-indexing: a notice, a clean re-open, no file stuck, no page error', async ({
  page,
  context,
  baseURL,
}) => {
  const problems = watchErrors(page);
  await openApp(page, 'wasm');
  await dropFiles(page, TOPIC_DOCS);
  const rows = page.getByTestId('queue-row');
  await expect(rows.and(page.locator('[data-status="done"]'))).toHaveCount(3);

  await dropFiles(page, LATER);
  await expect(rows.filter({ hasText: 'later-0.txt' })).toHaveAttribute('data-status', 'done');
  await clearDatabases(context, page, baseURL!);

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

test('files read back from the queue after a reload survive a reset while they wait, and are indexed', async ({
  page,
  context,
  baseURL,
}) => {
  const problems = watchErrors(page);
  await openApp(page, 'wasm');
  // Long files, so that most still wait when the data goes.
  const files = LATER.map((file) => ({ ...file, content: String(file.content).repeat(6) }));
  await dropFiles(page, files);
  const rows = page.getByTestId('queue-row');
  await expect(rows.filter({ hasText: 'later-0.txt' })).toHaveAttribute('data-status', 'done');
  // After a reload the waiting files come from the queue's database, which is then cleared: the
  // ones whose bytes the browser still has are stored again (the unit tests cover the others).
  await page.reload();
  await expect(rows.filter({ hasText: 'later-7.txt' })).toHaveAttribute('data-status', 'queued');
  await clearDatabases(context, page, baseURL!);

  await expect(page.getByText(/stored data was cleared/)).toBeVisible();
  const unfinished = page.locator(
    '[data-testid="queue-row"]:not([data-status="done"]):not([data-status="failed"])',
  );
  await expect(unfinished).toHaveCount(0, { timeout: 240_000 });
  for (const text of await rows.and(page.locator('[data-status="failed"]')).allTextContents())
    expect(text).toMatch(/Lost when/);
  await expect(rows.filter({ hasText: 'later-7.txt' })).toHaveAttribute('data-status', 'done');
  // After a reload nothing comes back: every file left the queue with its outcome.
  await page.reload();
  await expect(page.getByTestId('document').filter({ hasText: 'later-7.txt' })).toHaveCount(1);
  await expect(rows).toHaveCount(0);
  expect(problems).toEqual([]);
});
