// Two tabs of one browser profile share one library: both drop files at the same moment and
// both sets are indexed, each file once; each tab lists every document; a document removed in one
// tab disappears from the other, and the other tab's searches no longer find it.
import { expect, test, type Page } from '@playwright/test';
import { dropFiles, openApp, search, type DropFile } from './helpers';

const WORDS = ['amber', 'basalt', 'cedar', 'dune', 'ember', 'fjord', 'glacier', 'heron'];

/** Distinct little documents (distinct bytes, so none is a duplicate of another). */
function documents(tab: string, count: number): DropFile[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${tab}-${String(i).padStart(2, '0')}.txt`,
    content: `Note ${i} from tab ${tab}. The ${WORDS[i % WORDS.length]} ${tab} ${i} sits beside the ${WORDS[(i + 3) % WORDS.length]}.`,
  }));
}

const done = (page: Page) => page.locator('[data-testid="queue-row"][data-status="done"]');

test('two tabs indexing at once both finish, each file once, and follow each other', async ({
  context,
}) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await openApp(a, 'wasm');
  await openApp(b, 'wasm');
  await expect(a.getByTestId('embedder-phase')).toHaveText('Ready');
  await expect(b.getByTestId('embedder-phase')).toHaveText('Ready');

  await Promise.all([dropFiles(a, documents('a', 12)), dropFiles(b, documents('b', 12))]);
  await expect(done(a)).toHaveCount(12);
  await expect(done(b)).toHaveCount(12);
  await expect(a.locator('[data-testid="queue-row"][data-status="failed"]')).toHaveCount(0);
  await expect(b.locator('[data-testid="queue-row"][data-status="failed"]')).toHaveCount(0);
  // Each tab lists all 24, the other tab's included, with no file twice.
  for (const page of [a, b]) {
    await expect(page.getByTestId('library-counts')).toContainText('24 documents');
    await expect(page.getByTestId('document')).toHaveCount(24);
  }

  // Removed in tab A: gone from tab B's list and from its results.
  await a.getByRole('button', { name: 'Remove b-05.txt' }).click();
  await expect(b.getByTestId('library-counts')).toContainText('23 documents');
  await expect(b.getByTestId('document').filter({ hasText: 'b-05.txt' })).toHaveCount(0);
  await search(b, 'the ember b 5 beside the heron');
  await expect(b.getByTestId('result').first()).toBeVisible();
  await expect(b.getByTestId('result-doc')).not.toContainText(['b-05.txt']);

  // After a reload each file is still there once.
  await b.reload();
  await expect(b.getByTestId('library-counts')).toContainText('23 documents');
});
