// The installable, offline app: the production build (dist/, from `npm run build`) served from a
// sub-path by a plain static server without COOP/COEP headers; its service worker precaches the
// build, isolates the page for WASM threads, opens offline and installs updates on request.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { injectPrecacheManifest } from '../scripts/precache-manifest';
import { startStaticServer } from '../scripts/static-server.mjs';
import { makePdf, sampleDocx } from '../test/documents';
import { allowDownload, dropFiles, search, TOPIC_DOCS } from './helpers';

const OTTER_LINES = ['Sea otters hold hands while sleeping so they do not drift apart.'];

test.use({ serviceWorkers: 'allow' });

const PREFIX = '/tools/sieve/';
const BUILD_B_TITLE = 'Sieve (build B)';
let scratch = '';
let buildA = '';
let buildB = '';

test.beforeAll(() => {
  if (!existsSync('dist/sw.js')) throw new Error('dist/ has no sw.js: run `npm run build` first');
  // Copies, so that a concurrent `npm run build` cannot change the app under test.
  scratch = mkdtempSync(join(tmpdir(), 'sieve-offline-'));
  buildA = join(scratch, 'a');
  buildB = join(scratch, 'b');
  cpSync('dist', buildA, { recursive: true });
  cpSync('dist', buildB, { recursive: true });
  // Build B: a changed index.html, hence a new precache manifest and a changed sw.js.
  const html = join(buildB, 'index.html');
  writeFileSync(
    html,
    readFileSync(html, 'utf8').replace(/<title>[^<]*<\/title>/, `<title>${BUILD_B_TITLE}</title>`),
  );
  injectPrecacheManifest(buildB);
});

test.afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Opens the app and waits for the service worker's one reload into cross-origin isolation. */
async function openInstalled(page: Page, url: string): Promise<void> {
  await page.goto(`${url}?models=fixtures&backend=wasm`);
  await expect(async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Sieve' })).toBeVisible();
  await expect(page.getByTestId('offline-ready')).toHaveText(/Ready to work offline/);
}

async function cacheContents(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const out: Record<string, number> = {};
    for (const key of await caches.keys())
      out[key] = (await (await caches.open(key)).keys()).length;
    return out;
  });
}

test('from a sub-path of a plain static host: installs, indexes, searches, then works offline', async ({
  page,
  context,
}) => {
  const server = await startStaticServer({ dir: buildA, prefix: PREFIX });
  try {
    const foreign: string[] = [];
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (!['blob:', 'data:'].includes(url.protocol) && url.hostname !== '127.0.0.1') {
        foreign.push(request.url());
      }
    });
    await openInstalled(page, server.url);
    await allowDownload(page, 'both');
    await dropFiles(page, TOPIC_DOCS);
    await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
    await search(page, 'how does yeast make bread dough rise');
    // Both models downloaded (and cached by transformers.js) before going offline.
    await expect(page.getByTestId('results')).toHaveAttribute('data-list', 'reranked');
    await expect(page.getByTestId('result-doc').first()).toHaveText('sourdough.txt');
    // Models, wasm, workers, icons: everything came from this host, below the sub-path.
    expect(foreign).toEqual([]);
    expect(server.requests.filter((path) => !path.startsWith(PREFIX))).toEqual([]);
    expect(server.requests).toContain(`${PREFIX}sw.js`);
    expect(server.requests).toContain(`${PREFIX}manifest.webmanifest`);

    await context.setOffline(true);
    const served = server.requests.length;
    await page.reload();
    await expect(page.getByTestId('library-counts')).toContainText('3 documents');
    await expect(page.getByTestId('offline-ready')).toBeVisible();
    await search(page, 'rocket launch of a satellite into orbit');
    await expect(page.getByTestId('results')).toHaveAttribute('data-list', 'reranked');
    await expect(page.getByTestId('result-doc').first()).toHaveText('rockets.txt');
    // Indexing offline too, PDF and Word included: their lazily loaded extractors are precached.
    await dropFiles(page, [
      { name: 'otters.pdf', content: Array.from(makePdf([{ lines: OTTER_LINES }])) },
      { name: 'report.docx', content: Array.from(sampleDocx()) },
    ]);
    await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(2);
    await expect(page.getByTestId('library-counts')).toContainText('5 documents');
    await search(page, 'sea otters hold hands while sleeping');
    await expect(page.getByTestId('result-doc').first()).toHaveText('otters.pdf');
    // Offline emulation covers the page, its workers and the service worker's own fetches, so
    // nothing reached the server except the browser's update checks of sw.js, which Chromium
    // makes from the browser process, outside the emulation (they would fail harmlessly offline).
    const reached = server.requests.slice(served);
    expect(reached.filter((path) => path !== `${PREFIX}sw.js`)).toEqual([]);
    // And the page really was offline: a file the service worker has not cached cannot be fetched.
    const uncached = await page.evaluate(
      (url) =>
        fetch(url, { cache: 'no-store' }).then(
          (r) => `HTTP ${r.status}`,
          () => 'failed',
        ),
      `${server.url}not-precached.txt?${Date.now()}`,
    );
    expect(uncached).toBe('failed');
  } finally {
    await context.setOffline(false);
    await server.close();
  }
});

