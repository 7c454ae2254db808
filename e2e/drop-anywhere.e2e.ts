// Files dragged over any part of the page: an outline says they can be dropped there, and a drop
// outside the drop zone indexes them like one on it (once: the zone's own drops are not doubled).
import { expect, test } from '@playwright/test';
import { openApp, search } from './helpers';

test('a drop anywhere on the page is indexed, with a visible outline while dragging', async ({
  page,
}) => {
  await openApp(page, 'wasm', { params: 'rerank=off' });
  const files = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Kestrel kettles whistle at ninety degrees.'], 'kettle.txt'));
    return dt;
  });
  const results = page.getByRole('heading', { name: 'Sieve' });
  await results.dispatchEvent('dragover', { dataTransfer: files });
  await expect(page.getByTestId('page-drop')).toBeVisible();
  await results.dispatchEvent('drop', { dataTransfer: files });
  await expect(page.getByTestId('page-drop')).toBeHidden();
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(1);

  // A drop on the drop zone itself is taken once.
  const more = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['Heron nests line the estuary in spring.'], 'heron.txt'));
    return dt;
  });
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: more });
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(2);
  await expect(page.getByTestId('queue-row')).toHaveCount(2);
  await search(page, 'kettles');
  await expect(page.getByTestId('result-doc').first()).toHaveText('kettle.txt');
});
