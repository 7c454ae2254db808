// The document viewer (src/ui/SourceView.svelte) on a harness page: untrusted text rendered as
// text, marked hits, keyboard and button navigation, Esc to close, and the long-document excerpt.
import { expect, test, type Page } from '@playwright/test';
import type {} from './harness/source-view-page';
import { harnessUrl } from './helpers';

const HARNESS = harnessUrl('source-view.html');
const MARKUP = '<img src=x onerror="window.__xss=1">';

async function open(page: Page, query = '') {
  await page.goto(HARNESS + query);
  await expect(page.locator('#status')).toHaveText('ready');
  await expect(page.getByTestId('source-view')).toBeVisible();
}

/** The active mark is the only one with aria-current, and it is scrolled into view. */
async function expectActive(page: Page, index: number, location: string) {
  const active = page.locator('[data-testid="source-mark"][aria-current="true"]');
  await expect(active).toHaveCount(1);
  await expect(active).toHaveAttribute('data-hit', String(index));
  await expect(active).toHaveAttribute('data-active', '');
  await expect(active).toBeInViewport();
  await expect(page.getByTestId('source-hit-count')).toHaveText(`Hit ${index + 1} of 3`);
  await expect(page.getByTestId('source-location')).toHaveText(location);
}

test('shows markup in the text literally and never runs it', async ({ page }) => {
  await open(page);
  const dialog = page.getByRole('dialog', { name: 'release-notes <b>draft</b>.md' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('img, b')).toHaveCount(0);
  await expect(page.locator('[data-testid="source-mark"][data-hit="0"]')).toHaveText(MARKUP);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  // The rendered text is the document exactly: no characters added between pieces.
  const shown = await dialog.locator('.body').evaluate((el) => el.textContent?.length);
  expect(shown).toBe(await page.evaluate(() => window.sourceHarness.textLength));
  await expect(page.getByTestId('source-excerpt-note')).toHaveCount(0);
});

test('marks the three hits, scrolls to the active one and navigates', async ({ page }) => {
  await open(page);
  await expect(page.getByTestId('source-mark')).toHaveCount(3);
  await expectActive(page, 1, 'Page 2 · Setup › Backends');

  await page.getByTestId('source-next').click();
  await expectActive(page, 2, 'Page 5');
  await expect(page.getByTestId('source-next')).toBeDisabled();

  await page.getByTestId('source-prev').click();
  await page.getByTestId('source-prev').click();
  await expectActive(page, 0, 'Page 1');
  await expect(page.getByTestId('source-prev')).toBeDisabled();
  // The disabled button handed focus on instead of dropping it to <body>.
  await expect(page.getByTestId('source-next')).toBeFocused();

  await page.keyboard.press(']');
  await expectActive(page, 1, 'Page 2 · Setup › Backends');
  await page.keyboard.press('n');
  await expectActive(page, 2, 'Page 5');
  await page.keyboard.press(']'); // already at the last hit: nothing happens
  await page.keyboard.press('[');
  await expectActive(page, 1, 'Page 2 · Setup › Backends');
  await page.keyboard.press('p');
  await expectActive(page, 0, 'Page 1');
  expect(await page.evaluate(() => window.sourceHarness.navigations)).toEqual([
    2, 1, 0, 1, 2, 1, 0,
  ]);
});

test('Esc and the Close button close the viewer through onclose', async ({ page }) => {
  await open(page);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('source-view')).toHaveCount(0);
  expect(await page.evaluate(() => window.sourceHarness.closed)).toBe(1);

  await open(page);
  await page.getByTestId('source-close').click();
  await expect(page.getByTestId('source-view')).toHaveCount(0);
  expect(await page.evaluate(() => window.sourceHarness.closed)).toBe(1);
});

test('renders only a window of a long document around the active hit', async ({ page }) => {
  await open(page, '?long');
  const note = page.getByTestId('source-excerpt-note');
  await expect(note).toContainText('Showing part of a long document');
  const length = await page.evaluate(() => window.sourceHarness.textLength);
  expect(length).toBeGreaterThan(200_000);
  const shown = await page.locator('.source-view .body').evaluate((el) => el.textContent!.length);
  expect(shown).toBeLessThanOrEqual(2 * 20_000 + 200);
  // Hits 0 and 2 lie outside the window; the active one is marked and in view.
  await expect(page.getByTestId('source-mark')).toHaveCount(1);
  await expectActive(page, 1, 'Page 2 · Setup › Backends');

  await page.keyboard.press(']');
  await expectActive(page, 2, 'Page 5');
  await expect(note).toContainText('Showing part of a long document');
});
