// Models & storage: the download size is known before anything heavy downloads, nothing heavy
// downloads before the user asks (dropped files are searchable by keywords meanwhile), the panel
// says what is cached, and a model can be deleted from the browser's cache (and downloaded again).
import { expect, test } from '@playwright/test';
import { dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

test('download size before download, cache status, delete from cache', async ({ page }) => {
  // Sizes are read with one-byte range requests; a weight request without one is a download.
  const weightRequests: Array<Promise<string>> = [];
  page.context().on('request', (request) => {
    if (/\.onnx(_data)?$/.test(request.url())) {
      // A probe sent by the reload at the end may outlive the test: its headers are then unreadable.
      const range = request.allHeaders().then(
        (headers) => headers['range'] ?? 'none',
        () => 'unreadable',
      );
      weightRequests.push(range);
    }
  });
  const downloads = async () =>
    (await Promise.all(weightRequests)).filter((range) => range !== 'bytes=0-0');
  await openApp(page, 'wasm', { allow: false });
  const load = page.getByTestId('embedder-load');
  // q8 fixture: model_quantized.onnx 13 MB + the real Qwen3 tokenizer 11 MB + configs.
  await expect(load).toHaveText(/Download \(≈ 2\d(\.\d)? MB\)/);
  await page.getByTestId('models-storage').locator('summary').click();
  await expect(page.getByTestId('embedder-cache')).toContainText(
    /q8: \d+ files, [\d.]+ MB\s+· (not downloaded|[\d.]+ KB cached)/,
  );
  // Both models at once, for whoever wants them all before going offline.
  await expect(page.getByTestId('download-models')).toHaveText(
    /Download models \(≈ [5-9]\d(\.\d)? MB\)/,
  );

  // Dropped files are chunked with the tokenizer alone and stored for keyword search; the
  // weights wait for the user's go-ahead.
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
  const pending = page.getByTestId('vectors-pending');
  await expect(pending).toContainText('3 documents are searchable by keywords only');
  await expect(pending).toContainText('not downloaded yet');
  await expect(page.getByTestId('vectors-download')).toHaveText(/Download \(≈ 2\d(\.\d)? MB\)/);
  await expect(page.getByTestId('embedder-phase')).toHaveText('Not loaded');
  await search(page, 'satellite orbit');
  await expect(page.getByTestId('search-notice')).toContainText(
    /Keyword results only: meaning search needs the embedding model \(.*not downloaded yet/,
  );
  await expect(page.getByTestId('result-doc').first()).toHaveText('rockets.txt');
  expect(weightRequests.length).toBeGreaterThan(0);
  expect(await downloads()).toEqual([]);

  await page.getByTestId('vectors-download').click();
  await expect(page.getByTestId('embedder-phase')).toHaveText('Ready');
  await expect(pending).toBeHidden();
  // Searching reranks only once the reranker's download is allowed too.
  await search(page, 'rocket launch of a satellite into orbit');
  await expect(page.getByTestId('search-notice')).toContainText(
    /Qwen3-Reranker-0\.6B-ONNX is not downloaded yet \(≈ 3\d(\.\d)? MB\)/,
  );
  await expect(page.getByTestId('result-doc').first()).toHaveText('rockets.txt');
  await expect(page.getByTestId('reranker-phase')).toHaveText('Not loaded');
  // The notice offers the download itself; after it, the same search is reranked.
  await page.getByTestId('notice-download-reranker').click();
  await expect(page.getByTestId('reranker-phase')).toHaveText('Ready');
  await expect(page.getByTestId('notice-download-reranker')).toBeHidden();
  await search(page, 'rocket launch of a satellite into orbit');
  await expect(page.getByTestId('results')).toHaveAttribute('data-list', 'reranked');
  // The same observer does see the real download, so the check above could fail.
  expect((await downloads()).length).toBeGreaterThan(0);
  await expect(page.getByTestId('embedder-cache')).toContainText('in the browser cache');
  const cached = async () =>
    page.evaluate(async () => {
      const cache = await caches.open('transformers-cache');
      return (await cache.keys()).map((r) => r.url).filter((u) => u.includes('Embedding'));
    });
  expect((await cached()).some((u) => u.endsWith('model_quantized.onnx'))).toBe(true);

  await page.getByTestId('embedder-delete').click();
  await expect(page.getByTestId('embedder-cache')).toContainText('not downloaded');
  expect(await cached()).toEqual([]);
  await page.reload();
  await expect(page.getByTestId('embedder-load')).toHaveText(/Download \(≈ 2\d(\.\d)? MB\)/);
});
