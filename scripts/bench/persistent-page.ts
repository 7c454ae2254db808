// A benchmark page in a Chromium whose profile is on disk (incognito contexts keep IndexedDB in
// memory), for timings that write and re-read real IndexedDB. Node only.
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';

/**
 * Opens `url` in a browser on `profile`, waits until the page defines `window[ready]` (its bench
 * entry point), runs `work`, then closes the browser.
 */
export async function inPersistentPage<T>(
  url: string,
  profile: string,
  ready: string,
  work: (page: Page) => Promise<T>,
): Promise<T> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs(),
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => console.error(`  [page] ${error.message}`));
    await page.goto(url);
    await page.waitForFunction(
      (name) => typeof (window as unknown as Record<string, unknown>)[name] === 'function',
      ready,
      { timeout: 60_000 },
    );
    return await work(page);
  } finally {
    await context.close();
  }
}
