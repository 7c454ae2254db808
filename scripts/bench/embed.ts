// `npm run bench:embed`: embedding throughput on the fixture model. Node rows call the
// embedder directly (onnxruntime-node); Chromium rows drive the built app (drop files → chunk →
// embed → store) on WASM and on WebGPU (the software SwiftShader adapter here).
import { env } from '@huggingface/transformers';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';
import { startStaticServer } from '../static-server.mjs';
import { chunkText } from '../../src/core/chunking';
import { Qwen3Embedder } from '../../src/engine/qwen3/embedder';
import { syntheticDocument } from './corpus';
import { writeResults } from './results';
import type { Backend, Dtype } from '../../src/core/types/models';

const MODEL = 'onnx-community/Qwen3-Embedding-0.6B-ONNX';
const DOCS = Array.from({ length: 24 }, (_, i) => syntheticDocument(i, 400));

interface Row {
  runtime: string;
  backend: string;
  dtype: string;
  chunks: number;
  tokens: number;
  total_ms: number;
  chunks_per_s: number;
  tokens_per_s: number;
}

function row(
  runtime: string,
  backend: string,
  dtype: string,
  chunks: number,
  tokens: number,
  ms: number,
): Row {
  const perSecond = (n: number) => Math.round((n / ms) * 1000 * 10) / 10;
  return {
    runtime,
    backend,
    dtype,
    chunks,
    tokens,
    total_ms: Math.round(ms),
    chunks_per_s: perSecond(chunks),
    tokens_per_s: perSecond(tokens),
  };
}

async function nodeRows(): Promise<{ rows: Row[]; chunks: number; tokens: number }> {
  env.localModelPath = resolve('fixtures/models') + '/';
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  const rows: Row[] = [];
  let chunks = 0;
  let tokens = 0;
  for (const dtype of ['fp32', 'q8', 'q4'] as Dtype[]) {
    const embedder = await Qwen3Embedder.load({ modelId: MODEL, device: 'cpu', dtype });
    const texts = DOCS.flatMap((d) =>
      chunkText(d, embedder.countTokens, {
        maxTokens: embedder.maxTokens - 1,
        overlapTokens: 48,
      }).map((c) => c.text),
    );
    chunks = texts.length;
    tokens = texts.reduce((sum, t) => sum + embedder.inputIds(t).length, 0);
    await embedder.embedDocuments(texts.slice(0, 4));
    const start = performance.now();
    await embedder.embedDocuments(texts);
    rows.push(
      row('node (onnxruntime-node)', 'cpu', dtype, chunks, tokens, performance.now() - start),
    );
    await embedder.dispose();
  }
  return { rows, chunks, tokens };
}

async function browserRow(appUrl: string, backend: Backend, tokens: number): Promise<Row> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: chromiumArgs({ webgpu: backend === 'webgpu' }),
  });
  try {
    // Without sw.js: its one reload into cross-origin isolation would cut the run short.
    const page = await browser.newPage({ serviceWorkers: 'block' });
    await page.goto(`${appUrl}?models=fixtures&backend=${backend}`);
    await page.getByTestId('embedder-load').click();
    await page
      .getByTestId('embedder-phase')
      .filter({ hasText: 'Ready' })
      .waitFor({ timeout: 120_000 });
    const badge = (await page.getByTestId('embedder-badge').textContent())?.trim() ?? '?';
    const dtype = (await page.getByTestId('embedder-dtype').textContent())?.trim() ?? '?';
    const files = await page.evaluateHandle((docs) => {
      const dt = new DataTransfer();
      docs.forEach((d, i) => dt.items.add(new File([d], `doc-${i}.txt`, { type: 'text/plain' })));
      return dt;
    }, DOCS);
    const start = performance.now();
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: files });
    await page
      .locator('[data-testid="queue-row"][data-status="done"]')
      .nth(DOCS.length - 1)
      .waitFor({ timeout: 600_000 });
    const ms = performance.now() - start;
    const counts = (await page.getByTestId('library-counts').textContent()) ?? '';
    const chunks = Number(/(\d+) chunks?/.exec(counts)?.[1] ?? NaN);
    return row('chromium (app: chunk+embed+store)', badge, dtype, chunks, tokens, ms);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const node = await nodeRows();
  // The build on a plain static server (a free port) with the fixture models beside it.
  const server = await startStaticServer({ dir: 'dist' });
  try {
    const rows = [
      ...node.rows,
      await browserRow(server.url, 'wasm', node.tokens),
      await browserRow(server.url, 'webgpu', node.tokens),
    ];
    console.log(
      `\nEmbedding throughput on the fixture model (${DOCS.length} documents, ${node.chunks} chunks, ${node.tokens} tokens)\n`,
    );
    console.table(rows);
    writeResults('embed', rows);
  } finally {
    await server.close();
  }
}

await main();
