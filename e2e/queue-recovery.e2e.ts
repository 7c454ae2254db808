// Files are never lost to a cause that is not their own: while the model's download keeps breaking
// off, dropped files are stored for keyword search (chunking needs only the tokenizer) and the
// model's error names the file; its Retry, or the browser coming back online, gives them vectors
// once the host is healthy again. A download that breaks off once resumes with a Range request. A
// failed file can be retried too.
import { expect, test, type Page } from '@playwright/test';
import { startStaticServer } from '../scripts/static-server.mjs';
import { allowDownload, dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

/** A stand-in model host on another origin (with CORS, as huggingface.co), serving the fixtures. */
const modelHost = () =>
  startStaticServer({ dir: 'fixtures/models', prefix: '/models/', cors: true });

/** The app on the models of `host`, with the embedder's download asked for. */
async function openOn(page: Page, host: string): Promise<void> {
  await page.goto(`./?backend=wasm&models=${encodeURIComponent(host)}`);
  await allowDownload(page, 'embedder');
}

test('a model download cut mid-way: the files are searchable by keywords, and gain vectors once the model loads', async ({
  page,
}) => {
  // Its ONNX weights break off half-way, every time (resumed ranges too; not the 1-byte probe).
  const mirror = await modelHost();
  mirror.cutDownloads((path, range) => path.endsWith('.onnx') && range?.end !== 0);
  try {
    await openOn(page, mirror.url);
    await dropFiles(page, [TOPIC_DOCS[0]!, TOPIC_DOCS[1]!]);

    // Chunking needs only the tokenizer: both files are stored for keyword search.
    await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(2);
    await expect(page.getByTestId('queue-row').first()).toContainText('keyword search only');
    await expect(page.getByTestId('queue-blocked')).toHaveCount(0);
    await expect(page.getByTestId('embedder-phase')).toHaveText('Failed');
    await expect(page.getByTestId('embedder-error')).toContainText(
      /Could not download onnx-community\/Qwen3-Embedding-0\.6B-ONNX: the connection broke while fetching onnx\/model_quantized\.onnx/,
    );
    const pending = page.getByTestId('vectors-pending');
    await expect(pending).toContainText('2 documents are searchable by keywords only');
    await expect(pending).toContainText('failed to load');
    await expect(page.getByTestId('document')).toHaveCount(2);
    await search(page, 'volcano eruption lava');
    await expect(page.getByTestId('search-notice')).toContainText('Keyword results only');
    await expect(page.getByTestId('result-doc').first()).toHaveText('volcanoes.md');

    // The network recovers; Retry loads the model and the stored documents get their vectors.
    mirror.cutDownloads(null);
    await page.getByTestId('vectors-download').click();
    await expect(page.getByTestId('embedder-phase')).toHaveText('Ready');
    await expect(pending).toHaveCount(0);
    await expect(page.getByTestId('library-counts')).toContainText('2 documents');
    await search(page, 'volcano eruption lava');
    await expect(page.getByTestId('result-legs').first()).toContainText('meaning');
    await expect(page.getByTestId('search-notice')).not.toContainText('Keyword results only');
    await expect(page.getByTestId('result-doc').first()).toHaveText('volcanoes.md');
  } finally {
    await mirror.close();
  }
});

test('back online, a download that failed on the network starts again by itself and the stored files gain vectors', async ({
  page,
  context,
}) => {
  const mirror = await modelHost();
  mirror.cutDownloads((path, range) => path.endsWith('.onnx') && range?.end !== 0);
  try {
    await openOn(page, mirror.url);
    await dropFiles(page, [TOPIC_DOCS[0]!]);
    await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(1);
    await expect(page.getByTestId('embedder-phase')).toHaveText('Failed');
    const pending = page.getByTestId('vectors-pending');
    await expect(pending).toContainText('searchable by keywords only');

    // The connection drops and comes back, healthy now: no button is pressed.
    await context.setOffline(true);
    mirror.cutDownloads(null);
    await context.setOffline(false);
    await expect(page.getByTestId('embedder-phase')).toHaveText('Ready');
    await expect(pending).toHaveCount(0);
    await search(page, 'volcano eruption lava');
    await expect(page.getByTestId('result-legs').first()).toContainText('meaning');
  } finally {
    await mirror.close();
  }
});

test('a download that breaks off once resumes where it stopped, and nothing waits', async ({
  page,
}) => {
  const mirror = await modelHost();
  // Each weights file breaks off half-way the first time only, as a flaky network does.
  const cut = new Set<string>();
  mirror.cutDownloads(
    (path, range) => !range && path.endsWith('.onnx') && !cut.has(path) && !!cut.add(path),
  );
  try {
    await openOn(page, mirror.url);
    await dropFiles(page, [TOPIC_DOCS[0]!]);
    await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(1);
    await expect(page.getByTestId('embedder-phase')).toHaveText('Ready');
    await expect(page.getByTestId('queue-blocked')).toHaveCount(0);
    // The rest came with a Range request from where it broke off, not the whole file again.
    expect(cut.size).toBe(1);
    const [weights] = [...cut];
    const resumed = mirror.ranged.filter((range) => range.startsWith(`${weights} `));
    expect(resumed).toHaveLength(2); // transformers.js' size probe (0-0), then the resume
    expect(resumed[1]).toMatch(/ [1-9]\d*-$/);
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