test('a host without COOP/COEP: one reload makes the page isolated and WASM runs threaded', async ({
  page,
}) => {
  const server = await startStaticServer({ dir: buildA, prefix: PREFIX });
  try {
    const headers = (await fetch(server.url)).headers;
    expect(headers.get('cross-origin-opener-policy')).toBeNull();
    expect(headers.get('cross-origin-embedder-policy')).toBeNull();

    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    await openInstalled(page, server.url);
    await allowDownload(page, 'embedder');
    await expect(page.getByTestId('embedder-phase')).toHaveText('Ready');
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await page.getByTestId('embedder').locator('summary').click();
    // The count the thread probe measured on this device (e2e/wasm-threads.e2e.ts checks it).
    const note = page
      .getByTestId('embedder')
      .getByText(/^WASM threads: \d+ of \d+ cores, measured:/);
    await expect(note).toContainText(`of ${cores} cores, measured: 1 thread `);
    const threads = Number(/^WASM threads: (\d+)/.exec((await note.textContent()) ?? '')?.[1]);
    // The first load and exactly one reload: no reload loop.
    expect(navigations).toBe(2);
    // Pages the service worker serves carry the app's CSP as a header too (framing refused).
    const served = await page.reload();
    expect(served?.fromServiceWorker()).toBe(true);
    expect(served?.headers()['content-security-policy']).toMatch(
      /script-src 'self' 'wasm-unsafe-eval'.*frame-ancestors 'none'/,
    );
    test.info().annotations.push({ type: 'threads', description: `${threads} of ${cores} cores` });
  } finally {
    await server.close();
  }
});

test('an update: a new build is offered, Reload runs it, and the cached models survive', async ({
  page,
  context,
}) => {
  const server = await startStaticServer({ dir: buildA, prefix: PREFIX });
  try {
    await openInstalled(page, server.url);
    await allowDownload(page, 'embedder');
    await expect(page.getByTestId('embedder-phase')).toHaveText('Ready');
    const before = await cacheContents(page);
    const models = before['transformers-cache'] ?? 0;
    expect(models).toBeGreaterThan(0);
    const [oldApp] = Object.keys(before).filter((key) => key.startsWith('sieve-app-'));
    expect(oldApp).toBeDefined();
    const title = await page.title();

    server.setRoot(buildB);
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    await expect(page.getByTestId('update-available')).toBeVisible();
    // Until the user reloads, the running version stays.
    await expect(page).toHaveTitle(title);
    await page.getByTestId('update-reload').click();
    await expect(page).toHaveTitle(BUILD_B_TITLE);
    await expect(page.getByTestId('offline-ready')).toBeVisible();
    await expect(page.getByTestId('update-available')).toHaveCount(0);

    const after = await cacheContents(page);
    const apps = Object.keys(after).filter((key) => key.startsWith('sieve-app-'));
    expect(apps).toHaveLength(1);
    expect(apps[0]).not.toBe(oldApp);
    expect(after['transformers-cache']).toBe(models);

    // The new version is the one that opens offline.
    await context.setOffline(true);
    await page.reload();
    await expect(page).toHaveTitle(BUILD_B_TITLE);
    await expect(page.getByRole('heading', { name: 'Sieve' })).toBeVisible();
  } finally {
    await context.setOffline(false);
    await server.close();
  }
});

test('an isolated page still downloads models from another origin that sends CORS headers', async ({
  page,
}) => {
  const server = await startStaticServer({ dir: buildA, prefix: PREFIX });
  // A stand-in for huggingface.co: another origin, model files with `Access-Control-Allow-Origin`.
  const mirror = await startStaticServer({
    dir: 'fixtures/models',
    prefix: '/models/',
    cors: true,
  });
  try {
    await openInstalled(page, server.url);
    await page.goto(`${server.url}?backend=wasm&models=${encodeURIComponent(mirror.url)}`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await allowDownload(page, 'embedder');
    await expect(page.getByTestId('embedder-phase')).toHaveText('Ready');
    expect(mirror.requests.some((path) => path.endsWith('/config.json'))).toBe(true);
    expect(mirror.requests.some((path) => path.endsWith('.onnx'))).toBe(true);
  } finally {
    await mirror.close();
    await server.close();
  }
});
