// The "local folder" model source: the user picks a folder holding the model repositories (laid
// out like a `--local-dir` download), Sieve copies them into OPFS and then loads both models from
// there without a single model request to any server. Runs on the built app.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dropFiles, search, TOPIC_DOCS } from './helpers';
import { makeModelFolder } from './model-folder';

let folder = '';

test.beforeAll(() => {
  folder = makeModelFolder();
});

test.afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function openSettings(page: Page): Promise<void> {
  await page.getByText('Model settings').click();
  await expect(page.getByTestId('local-models')).toBeVisible();
}

test('a picked model folder is copied into OPFS and both models load from it', async ({ page }) => {
  const modelRequests: string[] = [];
  page.context().on('request', (request) => {
    if (/\.(onnx|onnx_data)$|config\.json$|tokenizer\.json$/.test(request.url()))
      modelRequests.push(request.url());
  });
  await page.goto('./?models=local&backend=wasm');
  await openSettings(page);
  await expect(page.getByTestId('model-source')).toHaveValue('local');
  await expect(page.getByTestId('local-models')).toContainText('No models stored yet');

  // A folder without any model is refused with a message.
  await page.getByTestId('local-models-input').setInputFiles(join(folder, 'empty'));
  await expect(page.getByTestId('local-models-error')).toContainText('No model found');

  await page.getByTestId('local-models-input').setInputFiles(join(folder, 'my-models'));
  const result = page.getByTestId('local-models-result');
  await expect(result).toContainText(
    /onnx-community\/Qwen3-Embedding-0\.6B-ONNX \(4 files, [\d.]+ MB\)/,
  );
  await expect(result).toContainText(/Qwen3-Reranker-0\.6B-ONNX \(5 files/);
  await expect(result).toContainText('4 other files left out');
  const stored = await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const dir = await (
      await root.getDirectoryHandle('sieve-models')
    )
      .getDirectoryHandle('onnx-community')
      .then((d) => d.getDirectoryHandle('Qwen3-Embedding-0.6B-ONNX'))
      .then((d) => d.getDirectoryHandle('onnx'));
    return (await (await dir.getFileHandle('model_quantized.onnx')).getFile()).size;
  });
  expect(stored).toBeGreaterThan(10_000_000);

  // Nothing to download: the panel says where the files are.
  await expect(page.getByTestId('embedder-load')).toHaveText('Load');
  await page.getByTestId('models-storage').locator('summary').click();
  await expect(page.getByTestId('embedder-cache')).toContainText('stored from a local folder');

  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3, {
    timeout: 60_000,
  });
  await expect(page.getByTestId('embedder-phase')).toHaveText('Ready');
  await search(page, 'magma eruption lava');
  await expect(page.getByTestId('results')).toHaveAttribute('data-list', 'reranked', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('result-doc').first()).toHaveText('volcanoes.md');
  await expect(page.getByTestId('reranker-phase')).toHaveText('Ready');
  // Every model file came from OPFS: no request for one reached any server.
  expect(modelRequests).toEqual([]);

  // The imported models survive a reload; deleting one makes its load fail with a clear message.
  await page.reload();
  await openSettings(page);
  const list = page.getByTestId('local-models-list');
  await expect(list.locator('li')).toHaveCount(2);
  await list.locator('li', { hasText: 'Reranker' }).getByRole('button', { name: 'Delete' }).click();
  await expect(list.locator('li')).toHaveCount(1);
  await page.getByTestId('settings-apply').click();
  await page.getByTestId('reranker-load').click();
  await expect(page.getByTestId('reranker-phase')).toHaveText('Failed');
  await expect(page.getByTestId('reranker')).toContainText(
    'onnx-community/Qwen3-Reranker-0.6B-ONNX is not among the imported models.',
  );
  // The library and the embedder are untouched.
  await search(page, 'sourdough starter');
  await expect(page.getByTestId('result-doc').first()).toHaveText('sourdough.txt');
  expect(modelRequests).toEqual([]);
});
