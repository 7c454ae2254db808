// Chromium part of `npm run bench:ingest` (Node driving headless Chromium): the built app, served
// by the project's static server, indexes a picked folder of 1,000 mixed files on the fixture
// model (WASM), while the main thread's response to typing in the search box is sampled every
// ~200 ms. Its page helpers (embedder load, queue progress, library chunk count) serve
// bench:pack's indexing too.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';
import { startStaticServer } from '../static-server.mjs';
import { EXTENSION, makeDocument, type BenchFormat } from './ingest-docs';
import {
  emptyRow,
  MIB,
  percentile,
  perSecond,
  round,
  sentenceSegmenterMs,
  sig,
  type Row,
} from './ingest-shared';
import { FINAL_STATUSES } from '../../src/core/types/library';

const FILES = 1000;
const SAMPLE_EVERY_MS = 200;
const LIMIT_MS = 20 * 60_000;
const FINISHED: string[] = [...FINAL_STATUSES];

/** Which format file i is: mostly Markdown and text, some of everything else. */
function formatFor(i: number): BenchFormat {
  const mix: [BenchFormat, number][] = [
    ['pdf', 20],
    ['docx', 20],
    ['html', 60],
    ['csv', 40],
    ['json', 40],
    ['code', 20],
    ['text', 350],
  ];
  let at = i;
  for (const [format, n] of mix) if ((at -= n) < 0) return format;
  return 'markdown';
}

/** Writes the folder (a few subfolders deep, as people keep notes) and returns its path. */
function writeFolder(): { dir: string; bytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'sieve-bench-folder-'));
  let bytes = 0;
  for (let i = 0; i < FILES; i++) {
    const format = formatFor(i);
    const sub = ['notes', 'notes/2024', 'work/reports', 'work/data', 'misc'][i % 5]!;
    mkdirSync(join(dir, sub), { recursive: true });
    const size = 1000 + ((i * 7919) % 4000);
    const data = makeDocument(format, 100_000 + i, size);
    writeFileSync(join(dir, sub, `file-${i}.${EXTENSION[format]}`), data);
    bytes += data.length;
  }
  return { dir, bytes };
}

declare global {
  interface Window {
    ingestBenchLatencies?: number[];
  }
}

/**
 * Latency of one typed character as a user sees it: from the key event's own timestamp (taken
 * when the browser received it, before it queued behind the main thread's work) to the first
 * animation frame after the search box's value changed.
 */
function installProbe(page: Page): Promise<void> {
  return page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]')!;
    const samples: number[] = (window.ingestBenchLatencies = []);
    let keyAt: number | null = null;
    input.addEventListener('keydown', (e) => {
      if (e.key === 'a') keyAt = e.timeStamp;
    });
    input.addEventListener('input', () => {
      const start = keyAt;
      keyAt = null;
      if (start !== null) requestAnimationFrame(() => samples.push(performance.now() - start));
    });
    input.focus();
  });
}

export interface Progress {
  rows: number;
  finished: number;
}

/** Queue rows so far, and how many of them reached a final status. */
export const progress = (page: Page) =>
  page.evaluate((finished): Progress => {
    const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="queue-row"]')];
    const done = rows.filter((r) => finished.includes(r.dataset.status ?? '')).length;
    return { rows: rows.length, finished: done };
  }, FINISHED);

/** Waits until every one of `files` queue rows has a final status (polled every `pollMs`). */
export async function waitForQueue(page: Page, files: number, pollMs: number): Promise<void> {
  await page.waitForFunction(
    ({ files, finished }) => {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="queue-row"]')];
      return rows.length >= files && rows.every((r) => finished.includes(r.dataset.status ?? ''));
    },
    { files, finished: FINISHED },
    { polling: pollMs, timeout: LIMIT_MS },
  );
}

/** Clicks the embedder's Load and waits for Ready; returns the milliseconds it took. */
export async function loadEmbedder(page: Page): Promise<number> {
  const start = performance.now();
  await page.getByTestId('embedder-load').click();
  await page
    .getByTestId('embedder-phase')
    .filter({ hasText: 'Ready' })
    .waitFor({ timeout: 120_000 });
  return performance.now() - start;
}

