// Models & storage: the download size is known before anything heavy downloads, the panel says
// what is cached, and a model can be deleted from the browser's cache (and downloaded again).
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test('download size before download, cache status, delete from cache', async ({ page }) => {
  // Sizes are read with one-byte range requests; a weight body over 1 KB would be a download.
  const downloads: string[] = [];
  page.on('requestfinished', (request) => {
    if (!/\.onnx(_data)?$/.test(request.url())) return;
    void request.sizes().then((sizes) => {
      if (sizes.responseBodySize > 1024) downloads.push(request.url());
    });
  });
  await openApp(page, 'wasm');
  const load = page.getByTestId('embedder-load');
  // q8 fixture: model_quantized.onnx 13 MB + the real Qwen3 tokenizer 11 MB + configs.
  await expect(load).toHaveText(/Download \(≈ 2\d(\.\d)? MB\)/);
  await page.getByText('onnx-community/Qwen3-Embedding-0.6B-ONNX').click();
  await expect(page.getByTestId('embedder-cache')).toContainText(
    /q8: \d+ files, [\d.]+ MB\s+· (not downloaded|[\d.]+ KB cached)/,
  );
  expect(downloads).toEqual([]);

  await load.click();
  await expect(page.getByTestId('embedder-phase')).toHaveText('Ready');
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
