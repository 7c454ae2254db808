// A reload in the middle of indexing: the finished documents stay intact and searchable, the
// interrupted file is indexed again from the persistent queue, and the chunks it had already
// embedded are not embedded again.
import { expect, test } from '@playwright/test';
import { dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

// 3,000 paragraphs at 128-token chunks: many 32-chunk slices, so the reload lands mid-file even
// on a fast machine.
const longDocument = Array.from(
  { length: 3000 },
  (_, i) => `Paragraph ${i} describes tectonic plates, subduction and mountain building in detail.`,
).join('\n\n');

test('after a reload mid-file, indexing resumes without re-embedding finished chunks', async ({
  page,
}) => {
  // Small chunks, so the long file takes several embedding slices of 32 chunks.
  await openApp(page, 'wasm', { params: 'chunk=128' });
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);

  await dropFiles(page, [{ name: 'geology.txt', content: longDocument }]);
  const geology = page.locator('[data-testid="queue-row"]', { hasText: 'geology.txt' });
  const progress = geology.locator('progress');
  // Reload once the first slice of 32 chunks has been embedded (and kept).
  await expect
    .poll(async () => Number(await progress.getAttribute('value').catch(() => '0')), {
      timeout: 60_000,
      intervals: [50],
    })
    .toBeGreaterThanOrEqual(33);
  await page.reload();

  // Nothing half-written: the three finished documents are there and searchable.
  await expect(page.getByTestId('document')).toHaveText([
    /volcanoes\.md/,
    /sourdough\.txt/,
    /rockets\.txt/,
    /geology\.txt/,
  ]);
  await expect(geology).toHaveAttribute('data-status', 'done');
  await expect(geology).toContainText(/reused/);
  const reused = Number(/(\d+) reused/.exec((await geology.textContent()) ?? '')?.[1]);
  expect(reused).toBeGreaterThanOrEqual(32);
  await search(page, 'rocket launch of a satellite into orbit');
  await expect(page.getByTestId('result-doc').first()).toHaveText('rockets.txt');
});
