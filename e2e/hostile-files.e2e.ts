// Hostile files in the app on WASM: a DOCX zip bomb dropped with a normal file fails on its own
// row with the unpacked-size message (with the default 64 MB limit), the normal file is indexed,
// and a document indexed before stays searchable.
import { expect, test } from '@playwright/test';
import { makeDocxBomb } from '../test/documents';
import { dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

test('a DOCX zip bomb fails on its own row; the other file is indexed and search still works', async ({
  page,
}) => {
  await openApp(page, 'wasm');
  const [volcanoes, sourdough] = [TOPIC_DOCS[0]!, TOPIC_DOCS[1]!];
  await dropFiles(page, [volcanoes]);
  const done = page.locator('[data-testid="queue-row"][data-status="done"]');
  await expect(done).toHaveCount(1);

  // About 72 MB of document.xml in about 110 KB of zip: past the default 64 MB unpacked limit.
  const bomb = makeDocxBomb(72 * 2 ** 20);
  expect(bomb.length).toBeLessThan(2 ** 20);
  await dropFiles(page, [
    { name: 'bomb.docx', content: Array.from(bomb), type: DOCX_TYPE },
    sourdough,
  ]);

  const bombRow = page.getByTestId('queue-row').filter({ hasText: 'bomb.docx' });
  await expect(bombRow).toHaveAttribute('data-status', 'failed');
  await expect(bombRow).toContainText(
    'The document expands to more than 64 MB when unpacked (a zip bomb?); ' +
      'the limit is 64 MB, set in Model settings.',
  );
  await expect(done).toHaveCount(2);
  await expect(done.filter({ hasText: sourdough.name })).toHaveCount(1);
  await expect(page.getByTestId('library-counts')).toContainText('2 documents');
  await expect(page.getByTestId('document')).toHaveText([/volcanoes\.md/, /sourdough\.txt/]);

  await search(page, 'lava and magma from a volcanic eruption');
  await expect(page.getByTestId('result-doc').first()).toHaveText(volcanoes.name);
  await search(page, 'how does yeast make bread dough rise');
  await expect(page.getByTestId('result-doc').first()).toHaveText(sourdough.name);
});
