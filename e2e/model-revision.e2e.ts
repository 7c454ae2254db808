// When the embedding model's files change on the model host (a new ETag) and are downloaded
// again, the app says so and re-embeds the stored documents from their text into a new vector
// space; the old vectors are dropped only once that is complete, so no space ever mixes weights.
import { cpSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startStaticServer } from '../scripts/static-server.mjs';
import { allowDownload, dropFiles, search, TOPIC_DOCS } from './helpers';

const REPO = 'onnx-community/Qwen3-Embedding-0.6B-ONNX';

/** The stored vector spaces (manifest keys) of the library database. */
const storedSpaces = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('sieve');
        open.onerror = () => reject(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const request = open.result.transaction('library').objectStore('library').getAllKeys();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result.map(String).filter((key) => key.startsWith('manifest:')));
          };
        };
      }),
  );

test('changed model files are announced and the library is re-embedded, never mixed', async ({
  page,
  context,
  baseURL,
}) => {
  // A model host of our own, whose weights file can change (a new modification time: a new ETag).
  const dir = mkdtempSync(join(tmpdir(), 'sieve-revision-'));
  cpSync(join('fixtures/models', REPO), join(dir, REPO), { recursive: true });
  const host = await startStaticServer({ dir, prefix: '/models/', cors: true });
  try {
    const open = async () => {
      await page.goto(`./?backend=wasm&models=${encodeURIComponent(host.url)}`);
      await allowDownload(page, 'embedder');
      await expect(page.getByTestId('embedder-phase')).toHaveText('Ready');
    };
    await open();
    await dropFiles(page, [TOPIC_DOCS[0]!, TOPIC_DOCS[2]!]);
    await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(2);
    const before = await storedSpaces(page);
    expect(before).toHaveLength(1);

    // The weights change upstream; the browser's copy is cleared, so they are downloaded again.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, REPO, 'onnx/model_quantized.onnx'), later, later);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', {
      origin: new URL(baseURL!).origin,
      storageTypes: 'cache_storage',
    });
    await open();
    await expect(
      page.getByText(/model's files changed since your documents were indexed/),
    ).toBeVisible();

    // Re-embedded from the saved texts into one new space; the old one is gone once complete.
    await expect.poll(() => storedSpaces(page)).toEqual([expect.stringMatching(/@[0-9a-f]{16}$/)]);
    expect((await storedSpaces(page))[0]).toContain(before[0]!);
    await expect(page.getByTestId('library-counts')).toContainText('2 documents');
    await search(page, 'rocket launch of a satellite into orbit');
    await expect(page.getByTestId('result-doc').first()).toHaveText('rockets.txt');
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
