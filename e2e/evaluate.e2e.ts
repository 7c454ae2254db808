// Evaluation in the app: a BEIR folder picked in the Evaluate panel is indexed into a temporary
// collection with the fixture models, every judged query runs through the four search stages, the
// metric table appears, and the temporary collection is gone afterwards, the library untouched.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { allowDownload, openApp } from './helpers';

/**
 * Six documents on distinct topics. Each query's words (after stemming) occur in its one relevant
 * document and in no other, so BM25 finds that document alone: keywords nDCG@10 = MRR@10 =
 * Recall@100 = 1 and P@5 = 1/5 for every query. Hybrid fuses that single keyword hit with the
 * meaning leg's list, so the relevant document leads there too (1/61 + 1/(60 + r) beats any
 * one-leg score of at most 1/61): hybrid nDCG@10 = 1 as well.
 */
const CORPUS = [
  {
    _id: 'd1',
    title: 'Volcanoes',
    text: 'Magma rises through the crust until an eruption sends lava and ash down the slopes.',
  },
  {
    _id: 'd2',
    title: 'Baking bread',
    text: 'A sourdough starter of wild yeast and flour leavens the loaf before it is baked.',
  },
  {
    _id: 'd3',
    title: 'Spaceflight',
    text: 'An orbital rocket burns kerosene and liquid oxygen to lift a satellite into space.',
  },
  {
    _id: 'd4',
    title: 'Chess',
    text: 'The Sicilian defence answers the king pawn opening with a pawn on the c file.',
  },
  {
    _id: 'd5',
    title: 'Honeybees',
    text: 'Worker bees gather nectar from blossoms and store honey in wax combs inside the hive.',
  },
  {
    _id: 'd6',
    title: 'Tides',
    text: 'The pull of the moon lifts the sea twice a day, and coastal harbours follow the tide tables.',
  },
];
const QUERIES = [
  { _id: 'q1', text: 'magma eruption' },
  { _id: 'q2', text: 'sourdough starter' },
  { _id: 'q3', text: 'orbital rocket' },
];
const QRELS = 'query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq3\td3\t1\n';

let folder = '';

test.beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'sieve-beir-'));
  const dataset = join(folder, 'beir-tiny');
  mkdirSync(join(dataset, 'qrels'), { recursive: true });
  const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(join(dataset, 'corpus.jsonl'), jsonl(CORPUS));
  writeFileSync(join(dataset, 'queries.jsonl'), jsonl(QUERIES));
  writeFileSync(join(dataset, 'qrels', 'test.tsv'), QRELS);
  // A malformed copy: its corpus breaks on line 3.
  const broken = join(folder, 'broken');
  mkdirSync(join(broken, 'qrels'), { recursive: true });
  const lines = jsonl(CORPUS).split('\n');
  lines[2] = '{"_id": "d3", "text": ';
  writeFileSync(join(broken, 'corpus.jsonl'), lines.join('\n'));
  writeFileSync(join(broken, 'queries.jsonl'), jsonl(QUERIES));
  writeFileSync(join(broken, 'qrels', 'test.tsv'), QRELS);
});

test.afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const METRICS = ['ndcg', 'mrr', 'recall', 'p5'] as const;

test('a BEIR folder is evaluated through every stage in a temporary collection', async ({
  page,
}) => {
  await openApp(page, 'wasm');
  await allowDownload(page, 'reranker');
  // Documents get vectors as they are indexed once the embedder is ready.
  await expect(page.getByTestId('embedder')).toHaveAttribute('data-phase', 'ready', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('library-counts')).toContainText('0 documents');

  const panel = page.getByTestId('evaluate');
  await panel.locator('summary').click();

  // A malformed file is refused with its line, before the library changes.
  await page.getByTestId('evaluate-input').setInputFiles(join(folder, 'broken'));
  await expect(page.getByTestId('evaluate-dataset')).toContainText('broken');
  await page.getByTestId('evaluate-start').click();
  await expect(page.getByTestId('evaluate-error')).toHaveText('corpus.jsonl line 3: not JSON');
  await expect(panel).toHaveAttribute('data-phase', 'failed');
  await expect(page.getByTestId('collection-select').locator('option')).toHaveCount(1);

  await page.getByTestId('evaluate-input').setInputFiles(join(folder, 'beir-tiny'));
  await expect(page.getByTestId('evaluate-dataset')).toContainText('beir-tiny');
  await expect(page.getByTestId('evaluate-qrels')).toHaveValue('test.tsv');
  await expect(page.getByTestId('evaluate-error')).toBeHidden();
  await page.getByTestId('evaluate-start').click();

  await expect(panel).toHaveAttribute('data-phase', 'done', { timeout: 150_000 });
  await expect(page.getByTestId('evaluate-error')).toBeHidden();
  const rows = page.getByTestId('evaluate-row');
  await expect(rows).toHaveCount(4);
  for (const stage of ['keywords', 'meaning', 'hybrid', 'reranked']) {
    const row = page.locator(`[data-testid="evaluate-row"][data-stage="${stage}"]`);
    await expect(row).toHaveAttribute('data-state', 'done');
    for (const name of METRICS) {
      const value = Number(await row.locator(`[data-metric="${name}"]`).textContent());
      expect(value, `${stage} ${name}`).toBeGreaterThanOrEqual(0);
      expect(value, `${stage} ${name}`).toBeLessThanOrEqual(1);
    }
    await expect(row.locator('[data-metric="queries"]')).toHaveText('3');
    await expect(row.locator('[data-metric="ms"]')).toHaveText(/^\d+(\.\d)?$/);
  }
  const keywords = page.locator('[data-testid="evaluate-row"][data-stage="keywords"]');
  await expect(keywords.locator('[data-metric="ndcg"]')).toHaveText('1.000');
  await expect(keywords.locator('[data-metric="mrr"]')).toHaveText('1.000');
  await expect(keywords.locator('[data-metric="recall"]')).toHaveText('1.000');
  await expect(keywords.locator('[data-metric="p5"]')).toHaveText('0.200');
  const hybrid = page.locator('[data-testid="evaluate-row"][data-stage="hybrid"]');
  await expect(hybrid.locator('[data-metric="ndcg"]')).toHaveText('1.000');

  await expect(page.getByTestId('evaluate-summary')).toContainText('3 queries over 6 documents');
  await expect(page.getByTestId('evaluate-outcome')).toHaveText(
    'The temporary collection “Evaluation: beir-tiny” was deleted.',
  );
  // The temporary collection is gone; the user's own is as it was.
  await expect(page.getByTestId('collection-select').locator('option')).toHaveText([
    'My documents (0)',
  ]);
  await expect(page.getByTestId('library-counts')).toContainText('0 documents');
  await page.reload();
  await expect(page.getByTestId('collection-select').locator('option')).toHaveText([
    'My documents (0)',
  ]);
});
