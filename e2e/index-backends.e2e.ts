// Every selectable vector index answers the same search in the built app, and the model
// details say which one is searching.
import { expect, test } from '@playwright/test';
import { dropFiles, openApp, search, TOPIC_DOCS } from './helpers';

const BACKENDS = [
  { id: 'flat-int8', says: /int8 first pass with exact f32 rescoring/ },
  { id: 'voy', says: /voy-search k-d tree/ },
] as const;

for (const backend of BACKENDS) {
  test(`search works with the ${backend.id} index`, async ({ page }) => {
    await openApp(page, 'wasm', { params: `rerank=off&index=${backend.id}` });
    await dropFiles(page, TOPIC_DOCS);
    await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3);
    await search(page, 'rocket launch of a satellite into orbit');
    await expect(page.getByTestId('result-doc').first()).toHaveText('rockets.txt');
    await expect(page.getByTestId('result-doc')).toHaveCount(3);
    await expect(page.getByTestId('embedder-badge')).toHaveAttribute('title', backend.says);
  });
}
