// Static-site search, the README's recipe: a pack built by the CLI (`sieve pack`, fixture models)
// copied beside the production build (dist/, or SIEVE_DIST) on a sub-path of a plain static
// server; the app opens it read-only with `?pack=pack/`, fetches chunk texts only for the hits it
// shows, keeps every request on this host, works offline after the first visit, and embeds.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  readManifest,
  shardOfRow,
  shardsOf,
  type PackManifest,
} from '../src/core/pack/pack-manifest';
import { decodeDocuments } from '../src/core/pack/pack-shards';
import { startStaticServer } from '../scripts/static-server.mjs';
import { allowDownload, search } from './helpers';

test.use({ serviceWorkers: 'allow' });

const DIST = resolve(process.env.SIEVE_DIST ?? 'dist');
const PREFIX = '/docs/search/';
const PARAMS = 'models=fixtures&backend=wasm&rerank=off';
const WORDS = ['ledger', 'harbor', 'quartz', 'meadow', 'signal', 'copper', 'lantern', 'orchard'];
/** Notes cut into about 4,000 chunks of 128 tokens: 16 chunk shards, more than 10 hits can need. */
const NOTES = Array.from({ length: 400 }, (_, d) => ({
  path: `notes/note-${String(d).padStart(4, '0')}.txt`,
  text: Array.from({ length: 6 }, (_, p) =>
    Array.from(
      { length: 6 },
      (_, k) =>
        `In note ${d} part ${p} the ${WORDS[(d + p + k) % 8]} stood beside the ${WORDS[(d * 3 + p * 5 + k * 7 + 1) % 8]} for entry ${d * 6 + p}.`,
    ).join(' '),
  ).join('\n\n'),
}));
const DOCUMENTS = [
  {
    path: 'topics/volcanoes.md',
    text: '# Volcanoes\n\nA volcano erupts when magma rises through the crust. Lava flows and volcanic ash follow the eruption.\n\nVolcanologists monitor seismic tremors and ground deformation to forecast an eruption.',
  },
  {
    path: 'topics/sourdough.txt',
    text: 'Sourdough bread rises because wild yeast and lactobacilli in the starter ferment the flour.\n\nBakers feed the starter with flour and water, knead the dough, let it proof overnight and bake the loaf.',
  },
  ...NOTES,
];
const QUERY = 'how does wild yeast make sourdough bread rise';

let scratch = '';
let site = '';
let manifest: PackManifest;
/** Each document's first chunk row and chunk count, by file name. */
const rowsOf = new Map<string, { firstRow: number; chunks: number }>();

test.beforeAll(() => {
  test.setTimeout(180_000);
  if (!existsSync(join(DIST, 'sw.js'))) {
    throw new Error(`${DIST} has no sw.js: run \`npm run build\` first`);
  }
  scratch = mkdtempSync(join(tmpdir(), 'sieve-pack-site-'));
  site = join(scratch, 'site');
  // Step 1: build the pack from a folder (q8: the weights the app picks on WASM).
  const folder = join(scratch, 'handbook');
  for (const doc of DOCUMENTS) {
    mkdirSync(dirname(join(folder, doc.path)), { recursive: true });
    writeFileSync(join(folder, doc.path), doc.text);
  }
  const pack = join(scratch, 'pack');
  execFileSync(
    process.execPath,
    ['bin/sieve.mjs', 'pack', folder, '-o', pack, '--models', 'fixtures', '--dtype', 'q8'].concat([
      '--chunk',
      '128',
      '--title',
      'Field notes',
    ]),
    { stdio: 'pipe', timeout: 150_000 },
  );
  // Step 2: copy the app (a copy, so that a concurrent build cannot change it) and the pack.
  cpSync(DIST, site, { recursive: true });
  cpSync(pack, join(site, 'pack'), {
    recursive: true,
    filter: (src) => !src.includes('.sieve-work'),
  });
  manifest = readManifest(readFileSync(join(site, 'pack', 'manifest.json'), 'utf8'));
  const [shard] = shardsOf(manifest, 'documents');
  const bytes = readFileSync(join(site, 'pack', shard!.file));
  for (const d of decodeDocuments(bytes, shard!, manifest.chunks)) rowsOf.set(d.name, d);
  // Step 3: a page of the site that embeds the search.
  writeFileSync(
    join(site, 'host.html'),
    `<!doctype html><title>Host</title><h1>Host page</h1><iframe title="Search" width="400" height="600" src="./?pack=pack/&embed=1&${PARAMS}"></iframe>`,
  );
});

