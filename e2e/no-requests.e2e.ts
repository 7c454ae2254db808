// "Nothing leaves this browser" from the first second: with the default models on the hub, the
// page opens, plans both models and shows their download sizes (the app's estimates) without a
// single request to another origin; only the user's Download sends one. An unreachable hub is
// named at once, with the other sources offered.
import { expect, test } from '@playwright/test';

test('opening the page asks the hub nothing; Download does', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const away: string[] = [];
  page.context().on('request', (request) => {
    if (new URL(request.url()).origin !== origin) away.push(request.url());
  });
  await page.goto('./?models=hub&backend=wasm');
  const download = page.getByTestId('embedder-load');
  await expect(download).toHaveText(/^Download \(≈ \d+(\.\d+)? MB\)$/);
  await expect(page.getByTestId('reranker-load')).toHaveText(/^Download \(≈ \d+(\.\d+)? MB\)$/);
  await page.getByTestId('models-storage').locator('summary').click();
  await expect(page.getByTestId('models-storage')).toContainText('estimate until the download');
  await page.waitForTimeout(1_500); // anything late (a status refresh) would show up here
  expect(away).toEqual([]);

  await download.click();
  await expect.poll(() => away.some((url) => url.startsWith('https://huggingface.co/'))).toBe(true);

  // This machine cannot reach the hub: the error says so and offers the other sources.
  await expect(page.getByTestId('embedder-error')).toContainText('huggingface.co is unreachable');
  const other = page.getByTestId('embedder-other-source');
  await expect(page.getByTestId('settings')).not.toHaveAttribute('open');
  await other.getByRole('button', { name: 'a local folder…' }).click();
  await expect(page.getByTestId('settings')).toHaveAttribute('open');
  await expect(page.getByTestId('model-source')).toHaveValue('local');
});
