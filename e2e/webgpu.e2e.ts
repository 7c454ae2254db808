// WebGPU on the software adapter (`--enable-unsafe-webgpu`): the automatic choice picks WebGPU,
// the badge says so, and embedding and search work on it.
import { expect, test } from '@playwright/test';
import { dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

test('automatic backend uses WebGPU when an adapter exists', async ({ page }) => {
  await openApp(page, 'auto');
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
  await expect(page.getByTestId('backend-badge')).toHaveText('WebGPU');
  await search(page, 'how does yeast make bread dough rise');
  await expect(page.getByTestId('result-doc').first()).toHaveText('sourdough.txt');
});
