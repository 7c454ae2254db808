// Vectors of different model settings never mix: a new dimension re-embeds the stored documents
// from their saved text, and going back finds the earlier vectors still stored.
import { expect, test } from '@playwright/test';
import { dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

test('changing the vector dimension re-embeds stored documents; the old vectors are kept', async ({
  page,
}) => {
  await openApp(page, 'wasm');
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
  await expect(page.getByTestId('embedder-details')).toContainText('64-d vectors');

  await page.goto('./?models=fixtures&backend=wasm&dim=32');
  const documents = page.getByTestId('document');
  await expect(documents).toHaveCount(3);
  await expect(documents.filter({ hasText: 'not indexed for this model' })).toHaveCount(3);
  await page.getByTestId('embedder').getByRole('button', { name: 'Load' }).click();
  await expect(page.getByTestId('embedder-details')).toContainText('32-d vectors');
  await expect(documents.filter({ hasText: 'not indexed for this model' })).toHaveCount(0);
  await search(page, 'rocket launch of a satellite into orbit');
  await expect(page.getByTestId('result-doc').first()).toHaveText('rockets.txt');

  await openApp(page, 'wasm');
  await expect(documents).toHaveCount(3);
  await expect(documents.filter({ hasText: 'not indexed for this model' })).toHaveCount(0);
});
