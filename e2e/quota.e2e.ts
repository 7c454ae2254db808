// Storage too small for the models. Chromium's real quota is lowered for this origin over CDP, so
// writes really fail with QuotaExceededError; Chromium's `estimate()` ignores that override, so the
// page's estimate is made to report the same quota. Models & storage warns before the download,
// the model still runs and the panel says it was not kept; copying a local model folder fails
// cleanly with nothing half-stored; the library stays as it was.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { allowDownload, dropFiles, search, TOPIC_DOCS } from './helpers';
import { makeModelFolder } from './model-folder';

let folder = '';

test.beforeAll(() => {
  folder = makeModelFolder();
});

test.afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('too little storage: a warning before download, a model that runs but is not kept, a refused import', async ({
  page,
}) => {
  const quota = 8 * 2 ** 20; // room for the library, not for a 24 MB model
  await page.addInitScript((quota: number) => {
    const real = navigator.storage.estimate.bind(navigator.storage);
    navigator.storage.estimate = async () => ({ ...(await real()), quota });
  }, quota);
  await page.goto('./?models=fixtures&backend=wasm');
  const origin = new URL(page.url()).origin;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: quota });
  await page.reload();

  await page.getByTestId('models-storage').locator('summary').click();
  await expect(page.getByTestId('storage-used')).toContainText('of 8.0 MB available');
  await expect(page.getByTestId('storage-shortfall')).toContainText(
    /Not enough free storage to keep the models: they need ≈ [5-9]\d(\.\d)? MB and\s+[\d.]+ (MB|KB) is free/,
  );

  await allowDownload(page, 'embedder');
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
  await expect(page.getByTestId('embedder-phase')).toHaveText('Ready');
  await expect(page.getByTestId('embedder-not-kept')).toContainText(
    'could not keep its files (storage is full)',
  );
  await expect(page.getByTestId('embedder-cache')).not.toContainText('in the browser cache');
  await search(page, 'rocket launch of a satellite into orbit');
  await expect(page.getByTestId('result-doc').first()).toHaveText('rockets.txt');

  // A file bigger than the space left is refused when queued; the library keeps what it had.
  await dropFiles(page, [{ name: 'big.txt', content: 'lava and magma. '.repeat(700_000) }]);
  await expect(page.getByRole('alert').filter({ hasText: 'Could not queue' })).toContainText(
    /browser storage is full, so this file \(1\d MB\) could not be kept for indexing/,
  );
  await expect(page.getByTestId('library-counts')).toContainText('3 documents');

  // The worker's estimate is Chromium's own (10 GB here), so the copy starts and the real quota
  // stops it: the half-copied model is removed and nothing is listed.
  await page.goto('./?models=local&backend=wasm');
  await page.getByText('Model settings').click();
  await page.getByTestId('local-models-input').setInputFiles(join(folder, 'my-models'));
  await expect(page.getByTestId('local-models-error')).toContainText(
    /Could not store onnx-community\/Qwen3-(Embedding|Reranker)-0\.6B-ONNX \([\d.]+ (KB|MB) of [\d.]+ MB copied\): browser storage is full/,
  );
  await expect(page.getByTestId('local-models')).toContainText('No models stored yet');
  const stored = await page.evaluate(async () => {
    const names: string[] = [];
    for await (const name of (await navigator.storage.getDirectory()).keys()) names.push(name);
    return names;
  });
  expect(stored).toEqual(['sieve-models']);
  await expect(page.getByTestId('library-counts')).toContainText('3 documents');
});
