// Accessibility of the main screen in the built app: axe-core finds no serious or critical
// violation (colour contrast among them) in light and dark mode, with results shown, every panel
// open, and then with the source view open.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

const PANELS = [
  'Search options',
  'Model settings',
  'Models & storage',
  'Evaluate',
  'About this device',
];

/** Axe's serious and critical violations, written out so a reader can find and fix each one. */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const targets = v.nodes.slice(0, 4).map((node) => {
        const target = node.target.map(String).join(' ');
        // Contrast failures carry the measured ratio and colours: the quickest way to the fix.
        const data = node.any.find((check) => check.id === 'color-contrast')?.data as
          { contrastRatio?: number; fgColor?: string; bgColor?: string } | undefined;
        return data?.contrastRatio
          ? `${target} (${data.fgColor} on ${data.bgColor}: ${data.contrastRatio}:1)`
          : target;
      });
      const more =
        v.nodes.length > targets.length ? ` …and ${v.nodes.length - targets.length} more` : '';
      return `[${where}] ${v.id} (${v.impact}): ${v.help}\n    ${targets.join('\n    ')}${more}`;
    });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious or critical axe violation in ${scheme} mode: results, open panels, source view`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page, 'wasm', { params: 'rerank=off' });
    await dropFiles(page, TOPIC_DOCS);
    await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
    await search(page, 'volcano eruption lava');
    await expect(page.getByTestId('result-doc').first()).toBeVisible();

    for (const name of PANELS) {
      const panel = page
        .locator('details', { has: page.locator('summary', { hasText: name }) })
        .first();
      if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
      await expect(panel).toHaveAttribute('open', '');
    }
    // Each model's "why" list (reasons and file table) too.
    for (const why of await page.locator('details.why').all()) {
      if ((await why.getAttribute('open')) === null) await why.locator('summary').click();
      await expect(why).toHaveAttribute('open', '');
    }

    const found = await seriousViolations(page, `${scheme}, panels open`);

    await page.getByTestId('result-doc').first().click();
    await expect(page.getByTestId('source-view')).toBeVisible();
    found.push(...(await seriousViolations(page, `${scheme}, source view`)));

    expect(found, found.join('\n')).toEqual([]);
  });
}
