// The vector store on Chromium's real IndexedDB, across browser restarts: a round trip of f32
// rows and int8 codes, a transaction that fails part-way, and a browser killed mid-write.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { CHROMIUM_PATH, chromiumArgs } from '../scripts/chromium';
import type { Inspection, SeededDoc } from './harness/vector-store-page';
import { harnessUrl } from './helpers';

const HARNESS = harnessUrl('vector-store.html');
const DIM = 256;
const BASE: SeededDoc[] = [
  { id: 'small', rows: 5, seed: 1 },
  { id: 'spans-three-segments', rows: 2500, seed: 2 },
  { id: 'tail', rows: 40, seed: 3 },
];

let profile: string;
test.beforeEach(() => {
  // A persistent profile keeps IndexedDB on disk, as a user's browser does.
  profile = mkdtempSync(join(tmpdir(), 'sieve-storage-e2e-'));
});
test.afterEach(() => rmSync(profile, { recursive: true, force: true }));

/** Launches Chromium on the profile, opens the harness and runs `work`; `close: false` leaves it open. */
async function inBrowser<T>(work: (page: Page) => Promise<T>, close = true): Promise<T> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs(),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(HARNESS);
  await expect(page.locator('#status')).toHaveText('ready');
  try {
    return await work(page);
  } finally {
    if (close) await context.close();
  }
}

const inspect = (expected: SeededDoc[]) =>
  inBrowser((page) =>
    page.evaluate(([docs, dim]) => window.storeHarness.inspect(docs, dim), [
      expected,
      DIM,
    ] as const),
  );

function expectIntact(state: Inspection, docs: SeededDoc[]) {
  expect(state.docs).toEqual(docs.map((d) => d.id).sort());
  expect(state.count).toBe(docs.reduce((n, d) => n + d.rows, 0));
  expect(state).toMatchObject({ strays: 0, missing: 0, exact: true, searchMatches: true });
}

test('f32 rows and int8 codes round-trip through IndexedDB into a searchable index', async () => {
  await inBrowser((page) =>
    page.evaluate(([docs, dim]) => window.storeHarness.write(docs, dim), [BASE, DIM] as const),
  );
  expectIntact(await inspect(BASE), BASE);
});

test('a transaction that fails part-way leaves the previous index intact', async () => {
  await inBrowser((page) =>
    page.evaluate(([docs, dim]) => window.storeHarness.write(docs, dim), [BASE, DIM] as const),
  );
  const before = await inspect(BASE);
  const big: SeededDoc = { id: 'big', rows: 3000, seed: 4 };
  const outcome = await inBrowser((page) =>
    page.evaluate(([doc, dim]) => window.storeHarness.failingWrite(doc, dim), [big, DIM] as const),
  );
  expect(outcome).toMatch(/DataCloneError/);
  const after = await inspect(BASE);
  expectIntact(after, BASE);
  expect(after.generation).toBe(before.generation);
});

test('a browser killed during a large write leaves the old index or the new one, never a mix', async () => {
  await inBrowser((page) =>
    page.evaluate(([docs, dim]) => window.storeHarness.write(docs, dim), [BASE, DIM] as const),
  );
  const before = await inspect(BASE);
  // 40,000 rows: 40 MiB of f32 and 10 MiB of codes in 40 segments, one transaction.
  const big: SeededDoc = { id: 'big', rows: 40_000, seed: 5 };
  await inBrowser(async (page) => {
    await page.evaluate(([doc, dim]) => window.storeHarness.startWrite(doc, dim), [
      big,
      DIM,
    ] as const);
    // SIGKILL every process of this profile: no unload handlers, no orderly shutdown.
    execFileSync('pkill', ['-KILL', '-f', profile]);
  }, false).catch(() => undefined);

  const after = await inspect([...BASE, big]);
  const committed = after.docs.includes('big');
  console.log(`outcome: ${committed ? 'committed' : 'rolled back'}`);
  test.info().annotations.push({
    type: 'outcome',
    description: committed ? 'write had committed' : 'write was rolled back',
  });
  if (committed) {
    expectIntact(after, [...BASE, big]);
  } else {
    expectIntact(await inspect(BASE), BASE);
    expect(after.generation).toBe(before.generation);
  }
});
