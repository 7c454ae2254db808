// A write interrupted by a reload mid-indexing never leaves a half document: the library keeps
// exactly the documents that were complete, and they stay searchable.
import { expect, test } from '@playwright/test';
import { dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

const longDocument = Array.from(
  { length: 400 },
  (_, i) => `Paragraph ${i} describes tectonic plates, subduction and mountain building in detail.`,
).join('\n\n');

test('reloading while a document is being embedded keeps the earlier documents intact', async ({
  page,
}) => {
  await openApp(page, 'wasm');
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);

  await dropFiles(page, [{ name: 'geology.txt', content: longDocument }]);
  await expect(page.locator('[data-testid="queue-row"][data-status="embedding"]')).toHaveCount(1);
  await page.reload();

  await expect(page.getByTestId('library-counts')).toContainText('3 documents');
  await expect(page.getByTestId('document')).toHaveText([
    /volcanoes\.md/,
    /sourdough\.txt/,
    /rockets\.txt/,
  ]);
  await search(page, 'rocket launch of a satellite into orbit');
  await expect(page.getByTestId('result-doc').first()).toHaveText('rockets.txt');
});
