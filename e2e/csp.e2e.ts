// The built app's Content-Security-Policy, a second line of defence behind escaping: markup in a
// document's text, its file name and a collection name is shown as text, and the same markup put
// into the page as HTML runs no script.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { dropFiles, openApp, search } from './helpers';

const FIELDS = ['collection', 'file', 'text'] as const;
type Field = (typeof FIELDS)[number];

/** Markup whose inline handler would record which field it came through. */
const markup = (field: Field) => `<img src=x onerror="window.__xss='${field}'">`;

interface Watched {
  __xss?: string;
  __violations: string[];
}

/** Every CSP violation the page reports, as "directive blocked-uri". */
async function watchViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const watched = window as unknown as Watched;
    watched.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      watched.__violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
}

const watched = (page: Page) =>
  page.evaluate(() => {
    const { __xss, __violations } = window as unknown as Watched;
    return { xss: __xss, violations: __violations };
  });

/** The markup as `shown` on the page: what a missing escape would have made HTML. */
async function shownMarkup(shown: Locator, field: Field): Promise<string> {
  const text = (await shown.textContent()) ?? '';
  const start = text.indexOf('<img');
  const found = start < 0 ? '' : text.slice(start, text.indexOf('>', start) + 1);
  expect(found).toBe(markup(field));
  return found;
}

test('the CSP is in the page; hostile text is shown as text and injected markup runs nothing', async ({
  page,
}) => {
  await watchViolations(page);
  await openApp(page, 'wasm');
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).toContain("connect-src 'self';");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'none'");
  expect(policy).not.toContain('unsafe-inline');

  await page.getByRole('button', { name: 'New…' }).click();
  await page.getByTestId('collection-name').fill(`Notes ${markup('collection')}`);
  await page.getByRole('button', { name: 'Create' }).click();
  // Created and chosen before the drop: the file goes into it.
  await expect(page.getByTestId('collection-select').locator('option:checked')).toContainText(
    'Notes',
  );
  await dropFiles(page, [
    {
      name: `lava ${markup('file')}.txt`,
      content: `Basalt lava flows from the volcano. ${markup('text')} <script>window.__xss = 'script'</script>`,
    },
  ]);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(1);
  await search(page, 'basalt lava from a volcano');

  // Escaping: each field is shown as its text, no element came of it, nothing reached the policy.
  const shown: Record<Field, Locator> = {
    collection: page.getByTestId('collection-select').locator('option:checked'),
    file: page.getByTestId('result-doc').first(),
    text: page.getByTestId('result').first().locator('.snippet'),
  };
  await expect(shown.collection).toContainText(`Notes ${markup('collection')}`);
  await expect(shown.file).toHaveText(`lava ${markup('file')}.txt`);
  await expect(shown.text).toContainText(`${markup('text')} <script>window.__xss = 'script'`);
  await expect(page.locator('img[onerror], script:not([src])')).toHaveCount(0);
  expect(await watched(page)).toEqual({ xss: undefined, violations: [] });

  // The policy: each field's markup put into the page as HTML has its inline handler blocked.
  for (const [index, field] of FIELDS.entries()) {
    const html = await shownMarkup(shown[field], field);
    await page.evaluate((html) => {
      const element = document.createElement('div');
      element.innerHTML = html;
      document.body.append(element);
    }, html);
    await expect
      .poll(async () => (await watched(page)).violations, { message: field })
      .toHaveLength(index + 1);
    expect((await watched(page)).violations[index]).toMatch(/^script-src-attr /);
    expect((await watched(page)).xss, field).toBeUndefined();
  }
});
