// Takes the README's screenshots (Node, headless Chromium): the built app in dist/ on the fixture
// models with the sample collection indexed and a search shown, at 1280 and 400 px, light and
// dark, and the source view. Writes docs/screenshots/*.png.   npm run build && npm run screenshots
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from './chromium';
import { startStaticServer } from './static-server.mjs';

const OUT = 'docs/screenshots';
const QUERY = 'how do I fix my router when the internet drops';

async function indexedPage(browser: Browser, url: string, width: number, dark: boolean) {
  const page = await browser.newPage({
    viewport: { width, height: 900 },
    colorScheme: dark ? 'dark' : 'light',
  });
  await page.goto(url);
  // The service worker's one isolation reload (the static server sends no COOP/COEP).
  await page.waitForFunction(() => crossOriginIsolated, null, { timeout: 20_000 }).catch(() => {});
  await page.getByTestId('download-models').click();
  await page.getByTestId('add-samples').click();
  const done = page.locator('[data-testid="queue-row"][data-status="done"]');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="queue-row"][data-status="done"]').length >= n,
    23,
    { timeout: 120_000 },
  );
  await done.first().waitFor({ state: 'attached' });
  return page;
}

async function searchAndShoot(page: Page, name: string): Promise<void> {
  await page.getByTestId('search-input').fill(QUERY);
  await page.getByTestId('search-input').press('Enter');
  await page.getByTestId('timing-rerank').waitFor({ timeout: 120_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${OUT}/${name}.png` });
}

const server = await startStaticServer({ dir: 'dist' });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs() });
try {
  mkdirSync(OUT, { recursive: true });
  const url = `${server.url}?models=fixtures&backend=wasm`;
  for (const [width, dark, name] of [
    [1280, false, 'search-1280'],
    [1280, true, 'search-1280-dark'],
    [400, false, 'search-400'],
  ] as const) {
    const page = await indexedPage(browser, url, width, dark);
    await searchAndShoot(page, name);
    if (name === 'search-1280') {
      await page.getByTestId('result-doc').first().click();
      await page.getByTestId('source-view').waitFor();
      await page.screenshot({ path: `${OUT}/source-view-1280.png` });
    }
    await page.close();
  }
  console.log(`screenshots: written to ${OUT}/`);
} finally {
  await browser.close();
  await server.close();
}
