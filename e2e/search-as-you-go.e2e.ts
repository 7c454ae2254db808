// Searching beyond the search box in the built app: keyword results while typing (meaning and
// rerank wait for Enter), "More like this" on a result (its stored vector and rarer words, the
// passage itself left out), and the source view emphasising the sentences that match the query.
import { expect, test } from '@playwright/test';
import { dropFiles, openApp } from './helpers';

const CAUSEWAY = {
  name: 'causeway.txt',
  content:
    "The Giant's Causeway has about forty thousand interlocking basalt columns. Hexagonal basalt columns form when thick lava cools slowly and contracts.",
};
const FINGAL = {
  name: 'fingal.txt',
  content: "Fingal's Cave is lined with hexagonal basalt columns, formed as a lava flow cooled.",
};
const BREAD = { name: 'bread.txt', content: 'Sourdough bread rises with wild yeast and bacteria.' };
const HARBOUR = {
  name: 'harbour.txt',
  content:
    'Harbour notes from the keeper. The lighthouse keeper logged every storm in a ledger. Fog horns sounded twice an hour through the winter nights. The ferry to the island ran on Tuesdays.',
};

test('keyword results appear while typing; Enter adds meaning; More like this finds the kindred passage', async ({
  page,
}) => {
  await openApp(page, 'wasm', { params: 'rerank=off' });
  await dropFiles(page, [CAUSEWAY, FINGAL, BREAD]);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);

  const input = page.getByTestId('search-input');
  await input.pressSequentially('causeway', { delay: 20 });
  await expect(page.getByTestId('typing-preview')).toBeVisible();
  await expect(page.getByTestId('results')).toHaveAttribute('data-preview', '');
  await expect(page.getByTestId('result-doc')).toHaveText(['causeway.txt']);
  await expect(page.getByTestId('result-legs')).toHaveText([/^\s*keywords #1\s*$/]);
  // A preview offers no "More like this": the query is still being typed.
  await expect(page.getByTestId('result-more-like')).toHaveCount(0);

  await input.press('Enter');
  await expect(page.getByTestId('typing-preview')).toBeHidden();
  await expect(page.getByTestId('results')).not.toHaveAttribute('data-preview');
  await expect(page.getByTestId('result-legs').first()).toContainText(/meaning #\d+/);
  await expect(page.getByTestId('result-doc').first()).toHaveText('causeway.txt');

  await page.getByTestId('result-more-like').first().click();
  await expect(page.getByTestId('more-like-status')).toContainText('causeway.txt');
  // Its rarer shared words (basalt, hexagonal, columns, lava) put Fingal's Cave first by keywords;
  // the passage itself is not among its own neighbours.
  await expect(page.getByTestId('result-doc').first()).toHaveText('fingal.txt');
  await expect(page.getByTestId('result-legs').first()).toContainText('keywords #1');
  await expect(page.getByTestId('result-doc')).not.toContainText(['causeway.txt']);

  // Typing again leaves "more like" for the new query's preview.
  await input.fill('sourdough');
  await expect(page.getByTestId('more-like-status')).toBeHidden();
  await expect(page.getByTestId('result-doc')).toHaveText(['bread.txt']);
});

test('the source view marks query words and emphasises the sentence that matches', async ({
  page,
}) => {
  await openApp(page, 'wasm', { params: 'rerank=off' });
  await dropFiles(page, [HARBOUR]);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(1);
  await page.getByTestId('search-input').fill('fog horns winter');
  await page.getByTestId('search-input').press('Enter');
  await page.getByTestId('result-doc').first().click();
  await expect(page.getByTestId('source-view')).toBeVisible();

  const passage = page.locator('[data-testid="source-mark"][data-active]');
  await expect(passage).toContainText('The lighthouse keeper logged every storm');
  const emphasised = await passage
    .locator('.focus')
    .evaluateAll((nodes) => nodes.map((n) => n.textContent).join(''));
  expect(emphasised).toBe('Fog horns sounded twice an hour through the winter nights.');
  await expect(passage.locator('mark.term')).toHaveText(['Fog', 'horns', 'winter']);
});

test('the keyboard way: a skip link to the search box, Enter searches, ↓ enters the results', async ({
  page,
}) => {
  await openApp(page, 'wasm', { params: 'rerank=off' });
  await dropFiles(page, [CAUSEWAY, FINGAL, BREAD]);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
  // A fresh page: the first Tab lands on the skip link.
  await page.reload();
  await expect(page.getByTestId('library-counts')).toContainText('3 documents');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to search' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('search-input')).toBeFocused();
  await page.keyboard.type('basalt columns');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('result-legs').first()).toContainText('meaning');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('result-doc').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('result-doc').nth(1)).toBeFocused();
});
