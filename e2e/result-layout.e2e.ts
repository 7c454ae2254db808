// Results read well at any width: at 400 and 1280 px a long file name stays on one line (cut
// short, the full path on hover), score chips do not wrap, nothing scrolls sideways, the Search
// button stays in its card, deep heading paths are shortened and Markdown snippets show no markup.
import { expect, test, type Page } from '@playwright/test';
import { allowDownload, dropFiles, openApp, search } from './helpers';

const LONG_NAME = 'quarterly-maintenance-report-for-the-northern-pumping-station-final-v12.txt';
const MANUAL = 'pump-manual.md';
const DOCS = [
  {
    name: LONG_NAME,
    content: 'The impeller of pump seven was replaced after the seal failed in March.',
  },
  {
    name: MANUAL,
    content:
      '# Manual\n\n## Part II\n\n### Pumps\n\n#### Seals\n\n##### Replacing a seal\n\nUndo the **four bolts**, lift the `cover` and replace the impeller seal.',
    type: 'text/markdown',
  },
];

/** One line of text: a box no taller than 1.6 line heights. */
function singleLine(page: Page, testId: string): Promise<boolean[]> {
  return page.getByTestId(testId).evaluateAll((nodes) =>
    nodes.map((node) => {
      const style = getComputedStyle(node);
      const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
      return node.getBoundingClientRect().height < 1.6 * line;
    }),
  );
}

for (const width of [400, 1280]) {
  test(`result headers at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    // Reranked: the header then carries the most chips (movement, rerank score, stage-1 score).
    await openApp(page, 'wasm', { allow: false });
    await allowDownload(page, 'both');
    await dropFiles(page, DOCS);
    await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(2);
    await search(page, 'impeller seal');
    await expect(page.getByTestId('results')).toHaveAttribute('data-list', 'reranked');
    await expect(page.getByTestId('result')).toHaveCount(2);

    expect(await singleLine(page, 'result-doc')).toEqual([true, true]);
    expect(await singleLine(page, 'result-score')).toEqual([true, true]);
    expect(await singleLine(page, 'result-rerank-score')).toEqual([true, true]);
    const longName = page.getByTestId('result-doc').filter({ hasText: LONG_NAME });
    await expect(longName).toHaveAttribute('title', new RegExp(LONG_NAME));
    // The chips wrap below a long name before it is cut to a few letters.
    const nameWidth = await longName.evaluate((el) => el.getBoundingClientRect().width);
    expect(nameWidth).toBeGreaterThan(width === 400 ? 180 : 500);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    // The Search button stays inside its card's padding (it used to poke out at 400 px).
    const room = await page.getByRole('search').evaluate((form) => {
      const card = form.parentElement!;
      const inner =
        card.getBoundingClientRect().right - parseFloat(getComputedStyle(card).paddingRight);
      return inner - form.querySelector('button')!.getBoundingClientRect().right;
    });
    expect(room).toBeGreaterThanOrEqual(-0.5);

    const manual = page.getByTestId('result').filter({ hasText: MANUAL });
    await expect(manual.getByTestId('result-location')).toHaveText(
      'Manual › … › Seals › Replacing a seal',
    );
    await expect(manual.getByTestId('result-location')).toHaveAttribute(
      'title',
      'Manual › Part II › Pumps › Seals › Replacing a seal',
    );
    const snippet = manual.locator('.snippet');
    await expect(snippet).toContainText('Undo the four bolts, lift the cover and replace');
    await expect(snippet).not.toContainText('#');
    await expect(snippet).not.toContainText('**');
    await expect(snippet.locator('mark')).toHaveText(['impeller', 'seal']);
  });
}
