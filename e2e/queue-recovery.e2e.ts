// Files are never lost to a cause that is not their own: a model download cut off mid-way keeps
// the dropped files queued with a message that names the model and the file, and Retry indexes
// them once the model host is healthy again, without dropping them again. A file that failed on
// its own can be retried too.
import { expect, test } from '@playwright/test';
import { startStaticServer } from '../scripts/static-server.mjs';
import { dropFiles, openApp, TOPIC_DOCS } from './helpers';

test('a model download cut mid-way keeps the files queued; Retry indexes them once it works', async ({
  page,
}) => {
  // A stand-in model host on another origin, whose ONNX weights break off half-way.
  const mirror = await startStaticServer({
    dir: 'fixtures/models',
    prefix: '/models/',
    cors: true,
  });
  mirror.cutDownloads((path) => path.endsWith('.onnx'));
  try {
    await page.goto(`./?backend=wasm&models=${encodeURIComponent(mirror.url)}`);
    await page.getByTestId('embedder-load').click();
    await dropFiles(page, [TOPIC_DOCS[0]!, TOPIC_DOCS[1]!]);

    const blocked = page.getByTestId('queue-blocked');
    await expect(blocked).toHaveAttribute('data-cause', 'model');
    await expect(blocked).toContainText(
      /Could not download onnx-community\/Qwen3-Embedding-0\.6B-ONNX: the connection broke while fetching onnx\/model_quantized\.onnx/,
    );
    await expect(blocked).toContainText('Queued files are kept');
    await expect(page.locator('[data-testid="queue-row"][data-status="queued"]')).toHaveCount(2);
    await expect(page.getByTestId('embedder-phase')).toHaveText('Failed');
    await expect(page.getByTestId('document')).toHaveCount(0);

    // The network recovers; Retry on the queue loads the model and indexes the kept files.
    mirror.cutDownloads(null);
    await page.getByTestId('queue-retry').click();
    await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(2);
    await expect(blocked).toHaveCount(0);
    await expect(page.getByTestId('embedder-phase')).toHaveText('Ready');
    await expect(page.getByTestId('library-counts')).toContainText('2 documents');
  } finally {
    await mirror.close();
  }
});

test('a file that failed on its own can be retried from its row', async ({ page }) => {
  await openApp(page, 'wasm');
  await dropFiles(page, [{ name: 'empty.md', content: '' }]);
  const row = page.getByTestId('queue-row');
  await expect(row).toHaveAttribute('data-status', 'failed');
  await expect(row).toContainText('The file is empty.');
  await row.getByTestId('retry-file').click();
  // Tried again in the same row; still empty, so it failed again, with its own message.
  await expect(row).toContainText('The file is empty. (tried 2 times)');
  await expect(row).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('queue-row')).toHaveCount(1);
});
