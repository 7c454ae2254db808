// Collections: each has its own documents and searches never cross them; search can be limited
// to chosen files; the active collection survives a reload; deleting one removes its documents.
import { expect, test } from '@playwright/test';
import { dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

const [volcanoes, sourdough, rockets] = TOPIC_DOCS as [
  (typeof TOPIC_DOCS)[number],
  (typeof TOPIC_DOCS)[number],
  (typeof TOPIC_DOCS)[number],
];

test('collections keep their documents apart; search stays within one or chosen files', async ({
  page,
}) => {
  await openApp(page, 'wasm');
  await dropFiles(page, [volcanoes, sourdough]);
  await expect(page.getByTestId('library-counts')).toContainText('2 documents');

  // A second collection, where rockets.txt goes.
  await page.getByRole('button', { name: 'New…' }).click();
  await page.getByTestId('collection-name').fill('Space');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('collection-select')).toHaveValue(/.+/);
  await expect(page.getByTestId('library-counts')).toContainText('0 documents');
  await dropFiles(page, [rockets]);
  await expect(page.getByTestId('document')).toHaveText([/rockets\.txt/]);

  // Searching "Space" for bread finds only its own document.
  await search(page, 'bread dough rising with yeast');
  await expect(page.getByTestId('result-doc')).toHaveText(['rockets.txt']);

  // Names are checked.
  await page.getByRole('button', { name: 'New…' }).click();
  await page.getByTestId('collection-name').fill('space');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('alert')).toContainText('already a collection called');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // Back in the default collection, after a reload, with search limited to one file.
  await page.reload();
  await expect(page.getByTestId('collection-select')).toContainText('Space (1)');
  await page.getByTestId('collection-select').selectOption({ label: 'My documents (2)' });
  await expect(page.getByTestId('document')).toHaveText([/volcanoes\.md/, /sourdough\.txt/]);
  await search(page, 'rocket launch into orbit');
  await expect(page.getByTestId('result-doc')).not.toContainText(['rockets.txt']);
  await page.getByLabel('Search only selected files: volcanoes.md').check();
  await expect(page.getByTestId('search-scope')).toContainText('1 selected file');
  await search(page, 'bread dough rising with yeast');
  await expect(page.getByTestId('result-doc').first()).toHaveText('volcanoes.md');
  expect(new Set(await page.getByTestId('result-doc').allTextContents())).toEqual(
    new Set(['volcanoes.md']),
  );

  // Deleting "Space" takes its document with it, for good.
  await page.getByTestId('collection-select').selectOption({ label: 'Space (1)' });
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByTestId('collection-select')).toHaveValue('default');
  await page.reload();
  await expect(page.getByTestId('collection-select')).not.toContainText('Space');
  await expect(page.getByTestId('library-counts')).toContainText('2 documents');
});
