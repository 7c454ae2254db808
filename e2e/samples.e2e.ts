// A new user's first minute: the empty library offers the sample collection; one click indexes
// every file (PDF and Word included), the finished rows fold into one summary line, and searches
// find the expected samples. Prints the time from the click to the first result.
import { expect, test } from '@playwright/test';
import { openApp, search } from './helpers';

test('the sample collection indexes in one click and answers queries', async ({ page }) => {
  await openApp(page, 'wasm', { params: 'rerank=off' });
  const index = (await (await page.request.get('./samples/index.json')).json()) as unknown[];
  expect(index.length).toBeGreaterThanOrEqual(20);

  const started = Date.now();
  await page.getByTestId('add-samples').click();
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(
    index.length,
    { timeout: 120_000 },
  );
  await search(page, 'ERR-NX-4417');
  await expect(page.getByTestId('result-doc').first()).toHaveText(
    'home-network-troubleshooting.md',
  );
  console.log(`samples: ${index.length} files, click to first result ${Date.now() - started} ms`);

  await expect(page.getByTestId('queue-finished-summary')).toHaveText(
    `${index.length} indexed — show`,
  );
  await expect(page.getByTestId('add-samples')).toHaveCount(0);
  await expect(page.getByTestId('library-counts')).toContainText(`${index.length} documents`);

  await search(page, 'Sunmark SP-410 mounting rails');
  await expect(page.getByTestId('result-doc').first()).toHaveText(
    'solar-panel-installation-guide.pdf',
  );
  await expect(page.getByTestId('result-location').first()).toContainText('Page');
  await search(page, 'community garden volunteer handbook');
  await expect(page.getByTestId('result-doc').first()).toHaveText('volunteer-handbook.docx');
});
