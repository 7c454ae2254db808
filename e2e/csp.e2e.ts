// The built app's Content-Security-Policies. The page's is a second line of defence behind
// escaping: markup in a document's text, its file name and a collection name is shown as text, and
// the same markup put into the page as HTML runs no script. The model workers' (sent by the service
// worker as each page granted) lets them connect only to the app's origin and that page's source.
import { expect, test, type Locator, type Page, type Worker } from '@playwright/test';
import { allowDownload, dropFiles, harnessUrl, openApp, search } from './helpers';

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

/** The page's embedding worker, once it runs. */
async function embedderWorker(page: Page): Promise<Worker> {
  const find = () => page.workers().find((w) => w.url().includes('embedder.worker'));
  await expect.poll(() => find() !== undefined, { message: 'the embedder worker' }).toBe(true);
  return find()!;
}

/** A CORS fetch from inside `worker`: its outcome and the CSP violations it caused. */
function attempt(worker: Worker, url: string) {
  return worker.evaluate(async (target) => {
    const violations: string[] = [];
    self.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
    const outcome = await fetch(target, { cache: 'no-store' }).then(
      (response) => `HTTP ${response.status}`,
      () => 'failed',
    );
    // Violation events are queued as tasks: let them arrive.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { outcome, violations };
  }, url);
}

const ALLOWED = { outcome: 'HTTP 200', violations: [] };
const blocked = (url: string) => ({ outcome: 'failed', violations: [`connect-src ${url}`] });

test.describe('served by the service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('each page’s model worker connects only to the app’s origin and that page’s model source', async ({
    page,
    context,
    baseURL,
  }) => {
    // A mirror on another origin than the app's (localhost, not 127.0.0.1): CORS-open, as a
    // mirror must be, and allowed by the embedder worker's policy.
    const app = new URL(baseURL!);
    const mirror = `http://localhost:${app.port}/fixture-models/`;
    await page.goto(`./?models=${encodeURIComponent(mirror)}&backend=wasm`);
    // The service worker's one isolation reload: workers started after it get its headers.
    await expect(async () => {
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    }).toPass({ timeout: 90_000 });
    await expect(page.getByRole('heading', { name: 'Sieve' })).toBeVisible();
    await allowDownload(page, 'embedder');
    // The model's files came from the mirror, through the worker's policy.
    await expect(page.getByTestId('embedder-phase')).toHaveText('Ready');

    const embedder = await embedderWorker(page);
    const file = 'onnx-community/Qwen3-Embedding-0.6B-ONNX/config.json';
    expect(await attempt(embedder, new URL('./index.html', baseURL).href)).toEqual(ALLOWED);
    expect(await attempt(embedder, `${mirror}${file}`)).toEqual(ALLOWED);
    // Another origin, which answers the test runner and allows CORS: the policy refuses.
    const elsewhere = harnessUrl('vector-store.html');
    expect((await page.request.get(elsewhere)).ok()).toBe(true);
    expect(await attempt(embedder, elsewhere)).toEqual(blocked(elsewhere));

    // A second tab of the same profile, on the app's own fixtures: its grant is its own, so its
    // worker may not reach the first tab's mirror, and the first tab's policy is unchanged.
    const other = await context.newPage();
    await other.goto('./?models=fixtures&backend=wasm');
    await expect(other.getByRole('heading', { name: 'Sieve' })).toBeVisible();
    expect(await other.evaluate(() => crossOriginIsolated)).toBe(true);
    const otherEmbedder = await embedderWorker(other);
    expect(await attempt(otherEmbedder, new URL(`./fixture-models/${file}`, baseURL).href)).toEqual(
      ALLOWED,
    );
    expect(await attempt(otherEmbedder, `${mirror}${file}`)).toEqual(blocked(`${mirror}${file}`));
    expect(await attempt(embedder, `${mirror}${file}`)).toEqual(ALLOWED);
  });
});
