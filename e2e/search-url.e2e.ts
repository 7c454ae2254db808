// The address carries the search: each search the user runs is a history entry (Back and Forward
// replay them) and a link with ?q= opens with its results, in its collection.
import { expect, test } from '@playwright/test';
import { dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

test('searches are bookmarkable, and Back/Forward replay them', async ({ page }) => {
  await openApp(page, 'wasm', { params: 'rerank=off' });
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
  const input = page.getByTestId('search-input');
  const first = page.getByTestId('result-doc').first();

  await search(page, 'magma');
  await expect(first).toHaveText('volcanoes.md');
  await expect(page).toHaveURL(/[?&]q=magma(&|$)/);
  await expect(page).toHaveURL(/[?&]models=fixtures/); // other parameters stay
  await search(page, 'satellite orbit');
  await expect(first).toHaveText('rockets.txt');
  await expect(page).toHaveURL(/[?&]q=satellite\+orbit(&|$)/);

  await page.goBack();
  await expect(input).toHaveValue('magma');
  await expect(first).toHaveText('volcanoes.md');
  await page.goForward();
  await expect(input).toHaveValue('satellite orbit');
  await expect(first).toHaveText('rockets.txt');

  // A shared link opens with its results (the library is this browser's).
  const link = new URL(page.url());
  link.searchParams.set('q', 'sourdough starter');
  const other = await page.context().newPage();
  await other.goto(link.href);
  await expect(other.getByTestId('search-input')).toHaveValue('sourdough starter');
  await expect(other.getByTestId('result-doc').first()).toHaveText('sourdough.txt');
});
