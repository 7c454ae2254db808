// The built app's Content-Security-Policy: present in the page, and a second line of defence
// behind escaping. Markup in a document's text, its file name and a collection name is shown as
// text (nothing reaches the policy), and markup that did get into the page still runs no script.
import { expect, test, type Page } from '@playwright/test';
import { dropFiles, openApp, search } from './helpers';

const MARKUP = '<img src=x onerror="window.__xss=1">';

interface Watched {
  __xss?: number;
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

test('the CSP is in the page; hostile text is shown as text and injected markup runs nothing', async ({
  page,
}) => {
  await watchViolations(page);
  await openApp(page, 'wasm');
  const policy = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'none'");
  expect(policy).not.toContain('unsafe-inline');

  await page.getByRole('button', { name: 'New…' }).click();
  await page.getByTestId('collection-name').fill(`Notes ${MARKUP}`);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('collection-select')).toContainText(`Notes ${MARKUP}`);

  await dropFiles(page, [
    {
      name: `lava ${MARKUP}.txt`,
      content: `Basalt lava flows from the volcano. ${MARKUP} <script>window.__xss = 2</script>`,
    },
  ]);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(1);
  await search(page, 'basalt lava from a volcano');
  await expect(page.getByTestId('result-doc').first()).toHaveText(`lava ${MARKUP}.txt`);
  await expect(page.getByTestId('result').first()).toContainText('<script>window.__xss = 2');
  // Escaping kept all of it text: nothing even reached the policy.
  expect(await watched(page)).toEqual({ xss: undefined, violations: [] });

  // Markup that did get into the page: its inline handler is blocked by the policy.
  await page.evaluate((markup) => {
    const element = document.createElement('div');
    element.innerHTML = markup;
    document.body.append(element);
  }, MARKUP);
  await expect
    .poll(async () => (await watched(page)).violations)
    .toContainEqual(expect.stringMatching(/^script-src-attr /));
  expect((await watched(page)).xss).toBeUndefined();
});
