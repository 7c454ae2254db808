// The indexing estimate of a large dropped folder: 120 generated text files (≈240 chunks) on the
// fixture models show "About … for ≈N chunks on this device (measured … tokens/s on WASM …)" from
// the speed the embedder measured at its warm-up, shrink as files are indexed and go once done;
// before the model has measured anything, the panel says when the time will appear.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';

const FILES = 120;
const TOPICS = ['tides', 'glaciers', 'orchards', 'bridges', 'lanterns', 'ferries', 'meadows'];

/** About 4 KB of prose per file (≈900 tokens: two chunks at the default 512), each different. */
function note(i: number): string {
  const lines = Array.from({ length: 40 }, (_, j) => {
    const topic = TOPICS[(i + j) % TOPICS.length]!;
    return `Note ${i}.${j}: the ${topic} survey found ${(i * 7 + j * 13) % 97} changes since spring.`;
  });
  return lines.join('\n');
}

let folder: string;
test.beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'sieve-estimate-'));
  mkdirSync(join(folder, 'notes'));
  for (let i = 0; i < FILES; i++) {
    writeFileSync(join(folder, 'notes', `note-${String(i).padStart(3, '0')}.txt`), note(i));
  }
});
test.afterAll(() => rmSync(folder, { recursive: true, force: true }));

const ESTIMATE =
  /^(About .+|Under a minute|A few seconds) for ≈([\d,]+) chunks on this device \(measured ([\d,]+) tokens\/s on WASM (at model load|while indexing)\)$/;

/** The estimate's chunk count and measured speed, read while the queue is paused. */
async function readEstimate(page: Page): Promise<{ chunks: number; rate: number }> {
  const estimate = page.getByTestId('indexing-estimate');
  await expect(estimate).toHaveAttribute('data-timed', 'true');
  const text = (await estimate.textContent())?.trim() ?? '';
  const match = ESTIMATE.exec(text);
  expect(match, text).not.toBeNull();
  const number = (s: string) => Number(s.replaceAll(',', ''));
  return { chunks: number(match![2]!), rate: number(match![3]!) };
}

async function pause(page: Page): Promise<void> {
  await page.getByTestId('pause-indexing').click();
  await expect(page.getByTestId('queue-overall')).toContainText('Paused');
}

const doneRows = (page: Page) => page.locator('[data-testid="queue-row"][data-status="done"]');

test('a large folder shows its estimate from the measured speed, shrinking as it indexes', async ({
  page,
}) => {
  await openApp(page, 'wasm');
  await expect(page.getByTestId('embedder')).toHaveAttribute('data-phase', 'ready');
  await page.getByTestId('folder-input').setInputFiles(join(folder, 'notes'));
  await pause(page);

  const first = await readEstimate(page);
  // Files not read yet are guessed from their size: ≈2 chunks each (checked against the real
  // count at the end).
  const left = FILES - (await doneRows(page).count());
  expect(first.chunks).toBeGreaterThanOrEqual(100);
  expect(first.rate).toBeGreaterThan(0);

  // Some files later, paused again: fewer chunks to go, the speed now also from indexing.
  const before = await doneRows(page).count();
  await page.getByTestId('resume-indexing').click();
  await expect.poll(() => doneRows(page).count()).toBeGreaterThanOrEqual(before + 10);
  await pause(page);
  const later = await readEstimate(page);
  expect(later.chunks).toBeLessThan(first.chunks);
  await expect(page.getByTestId('indexing-estimate')).toContainText('while indexing');

  await page.getByTestId('resume-indexing').click();
  await expect(doneRows(page)).toHaveCount(FILES, { timeout: 120_000 });
  await expect(page.getByTestId('indexing-estimate')).toBeHidden();

  // The first estimate was within a factor of two of what those files really gave.
  const counts = (await page.getByTestId('library-counts').textContent()) ?? '';
  const actual = Number(/([\d,]+)\s+chunks/.exec(counts)?.[1]?.replaceAll(',', ''));
  const actualLeft = (actual * left) / FILES;
  console.log(
    `estimate: ≈${first.chunks} chunks for ${left} files at ${first.rate} tokens/s (really ${Math.round(actualLeft)}), later ≈${later.chunks}`,
  );
  expect(first.chunks).toBeGreaterThan(actualLeft / 2);
  expect(first.chunks).toBeLessThan(actualLeft * 2);
});

test('before the model has measured this device, the estimate says it will follow', async ({
  page,
}) => {
  await openApp(page, 'wasm', { allow: false });
  await page.getByTestId('folder-input').setInputFiles(join(folder, 'notes'));
  await pause(page);
  const estimate = page.getByTestId('indexing-estimate');
  await expect(estimate).toHaveAttribute('data-timed', 'false');
  await expect(estimate).toHaveText(
    /^≈[\d,]+ chunks to embed: the time estimate appears once the model has measured this device\.$/,
  );
});