/** The library's chunk count as the app shows it, and the line it is read from. */
export async function libraryChunks(page: Page): Promise<{ chunks: number; counts: string }> {
  const counts = ((await page.getByTestId('library-counts').textContent()) ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return { chunks: Number(/([\d,]+) chunks?/.exec(counts)?.[1]?.replace(/,/g, '') ?? NaN), counts };
}

interface FolderResult {
  row: Row;
  notes: string[];
}

async function indexFolder(page: Page, dir: string, bytes: number): Promise<FolderResult> {
  const notes: string[] = [];
  notes.push(`fixture embedder loaded in ${round(await loadEmbedder(page))} ms (not counted)`);
  await installProbe(page);
  // The same probe on an idle page: what a keystroke costs with nothing else going on.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.type('a');
    await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
  }
  const idle = await page.evaluate(() => (window.ingestBenchLatencies ?? []).splice(0));
  await page.getByTestId('search-input').fill('');
  idle.sort((a, b) => a - b);
  notes.push(
    `typing latency on the idle page: p50 ${sig(percentile(idle, 50))} ms, max ${sig(idle.at(-1) ?? NaN)} ms`,
  );

  const start = performance.now();
  await page.getByTestId('folder-input').setInputFiles(dir);
  let typed = 0;
  let state: Progress = { rows: 0, finished: 0 };
  while (state.rows < FILES || state.finished < state.rows) {
    if (performance.now() - start > LIMIT_MS) throw new Error(`not finished after ${LIMIT_MS} ms`);
    const tick = performance.now();
    // Keep the box short: clearing it is not sampled (only 'a' keys are).
    if (++typed % 40 === 0) await page.getByTestId('search-input').fill('');
    await page.keyboard.type('a');
    state = await progress(page);
    await new Promise((r) =>
      setTimeout(r, Math.max(0, SAMPLE_EVERY_MS - (performance.now() - tick))),
    );
  }
  const ms = performance.now() - start;

  const latencies = (await page.evaluate(() => window.ingestBenchLatencies ?? [])).sort(
    (a, b) => a - b,
  );
  const { chunks, counts } = await libraryChunks(page);
  const rows = await page.$$eval('[data-testid="queue-row"]', (els) =>
    els.map((el) => ({
      status: (el as HTMLElement).dataset.status ?? '',
      name: el.querySelector('.name')?.textContent ?? '',
      message: el.querySelector('.message')?.textContent ?? '',
    })),
  );
  const byStatus = new Map<string, number>();
  for (const r of rows) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  notes.push(`statuses: ${[...byStatus].map(([s, n]) => `${s} ${n}`).join(', ')}`);
  for (const r of rows.filter((r) => r.status !== 'done').slice(0, 20)) {
    notes.push(`not done: ${r.name} (${r.status}): ${r.message}`);
  }
  const fromRows = rows.reduce(
    (sum, r) => sum + Number(/^(\d+) chunks?/.exec(r.message)?.[1] ?? 0),
    0,
  );
  if (fromRows !== chunks) notes.push(`rows' messages add up to ${fromRows} chunks, not ${chunks}`);
  notes.push(`library-counts after the run: "${counts}"`);
  notes.push(`${latencies.length} typing samples`);
  notes.push(
    `Intl.Segmenter (sentence), one 320 KB paragraph, Chromium: ${round(await page.evaluate(sentenceSegmenterMs), 1)} ms`,
  );

  return {
    row: {
      ...emptyRow('folder', 'mixed (md/txt/html/csv/json/code/pdf/docx)'),
      files: rows.length,
      megabytes: round(bytes / MIB, 2),
      chunks,
      chunks_per_s: perSecond(chunks, ms),
      total_ms: round(ms),
      files_per_s: perSecond(rows.length, ms),
      input_latency_p50_ms: sig(percentile(latencies, 50)),
      input_latency_p95_ms: sig(percentile(latencies, 95)),
      input_latency_max_ms: sig(latencies.at(-1) ?? NaN),
      failed: byStatus.get('failed') ?? 0,
      note: 'chunk + embed (fixture q8, WASM) + store, from folder pick to every row finished',
    },
    notes,
  };
}

/** Serves the build, indexes a fresh 1,000-file folder in a fresh browser, cleans up. */
export async function folderRow(outDir = 'dist'): Promise<FolderResult> {
  // A plain static server (no COOP/COEP, like the preview) with the fixture models beside the app.
  const server = await startStaticServer({ dir: outDir });
  const { dir, bytes } = writeFolder();
  try {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs() });
    try {
      // Without sw.js: its one reload into cross-origin isolation would cut the run short, and
      // the other benchmarks measure the page as it is before it (one WASM thread).
      const page = await browser.newPage({ serviceWorkers: 'block' });
      page.on('pageerror', (error) => console.error(`  [page] ${error.message}`));
      await page.goto(`${server.url}?models=fixtures&backend=wasm`);
      return await indexFolder(page, dir, bytes);
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
