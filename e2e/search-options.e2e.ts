// Search options say what a search will use when the typed value cannot be used as it is.
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test('out-of-range result and candidate counts are named with the values searches use', async ({
  page,
}) => {
  await openApp(page, 'wasm', { allow: false });
  await page.getByText('Search options').click();
  const results = page.getByTestId('results-count');
  await expect(page.getByTestId('results-note')).toHaveCount(0);
  await results.fill('500');
  await expect(page.getByTestId('results-note')).toHaveText('Searches show 50 (1–50).');
  await expect(results).toHaveAttribute('aria-invalid', 'true');
  await results.fill('0');
  await expect(page.getByTestId('results-note')).toHaveText('Searches show 1 (1–50).');
  await results.fill('12');
  await expect(page.getByTestId('results-note')).toHaveCount(0);

  await page.getByTestId('candidates-count').fill('5');
  await expect(page.getByTestId('candidates-note')).toHaveText(
    'Reranks 12: at least the results, at most 200.',
  );
  await page.getByTestId('candidates-count').fill('900');
  await expect(page.getByTestId('candidates-note')).toContainText('Reranks 200');
  await page.getByTestId('candidates-count').fill('40');
  await expect(page.getByTestId('candidates-note')).toHaveCount(0);
});
