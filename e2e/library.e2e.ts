// The core journey on WASM: drop files, watch progress, search, reload, search again; a bad
// file in a batch gets an error row while the good ones are indexed.
import { expect, test } from '@playwright/test';
import { allowDownload, dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

test('drop → index → search → reload → search, on WASM', async ({ page }) => {
  const foreignRequests: string[] = [];
  page.context().on('request', (request) => {
    const url = new URL(request.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.hostname !== '127.0.0.1') {
      foreignRequests.push(request.url());
    }
  });
  await openApp(page, 'wasm');
  await dropFiles(page, TOPIC_DOCS);

  const rows = page.getByTestId('queue-row');
  await expect(rows).toHaveCount(3);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
  await expect(page.getByTestId('embedder-badge')).toHaveText('WASM');
  await expect(page.getByTestId('library-counts')).toContainText('3 documents');

  await search(page, 'how does yeast make bread dough rise');
  await expect(page.getByTestId('result').first()).toBeVisible();
  await expect(page.getByTestId('result-doc').first()).toHaveText('sourdough.txt');
  await expect(page.getByTestId('timing-embed')).toHaveText(/\d/);
  await expect(page.getByTestId('timing-search')).toHaveText(/\d/);
  await expect(page.getByTestId('timing-total')).toHaveText(/\d/);

  await page.reload();
  await expect(page.getByTestId('library-counts')).toContainText('3 documents');
  await search(page, 'rocket launch of a satellite into orbit');
  await expect(page.getByTestId('result-doc').first()).toHaveText('rockets.txt');
  await search(page, 'lava and magma from a volcanic eruption');
  await expect(page.getByTestId('result-doc').first()).toHaveText('volcanoes.md');
  // Models come from the configured mirror and ONNX Runtime's wasm is self-hosted: no CDN.
  expect(foreignRequests).toEqual([]);
});

test('a binary file gets an error row and the good files are indexed', async ({ page }) => {
  await openApp(page, 'wasm');
  const png = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
  ];
  await dropFiles(page, [
    TOPIC_DOCS[0]!,
    { name: 'photo-renamed.txt', content: png, type: 'application/octet-stream' },
    { name: 'empty.md', content: '' },
    TOPIC_DOCS[1]!,
  ]);
  const failed = page.locator('[data-testid="queue-row"][data-status="failed"]');
  await expect(failed).toHaveCount(2);
  await expect(failed.filter({ hasText: 'photo-renamed.txt' })).toContainText('binary file');
  await expect(failed.filter({ hasText: 'empty.md' })).toContainText('empty');
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(2);
  await expect(page.getByTestId('library-counts')).toContainText('2 documents');
  await expect(page.getByTestId('document')).toHaveText([/volcanoes\.md/, /sourdough\.txt/]);
});

test('files failing for one reason fold under it, never a wall of identical rows', async ({
  page,
}) => {
  await openApp(page, 'wasm');
  await dropFiles(page, [
    ...['a.md', 'b.md', 'c.md', 'd.md'].map((name) => ({ name, content: '' })),
    TOPIC_DOCS[0]!,
  ]);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(1);
  const group = page.getByTestId('queue-group');
  await expect(group).toHaveCount(1);
  await expect(group.locator('summary')).toHaveText(/^4 files failed: .*empty.* — show$/);
  await expect(group.getByTestId('queue-row').first()).toBeHidden();
  await group.locator('summary').click();
  await expect(group.getByTestId('queue-row')).toHaveCount(4);
  await expect(group.getByTestId('queue-row').first()).toBeVisible();
});

test('document text is rendered as text, never as HTML', async ({ page }) => {
  await openApp(page, 'wasm');
  await dropFiles(page, [
    {
      name: 'html.txt',
      content: 'Volcano lava <img src=x onerror="window.__pwned=1"> <b>bold magma</b> eruption',
    },
  ]);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(1);
  await search(page, 'volcano lava magma');
  await expect(page.getByTestId('result').first()).toContainText('<b>bold magma</b>');
  expect(
    await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
  ).toBeUndefined();
  await expect(page.locator('.snippet img')).toHaveCount(0);
});

test('a model source that does not serve the model gives a clear message and loses nothing', async ({
  page,
  baseURL,
}) => {
  await openApp(page, 'wasm');
  await dropFiles(page, [TOPIC_DOCS[2]!]);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(1);

  // The preview server answers unknown paths with the app's HTML (a single-page-app fallback).
  await page.goto(
    './?backend=wasm&models=' + encodeURIComponent(new URL('no-such-mirror/', baseURL).href),
  );
  await allowDownload(page, 'embedder');
  await dropFiles(page, [TOPIC_DOCS[0]!]);
  // The dropped file is kept in the queue, which waits and says why.
  await expect(page.getByTestId('queue-blocked')).toContainText(
    /Could not download .*not a model config.*check the model source URL/,
  );
  await expect(page.locator('[data-testid="queue-row"][data-status="queued"]')).toHaveCount(1);
  await expect(page.getByTestId('embedder-phase')).toHaveText('Failed');
  // The waiting queue offers the way out: another source, in the model settings.
  await page.getByTestId('queue-choose-source').click();
  await expect(page.getByTestId('settings')).toHaveAttribute('open');
  await expect(page.getByTestId('document')).toHaveText([/rockets\.txt/]);

  // Back on a source that serves the model, the kept file is indexed without dropping it again
  // (and without a click: the model is stored, and the queue waits for it).
  await openApp(page, 'wasm', { allow: false });
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(1);
  await expect(page.getByTestId('document')).toHaveText([/rockets\.txt/, /volcanoes\.md/]);
});

test('a removed document never comes back in results; remove all empties the library for good', async ({
  page,
}) => {
  await openApp(page, 'wasm');
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);

  await page.getByRole('button', { name: 'Remove rockets.txt' }).click();
  await expect(page.getByTestId('library-counts')).toContainText('2 documents');
  await search(page, 'rocket launch of a satellite into orbit');
  await expect(page.getByTestId('result')).toHaveCount(2);
  await expect(page.getByTestId('result-doc')).not.toContainText(['rockets.txt']);

  await page.reload();
  await expect(page.getByTestId('library-counts')).toContainText('2 documents');
  await page.getByRole('button', { name: 'Remove all…' }).click();
  await page.getByRole('button', { name: 'Remove all 2 documents' }).click();
  await expect(page.getByTestId('library-counts')).toContainText('0 documents');
  await page.reload();
  await expect(page.getByTestId('library-counts')).toContainText('0 documents');
});

test('About this device says why there is no WebGPU and that WASM runs one thread', async ({
  page,
}) => {
  await openApp(page, 'wasm');
  await page.getByText('About this device').click();
  await expect(page.getByTestId('device-webgpu')).toContainText('not available');
  await expect(page.getByTestId('device-threads')).toContainText(
    /1 of \d+ cores \(not cross-origin isolated/,
  );
  await expect(page.getByTestId('device-report')).toContainText(/Embedder\s*WASM, q8/);
});
