// WebGPU on the software adapter (`--enable-unsafe-webgpu`): forced WebGPU loads, embeds and
// searches on it and the badge says so; the automatic choice prefers WASM over a software adapter;
// "About this device" reports the adapter.
import { expect, test } from '@playwright/test';
import { dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

test('forced WebGPU runs on the software adapter', async ({ page }) => {
  await openApp(page, 'webgpu');
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
  await expect(page.getByTestId('embedder-badge')).toHaveText('WebGPU');
  await search(page, 'how does yeast make bread dough rise');
  await expect(page.getByTestId('result-doc').first()).toHaveText('sourdough.txt');
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
