// Two-stage search in the built app on WASM: vector candidates appear first, then the reranked
// list with scores, rank movement and per-stage timings; a reranker that cannot load leaves the
// vector results in place with a notice saying why.
import { expect, test, type Page } from '@playwright/test';
import { allowDownload, dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

const EXTRA_DOCS = [
  {
    name: 'baking-notes.txt',
    content: 'Notes: the oven, the flour and the kitchen timer. Yeast is mentioned once.',
  },
  {
    name: 'bread-rise.txt',
    content:
      'Why bread rises: yeast ferments sugar and the dough rises as carbon dioxide fills it.',
  },
];

async function resultDocs(page: Page): Promise<string[]> {
  return page.getByTestId('result-doc').allTextContents();
}

test('vector results first, then the reranked list with movement, scores and timings', async ({
  page,
}) => {
  await openApp(page, 'wasm');
  await dropFiles(page, [...TOPIC_DOCS, ...EXTRA_DOCS]);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(5);
  // Downloading starts only now, so the reranker is still loading when the search comes.
  await allowDownload(page, 'reranker');

  await search(page, 'why does yeast make bread dough rise');
  const results = page.getByTestId('results');
  // Stage 1 is on screen while the reranker loads and scores.
  await expect(results).toHaveAttribute('data-list', 'vector');
  await expect(page.getByTestId('rerank-progress')).toBeVisible();
  await expect(results).toHaveAttribute('data-list', 'reranked', { timeout: 90_000 });
  await expect(page.getByTestId('rerank-progress')).toBeHidden();

  const reranked = await resultDocs(page);
  expect(reranked[0]).toMatch(/bread-rise\.txt|sourdough\.txt/);
  const rows = page.getByTestId('result');
  await expect(rows).toHaveCount(5);
  await expect(page.getByTestId('result-rerank-score')).toHaveCount(5);
  await expect(page.getByTestId('result-score')).toHaveCount(5);
  await expect(page.getByTestId('timing-rerank')).toHaveText(/\d.*\/candidate/);
  await expect(page.getByTestId('timing-total')).toHaveText(/\d/);

  // Each movement badge is the difference between the vector rank and the reranked rank.
  const movements = await page.getByTestId('result-movement').allTextContents();
  // The fixture reranker reorders this set (it rewards the share of a passage's words in the query).
  expect(movements.some((m) => m !== '=')).toBe(true);
  await page.getByTestId('view-vector').click();
  await expect(results).toHaveAttribute('data-list', 'vector');
  const vector = await resultDocs(page);
  expect([...vector].sort()).toEqual([...reranked].sort());
  reranked.forEach((doc, rank) => {
    const moved = vector.indexOf(doc) - rank;
    expect(movements[rank]).toBe(moved > 0 ? `↑${moved}` : moved < 0 ? `↓${-moved}` : '=');
  });
  await expect(page.getByTestId('view-vector')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('view-reranked').click();
  await expect(results).toHaveAttribute('data-list', 'reranked');
  await expect(page.getByTestId('view-reranked')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('reranker-badge')).toHaveText('WASM');
});

test('a reranker that fails to load leaves the vector results and a notice', async ({ page }) => {
  await openApp(page, 'wasm', { params: 'reranker=onnx-community/No-Such-Reranker' });
  await allowDownload(page, 'reranker');
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
  await search(page, 'rocket launch of a satellite into orbit');
  await expect(page.getByTestId('search-notice')).toContainText('Reranking is unavailable', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('search-notice')).toContainText(
    /No-Such-Reranker|404|not found|locate/i,
  );
  await expect(page.getByTestId('results')).toHaveAttribute('data-list', 'vector');
  // The tabs say what is on screen: the first stage's list; there is no reranked one to pick.
  await expect(page.getByTestId('view-vector')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('view-reranked')).toHaveAttribute('aria-selected', 'false');
  await expect(page.getByTestId('view-reranked')).toBeDisabled();
  await expect(page.getByTestId('result-doc').first()).toHaveText('rockets.txt');
  await expect(page.getByTestId('reranker-phase')).toHaveText('Failed');
});

test('turning reranking off gives the vector list only', async ({ page }) => {
  await openApp(page, 'wasm', { params: 'rerank=off' });
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
  await search(page, 'lava and magma from a volcanic eruption');
  await expect(page.getByTestId('result-doc').first()).toHaveText('volcanoes.md');
  await expect(page.getByTestId('results')).toHaveAttribute('data-list', 'vector');
  await expect(page.getByTestId('result-rerank-score')).toHaveCount(0);
  await expect(page.getByTestId('reranker-phase')).toHaveText('Not loaded');
});
