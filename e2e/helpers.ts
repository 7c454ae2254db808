// Shared e2e helpers: open the app on the fixture models and drop files as a user would.
import { expect, type Page } from '@playwright/test';
import type { BackendPreference } from '../src/core/types/models';

export interface DropFile {
  name: string;
  /** Text content, or raw bytes for binary files. */
  content: string | number[];
  type?: string;
}

/**
 * Opens the app on the fixture models (with `params` such as `rerank=off`) and, unless told not
 * to, allows the embedder's download.
 */
export async function openApp(
  page: Page,
  backend: BackendPreference = 'wasm',
  { allow = true, params = '' }: { allow?: boolean; params?: string } = {},
): Promise<void> {
  await page.goto(`./?models=fixtures&backend=${backend}${params ? `&${params}` : ''}`);
  await expect(page.getByRole('heading', { name: 'Sieve' })).toBeVisible();
  if (allow) await allowDownload(page, 'embedder');
}

/**
 * Nothing heavy downloads unasked: a user's click on a model's Download (or Load) button, until
 * the model leaves its idle phase. The click is repeated if it did not take: right after the page
 * opens, the row can still shift as the device plan and file sizes arrive, and a press that starts
 * on the button and ends beside it is no click (a user would press again).
 */
export async function allowDownload(
  page: Page,
  which: 'embedder' | 'reranker' | 'both',
): Promise<void> {
  const button = page.getByTestId(which === 'both' ? 'download-models' : `${which}-load`);
  const model = page.getByTestId(which === 'both' ? 'embedder' : which);
  await expect(async () => {
    if (await button.isVisible()) await button.click({ timeout: 2_000 });
    await expect(model).not.toHaveAttribute('data-phase', 'idle', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

/** Dispatches a real `drop` event carrying `File`s on the drop zone. */
export async function dropFiles(page: Page, files: DropFile[]): Promise<void> {
  const dataTransfer = await page.evaluateHandle((items: DropFile[]) => {
    const dt = new DataTransfer();
    for (const item of items) {
      const body = typeof item.content === 'string' ? item.content : new Uint8Array(item.content);
      dt.items.add(new File([body], item.name, { type: item.type ?? 'text/plain' }));
    }
    return dt;
  }, files);
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
}

/** A page of the engine test harness (e2e/harness/), served by the Vite dev server. */
export function harnessUrl(page: string): string {
  const port = process.env.SIEVE_HARNESS_PORT;
  if (!port)
    throw new Error('SIEVE_HARNESS_PORT is not set: run e2e tests through playwright.config.ts');
  return `http://127.0.0.1:${port}/e2e/harness/${page}`;
}

export async function search(page: Page, query: string): Promise<void> {
  await page.getByTestId('search-input').fill(query);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
}

export const TOPIC_DOCS: DropFile[] = [
  {
    name: 'volcanoes.md',
    content:
      '# Volcanoes\n\nA volcano erupts when magma rises through the crust. Lava flows, volcanic ash and pyroclastic clouds follow the eruption. Basalt lava is runny; rhyolite magma is viscous and explosive.\n\nVolcanologists monitor seismic tremors, sulfur dioxide and ground deformation to forecast an eruption. Stratovolcanoes such as Fuji build steep cones of ash and lava.',
  },
  {
    name: 'sourdough.txt',
    content:
      'Sourdough bread rises because wild yeast and lactobacilli in the starter ferment the flour. The yeast releases carbon dioxide that inflates the gluten network of the dough.\n\nBakers feed the starter with flour and water, knead the dough, let it proof overnight and bake the loaf in a hot oven until the crust is dark and crackly.',
  },
  {
    name: 'rockets.txt',
    content:
      'An orbital rocket burns kerosene or hydrogen with liquid oxygen to launch a satellite into orbit. Multistage boosters drop empty tanks to reach orbital velocity.\n\nThe launch window, the payload fairing and the upper stage burn decide which orbit the satellite reaches. Reusable boosters land back on a drone ship after launch.',
  },
];
