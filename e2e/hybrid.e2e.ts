// Hybrid retrieval in the built app: a rare exact term ranks its document first (the keyword leg
// finds what the vectors miss), each result says which legs found it, both indexes survive a
// reload in step, and a removed document's postings go with it.
import { expect, test, type Page } from '@playwright/test';
import { dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

/** Documents in the stored keyword index snapshot (0 when there is none yet). */
function storedSnapshotDocs(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('sieve');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result
            .transaction('library')
            .objectStore('library')
            .get('keyword-snapshot');
          get.onsuccess = () => {
            const value = get.result as { index?: { docIds: string[] } } | undefined;
            resolve(value?.index?.docIds.length ?? 0);
            open.result.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

const MANUAL = {
  name: 'pump-manual.txt',
  content:
    'Maintenance of the circulation pump.\n\nIf the display shows error code E4711 the impeller is jammed: switch the pump off, open the cover and remove the debris.\n\nClean the filter every month.',
};

test('an exact rare term ranks its document first in Hybrid; reload and removal keep the indexes in step', async ({
  page,
}) => {
  await openApp(page, 'wasm', { params: 'rerank=off' });
  await dropFiles(page, [...TOPIC_DOCS, MANUAL]);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(4);

  const expectManualFirst = async () => {
    await search(page, 'E4711');
    await expect(page.getByTestId('result-doc').first()).toHaveText('pump-manual.txt');
    await expect(page.getByTestId('result-legs').first()).toContainText(/keywords #1/);
    await expect(page.getByTestId('result-legs').first()).toContainText(/meaning #\d+/);
    // The other documents come from the meaning leg alone.
    await expect(page.getByTestId('result-legs').nth(1)).not.toContainText('keywords');
  };
  await expectManualFirst();
  await expect(page.getByTestId('timing-keywords')).toBeVisible();
  await expect(page.locator('[data-testid="result"] mark').first()).toHaveText('E4711');

  // The keyword index snapshot is written once changes pause; the reload then starts from it.
  await expect.poll(() => storedSnapshotDocs(page), { timeout: 20_000 }).toBe(4);
  await page.reload();
  await expect(page.getByTestId('library-counts')).toContainText('4 documents');
  await expectManualFirst();

  await page.getByRole('button', { name: 'Remove pump-manual.txt' }).click();
  await expect(page.getByTestId('library-counts')).toContainText('3 documents');
  await page.getByText('Search options').click();
  await page.getByTestId('retrieval-keywords').check();
  await search(page, 'E4711');
  await expect(page.getByText('No results for “E4711”.')).toBeVisible();
  await page.reload();
  await search(page, 'E4711');
  await expect(page.getByText('No results for “E4711”.')).toBeVisible();
  await search(page, 'magma');
  await expect(page.getByTestId('result-doc').first()).toHaveText('volcanoes.md');
  await expect(page.getByTestId('result-legs').first()).toHaveText(/^\s*keywords #1\s*$/);
});
