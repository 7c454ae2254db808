// When the embedding model's files change on the model host (a new ETag) and are downloaded
// again, the app says so and re-embeds the stored documents from their text into a new vector
// space; the old vectors are dropped only once that is complete, so no space ever mixes weights.
import { copyFileSync, cpSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startStaticServer } from '../scripts/static-server.mjs';
import { allowDownload, dropFiles, search, TOPIC_DOCS } from './helpers';

const REPO = 'onnx-community/Qwen3-Embedding-0.6B-ONNX';

/**
 * Each stored space's rows (manifest key → its vectors, one rounded string per row), read from
 * the library database as the app stores them.
 */
const storedVectors = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<Record<string, string[]>>((resolve, reject) => {
        const open = indexedDB.open('sieve');
        open.onerror = () => reject(open.error ?? new Error('open failed'));
        open.onsuccess = () => {
          const store = open.result.transaction('library').objectStore('library');
          const keys = store.getAllKeys();
          const values = store.getAll();
          values.onsuccess = () => {
            open.result.close();
            const dimensions = new Map<string, number>();
            keys.result.forEach((key, i) => {
              const space = /^manifest:(.*)$/.exec(String(key))?.[1];
              if (space)
                dimensions.set(space, (values.result[i] as { dimension: number }).dimension);
            });
            const spaces: Record<string, string[]> = {};
            keys.result.forEach((key, i) => {
              const space = /^segment:(.*):\d+$/.exec(String(key))?.[1];
              const dimension = space && dimensions.get(space);
              if (!space || !dimension) return;
              const { vectors } = values.result[i] as { vectors: Float32Array };
              const rows = (spaces[space] ??= []);
              for (let at = 0; at < vectors.length; at += dimension) {
                const row = Array.from(vectors.subarray(at, at + dimension), (x) => x.toFixed(5));
                rows.push(row.join(','));
              }
            });
            resolve(spaces);
          };
        };
      }),
  );

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
    const oldRows = Object.values(await storedVectors(page)).flat();
    expect(oldRows.length).toBeGreaterThan(1);

    // The weights change upstream (another export of the same graph: other values, a new ETag);
    // the browser's copy is cleared, so they are downloaded again.
    const weights = join(dir, REPO, 'onnx/model_quantized.onnx');
    copyFileSync(join(dir, REPO, 'onnx/model_q4.onnx'), weights);
    const later = new Date(Date.now() + 60_000);
    utimesSync(weights, later, later);
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
    // Every row of the new space comes from the new weights: none was carried over.
    const newRows = Object.values(await storedVectors(page)).flat();
    expect(newRows).toHaveLength(oldRows.length);
    expect(newRows.filter((row) => oldRows.includes(row))).toEqual([]);
    await expect(page.getByTestId('library-counts')).toContainText('2 documents');
    await search(page, 'rocket launch of a satellite into orbit');
    await expect(page.getByTestId('result-doc').first()).toHaveText('rockets.txt');
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
