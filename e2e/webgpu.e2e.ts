// WebGPU on the software adapter (`--enable-unsafe-webgpu`): forced WebGPU loads, embeds and
// searches on it after its self-check against WASM, and the badge says so; a GPU that returns
// wrong numbers (the `gpucheck=corrupt` seam) is replaced by WASM and remembered; the automatic
// choice prefers WASM over a software adapter; "About this device" reports the adapter.
import { expect, test } from '@playwright/test';
import { allowDownload, dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

test('forced WebGPU runs on the software adapter', async ({ page }) => {
  await openApp(page, 'webgpu');
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
  const badge = page.getByTestId('embedder-badge');
  await expect(badge).toHaveText('WebGPU');
  await expect(badge).toHaveAttribute(
    'title',
    /WebGPU self-check passed in [\d.]+ s: embeddings at cosine (0\.99\d\d|1\.0000) to WASM's/,
  );
  await search(page, 'how does yeast make bread dough rise');
  await expect(page.getByTestId('result-doc').first()).toHaveText('sourdough.txt');
});

test('a GPU with wrong results is replaced by WASM, for both models, and the verdict is remembered', async ({
  page,
}) => {
  await openApp(page, 'webgpu', { params: 'gpucheck=corrupt' });
  const badge = page.getByTestId('embedder-badge');
  await expect(badge).toHaveText('WASM');
  await expect(badge).toHaveAttribute(
    'title',
    /WebGPU gave wrong results in a self-check in [\d.]+ s: embeddings at cosine -[\d.]+ to WASM's .*Using WASM instead\./s,
  );
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
  await allowDownload(page, 'reranker');
  const reranker = page.getByTestId('reranker-badge');
  await expect(reranker).toHaveText('WASM');
  await expect(reranker).toHaveAttribute(
    'title',
    /WebGPU gave wrong results .*rerank scores differ/s,
  );
  await search(page, 'how does yeast make bread dough rise');
  await expect(page.getByTestId('results')).toHaveAttribute('data-list', 'reranked');
  await expect(page.getByTestId('result-doc').first()).toHaveText(/sourdough|bread/);

  // Next visit: no WebGPU load and no second check, straight to WASM with the reason.
  await page.reload();
  await expect(badge).toHaveText('WASM');
  await expect(badge).toHaveAttribute('title', /remembered for this browser and GPU/);
  await expect(badge).not.toHaveAttribute('title', /WebGPU failed/);
});

test('the automatic choice explains why it skips a software adapter', async ({ page }) => {
  await openApp(page, 'auto');
  const badge = page.getByTestId('embedder-badge');
  await expect(badge).toHaveText('WASM');
  await expect(badge).toHaveAttribute('title', /swiftshader.*software adapter/is);
});

test('About this device reports the software adapter, its f16 support, threads and storage', async ({
  page,
}) => {
  await openApp(page, 'auto');
  await page.getByText('About this device').click();
  await expect(page.getByTestId('device-webgpu')).toContainText(/swiftshader|software|fallback/i);
  await expect(page.getByTestId('device-f16')).toHaveText(/yes|no/);
  await expect(page.getByTestId('device-threads')).toContainText(/1 of \d+ cores/);
  await expect(page.getByTestId('device-persisted')).toContainText(/granted/);
  await page.getByTestId('models-storage').locator('summary').click();
  await expect(page.getByTestId('storage-used')).toContainText(
    /of .+ available to this site \(.+ free\)/,
  );
});