test.afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Requests that left 127.0.0.1 (none should). */
function recordForeign(context: BrowserContext): string[] {
  const foreign: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!['blob:', 'data:'].includes(url.protocol) && url.hostname !== '127.0.0.1') {
      foreign.push(request.url());
    }
  });
  return foreign;
}

/** Opens `url` and waits for the service worker's one reload into cross-origin isolation. */
async function openInstalled(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  }).toPass({ timeout: 90_000 });
}

/** The chunk shard that holds the hit `result` shows (by its document's name and location). */
async function shardOfResult(page: Page, index: number): Promise<string> {
  const result = page.getByTestId('result').nth(index);
  const name = (await result.getByTestId('result-doc').textContent())!.trim();
  const location = (await result.getByTestId('result-location').textContent()) ?? '';
  const doc = rowsOf.get(name);
  // "chunk N" where the document has no headings; a one-chunk document needs none.
  const chunk = doc?.chunks === 1 ? 1 : Number(/^chunk (\d+)$/.exec(location.trim())?.[1]);
  if (!doc || !(chunk >= 1)) throw new Error(`cannot place the hit ${name} · ${location}`);
  return shardOfRow(manifest, 'chunks', doc.firstRow + chunk - 1).file;
}

/** The chunk shards holding every chunk of document `name` (what its source view reads). */
function shardsOfDocument(name: string): string[] {
  const doc = rowsOf.get(name)!;
  return Array.from(
    { length: doc.chunks },
    (_, i) => shardOfRow(manifest, 'chunks', doc.firstRow + i).file,
  );
}

test('a hosted pack on a sub-path: searches, opens a source, fetches only the hits’ chunk texts, then works offline', async ({
  page,
  context,
}) => {
  const server = await startStaticServer({ dir: site, prefix: PREFIX });
  try {
    const foreign = recordForeign(context);
    await openInstalled(page, `${server.url}?pack=pack/&${PARAMS}`);
    const header = page.getByTestId('pack-header');
    await expect(header).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('pack-title')).toHaveText('Field notes');
    await expect(page.getByTestId('pack-summary')).toContainText(
      `${DOCUMENTS.length} documents · ${manifest.chunks.toLocaleString('en-US')} passages`,
    );
    // Read-only: nothing to drop, index or manage.
    await expect(page.getByTestId('dropzone')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Evaluate' })).toHaveCount(0);

    await allowDownload(page, 'embedder');
    await expect(page.getByTestId('embedder')).toHaveAttribute('data-phase', 'ready');
    const before = new Set(server.requests);
    await search(page, QUERY);
    await expect(page.getByTestId('result-doc').first()).toHaveText('sourdough.txt');
    await expect(page.getByTestId('result').first()).toContainText('wild yeast and lactobacilli');
    const results = await page.getByTestId('result').count();
    expect(results).toBeGreaterThan(1);

    // The source view rebuilds the document from its chunks.
    await page.getByTestId('result-doc').first().click();
    await expect(page.getByTestId('source-title')).toHaveText('handbook/topics/sourdough.txt');
    await expect(page.getByTestId('source-view')).toContainText('let it proof overnight');
    await page.getByTestId('source-close').click();

    // Chunk texts: exactly the shards of the hits shown and the opened document, out of many.
    const expected = new Set<string>(shardsOfDocument('sourdough.txt'));
    for (let i = 0; i < results; i++) expected.add(await shardOfResult(page, i));
    const fetched = new Set(
      server.requests
        .filter((path) => path.startsWith(`${PREFIX}pack/chunks.`))
        .map((path) => path.slice(`${PREFIX}pack/`.length)),
    );
    expect([...fetched].sort()).toEqual([...expected].sort());
    const allShards = shardsOf(manifest, 'chunks').length;
    expect(fetched.size).toBeLessThan(allShards);
    expect([...before].some((path) => path.includes('/pack/chunks.'))).toBe(false);
    // Everything came from this host, below the sub-path.
    expect(foreign).toEqual([]);
    expect(server.requests.filter((path) => !path.startsWith(PREFIX))).toEqual([]);

    // Offline: the page, the pack (manifest, vectors, keywords, the fetched chunk texts) and the
    // model come from the caches; the search in the address runs again.
    await context.setOffline(true);
    const served = server.requests.length;
    expect(page.url()).toContain('q=');
    await page.reload();
    await expect(header).toHaveAttribute('data-state', 'ready');
    await expect(page.getByTestId('result-doc').first()).toHaveText('sourdough.txt');
    await expect(page.getByTestId('result').first()).toContainText('wild yeast and lactobacilli');
    await expect(page.getByTestId('result')).toHaveCount(results);
    const reached = server.requests.slice(served);
    expect(reached.filter((path) => path !== `${PREFIX}sw.js`)).toEqual([]);
    expect(foreign).toEqual([]);
  } finally {
    await context.setOffline(false);
    await server.close();
  }
});

