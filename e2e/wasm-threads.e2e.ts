// The WASM thread count is measured once per device: in a cross-origin isolated page (the service
// worker's one reload), the thread probe times each candidate count in a fresh worker, both model
// workers run the chosen count, and a second visit reuses the stored verdict without probing.
import { expect, test, type Page } from '@playwright/test';
import {
  parseVerdict,
  threadCandidates,
  verdictKey,
  type WasmThreadsVerdict,
} from '../src/core/wasm-threads';
import { allowDownload } from './helpers';

test.use({ serviceWorkers: 'allow' });

const APP = './?models=fixtures&backend=wasm';

async function openIsolated(page: Page): Promise<void> {
  await page.goto(APP);
  await expect(async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  }).toPass({ timeout: 90_000 });
  await expect(page.getByRole('heading', { name: 'Sieve' })).toBeVisible();
}

async function storedVerdict(page: Page, key: string): Promise<WasmThreadsVerdict | null> {
  return parseVerdict(await page.evaluate((k) => localStorage.getItem(k), key));
}

/** "About this device" opened afresh (its report is read when it opens). */
async function threadsLine(page: Page) {
  const about = page.locator('details.about');
  if (await about.evaluate((d: HTMLDetailsElement) => d.open))
    await about.locator('summary').click();
  await about.locator('summary').click();
  return page.getByTestId('device-threads');
}

test('the thread probe measures each candidate count once per device and the workers use its choice', async ({
  page,
}) => {
  const probes: string[] = [];
  page.on('worker', (worker) => {
    if (worker.url().includes('thread-probe')) probes.push(worker.url());
  });
  await openIsolated(page);
  // Asked for while the probe runs: the model workers wait for its verdict.
  await allowDownload(page, 'both');
  const { cores, userAgent } = await page.evaluate(() => ({
    cores: navigator.hardwareConcurrency,
    userAgent: navigator.userAgent,
  }));
  const candidates = threadCandidates(cores);
  const key = verdictKey(cores, userAgent);
  await expect.poll(() => storedVerdict(page, key), { timeout: 30_000 }).not.toBeNull();
  const verdict = (await storedVerdict(page, key))!;
  // Every candidate timed, each in a worker of its own.
  expect(verdict.measured.map((m) => m.threads).sort((a, b) => a - b)).toEqual(candidates);
  expect(probes).toHaveLength(candidates.length);
  expect(candidates).toContain(verdict.threads);
  // The choice: the fewest threads within 5% of the fastest.
  const fastest = Math.min(...verdict.measured.map((m) => m.ms));
  const asFast = verdict.measured.filter((m) => m.ms <= fastest * 1.05).map((m) => m.threads);
  expect(verdict.threads).toBe(Math.min(...asFast));

  // "About this device" reads ONNX Runtime's setting inside the embedder worker.
  const perCount = candidates.map((n) => `${n} thread${n === 1 ? '' : 's'} [\\d.]+ ms`).join(', ');
  const line = await threadsLine(page);
  await expect(line).toHaveText(
    new RegExp(
      `^${verdict.threads} of ${cores} cores \\(cross-origin isolated\\)\\s*— measured: ${perCount} per probe run \\(probe took [\\d.]+ s\\)\\.$`,
    ),
  );

  // Both model workers load with that count and say it was measured.
  for (const model of ['embedder', 'reranker']) {
    await expect(page.getByTestId(`${model}-phase`)).toHaveText('Ready');
    await expect(page.getByTestId(`${model}-badge`)).toHaveAttribute(
      'title',
      new RegExp(`^WASM threads: ${verdict.threads} of ${cores} cores, measured: ${perCount}`, 'm'),
    );
  }
  const shown = (await line.textContent())!.trim();

  // A later visit: the stored verdict, no probe worker, the same timings shown.
  probes.length = 0;
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sieve' })).toBeVisible();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(await threadsLine(page)).toHaveText(shown);
  expect(probes).toEqual([]);
  expect(await storedVerdict(page, key)).toEqual(verdict);
});
