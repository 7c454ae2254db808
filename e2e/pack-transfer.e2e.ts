// Sieve pack files between browser profiles: a collection exported in one profile and imported in
// a fresh one searches the same with nothing embedded; corrupt, truncated and foreign files are
// refused with their messages, the library unchanged; a pack of another model shows the mismatch
// and imports after all when re-embedding is asked for.
import { expect, test, type Page } from '@playwright/test';
import { unzipSync, zipSync } from 'fflate';
import { readFileSync, writeFileSync } from 'node:fs';
import { dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

const QUERY = 'how does yeast make bread dough rise';
const SHOTS = process.env.SIEVE_SCREENSHOTS;

async function results(page: Page) {
  await expect(page.getByTestId('result').first()).toBeVisible();
  return {
    docs: await page.getByTestId('result-doc').allTextContents(),
    scores: await page.getByTestId('result-score').allTextContents(),
  };
}

/** Remembers, from now on, whether anything was embedded: a queue row or re-indexing shown. */
async function watchEmbedding(page: Page) {
  await page.evaluate(() => {
    const seen = (window as unknown as { embeddingSeen: string[] }).embeddingSeen ?? [];
    (window as unknown as { embeddingSeen: string[] }).embeddingSeen = seen;
    const check = () => {
      if (document.querySelector('[data-testid="queue-row"]')) seen.push('queue row');
      if (document.body.textContent?.includes('Re-indexing for this model')) seen.push('reindex');
      if (document.body.textContent?.includes('not indexed for this model'))
        seen.push('not indexed');
    };
    new MutationObserver(check).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

const embeddingSeen = (page: Page) =>
  page.evaluate(() => [
    ...new Set((window as unknown as { embeddingSeen: string[] }).embeddingSeen),
  ]);

async function importPack(page: Page, path: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import pack…' }).click();
  await (await chooser).setFiles(path);
}

test('a collection moves between profiles as a pack file, searched the same, nothing embedded', async ({
  page,
  browser,
}, testInfo) => {
  await openApp(page, 'wasm', { params: 'rerank=off' });
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
  // Every document with its vectors before the reference search, as the pack will carry them
  // all: a file stored while the model still loaded gains them a moment after it is ready (the
  // pending notice is gone by then, so the document rows are what tells).
  await expect(page.getByTestId('embedder')).toHaveAttribute('data-phase', 'ready');
  await expect(page.getByTestId('document')).toHaveCount(3);
  await expect(
    page.getByTestId('document').filter({ hasText: 'not indexed for this model' }),
  ).toHaveCount(0);
  await search(page, QUERY);
  const original = await results(page);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export pack' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('My documents.sievepack');
  const packPath = testInfo.outputPath('My documents.sievepack');
  await file.saveAs(packPath);
  await expect(page.getByTestId('pack-done')).toContainText('Exported 3 documents');

  // A fresh profile: its own storage, nothing indexed.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openApp(other, 'wasm', { params: 'rerank=off' });
  await expect(other.getByTestId('embedder')).toHaveAttribute('data-phase', 'ready');
  await watchEmbedding(other);
  const started = Date.now();
  await importPack(other, packPath);
  await expect(other.getByTestId('pack-done')).toContainText(
    /Imported 3 documents \(\d+ chunks\) into “My documents \(2\)”: ready to search, nothing re-embedded\./,
  );
  console.log(`import of 3 documents: ${Date.now() - started} ms`);
  await expect(other.getByTestId('document')).toHaveCount(3);
  await expect(other.getByTestId('collection-select')).toContainText('My documents (2) (3)');
  await search(other, QUERY);
  expect(await results(other)).toEqual(original);
  expect(await embeddingSeen(other)).toEqual([]);
  if (SHOTS) await other.screenshot({ path: `${SHOTS}/pack-imported.png`, fullPage: true });

  // A corrupt pack, a truncated one and a zip that is no pack: refused, the library as it was.
  const bytes = readFileSync(packPath);
  const truncated = testInfo.outputPath('truncated.sievepack');
  writeFileSync(truncated, bytes.subarray(0, bytes.length - 300));
  const foreign = testInfo.outputPath('photos.zip');
  writeFileSync(foreign, zipSync({ 'photo.txt': new TextEncoder().encode('not a pack') }));
  const corrupt = testInfo.outputPath('corrupt.sievepack');
  const shards = unzipSync(bytes);
  const vectors = Object.keys(shards).find((name) => name.startsWith('vectors.'))!;
  shards[vectors]![40]! ^= 0xff;
  writeFileSync(corrupt, zipSync(shards));
  const collections = await other.getByTestId('collection-select').textContent();
  for (const [path, message] of [
    [corrupt, /^The pack is damaged: vectors\.[0-9a-f]+\.bin does not match its hash\./],
    [truncated, /^“truncated\.sievepack” is not a Sieve pack, or it is damaged or truncated/],
    [foreign, /^“photos\.zip” is not a Sieve pack: it has no manifest\.json\./],
  ] as const) {
    await importPack(other, path);
    await expect(other.getByTestId('pack-error')).toHaveText(message);
    await expect(other.getByTestId('collection-select')).toHaveText(collections!);
    await expect(other.getByTestId('document')).toHaveCount(3);
  }
  if (SHOTS) await other.screenshot({ path: `${SHOTS}/pack-refused.png`, fullPage: true });

  // A pack of another model (the manifest edited: hashes cover the shards, not the manifest).
  const files = unzipSync(bytes);
  const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  manifest.embedding.modelId = 'example/Other-Embedding';
  files['manifest.json'] = new TextEncoder().encode(JSON.stringify(manifest));
  const otherModel = testInfo.outputPath('other-model.sievepack');
  writeFileSync(otherModel, zipSync(files));
  await importPack(other, otherModel);
  await expect(other.getByTestId('pack-mismatch')).toContainText(
    'This pack was made with example/Other-Embedding',
  );
  await expect(other.getByTestId('pack-mismatch')).toContainText('Different model');
  await expect(other.getByTestId('collection-select')).toHaveText(collections!);
  if (SHOTS) await other.screenshot({ path: `${SHOTS}/pack-mismatch.png`, fullPage: true });
  await other.getByRole('button', { name: 'Import and re-embed' }).click();
  await expect(other.getByTestId('pack-done')).toContainText(
    'into “My documents (3)”; re-embedding them',
  );
  await expect(other.getByTestId('document')).toHaveCount(3);
  await expect(other.getByTestId('document').filter({ hasText: 'not indexed' })).toHaveCount(0);
  // This time the texts were embedded here (the watch above would have seen the same).
  expect(await embeddingSeen(other)).not.toEqual([]);
  await search(other, QUERY);
  expect((await results(other)).docs).toEqual(original.docs);
  await fresh.close();
});