test('embed mode: only the search box and results, fits 400×600, and can be framed', async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 400, height: 600 } });
  const page = await context.newPage();
  const server = await startStaticServer({ dir: site, prefix: PREFIX });
  try {
    const foreign = recordForeign(context);
    await openInstalled(page, `${server.url}?pack=pack/&embed=1&${PARAMS}`);
    await expect(page.getByTestId('pack-site')).toBeVisible();
    await expect(page.getByTestId('pack-header')).toHaveCount(0);
    await expect(page.getByTestId('offline-ready')).toHaveCount(0);
    await expect(page.locator('footer')).toHaveCount(0);
    await expect(page.getByText('Search options')).toHaveCount(0);
    await allowDownload(page, 'embedder');
    // Once the query model is ready, its panel goes too: the search box and results remain.
    await expect(page.getByTestId('embedder')).toHaveCount(0);
    await search(page, QUERY);
    await expect(page.getByTestId('result-doc').first()).toHaveText('sourdough.txt');
    // No timing waterfall in the compact results.
    await expect(page.getByTestId('timings')).toBeHidden();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      400,
    );
    // Transparent, so that it takes the host page's background.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      'rgba(0, 0, 0, 0)',
    );

    // "More like this" works on a pack: the passage's stored vector and terms, not itself.
    await page.getByTestId('result-more-like').first().click();
    await expect(page.getByTestId('more-like-status')).toBeVisible();
    await expect(page.getByTestId('result').first()).toBeVisible();
    await expect(page.getByTestId('result').first()).not.toContainText(
      'wild yeast and lactobacilli',
    );

    // In a page of the site, served by the service worker with its policy: framing is allowed.
    await page.goto(`${server.url}host.html`);
    const frame = page.frameLocator('iframe');
    await expect(frame.getByTestId('search-input')).toBeEnabled();
    await frame.getByTestId('search-input').fill(QUERY);
    await frame.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(frame.getByTestId('result-doc').first()).toHaveText('sourdough.txt');
    expect(foreign).toEqual([]);
  } finally {
    await server.close();
    await context.close();
  }
});

test('a missing, damaged or newer pack says so', async ({ page }) => {
  // A damaged copy (a vector shard cut short) and one from a newer Sieve.
  const damaged = join(site, 'damaged');
  const newer = join(site, 'newer');
  cpSync(join(site, 'pack'), damaged, { recursive: true });
  cpSync(join(site, 'pack'), newer, { recursive: true });
  const [vectors] = shardsOf(manifest, 'vectors');
  const cut = join(damaged, vectors!.file);
  writeFileSync(cut, readFileSync(cut).subarray(0, vectors!.bytes >> 1));
  writeFileSync(join(newer, 'manifest.json'), JSON.stringify({ ...manifest, version: 99 }));
  const server = await startStaticServer({ dir: site, prefix: PREFIX });
  try {
    for (const [pack, message] of [
      ['nowhere/', `No Sieve pack at ${server.url}nowhere/`],
      ['damaged/', `The pack is damaged or truncated: ${vectors!.file}`],
      ['newer/', 'it was made by a newer Sieve (pack version 99'],
    ]) {
      // The service worker's one reload into isolation must not cut a later goto short.
      await openInstalled(page, `${server.url}?pack=${pack}&${PARAMS}`);
      await expect(page.getByRole('alert')).toContainText(message!);
      await expect(page.getByTestId('search-input')).toHaveAttribute(
        'placeholder',
        'This collection could not be opened',
      );
      await expect(page.getByRole('button', { name: 'Search', exact: true })).toBeDisabled();
    }
  } finally {
    await server.close();
  }
});
