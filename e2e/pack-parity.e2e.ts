// One folder, two builders: `sieve pack` in Node (onnxruntime-node) and the app in Chromium (WASM)
// index the sample collection with the fixture models; the browser's collection, exported as a
// pack, must hold the same chunks with vectors within 1e-5, and rank the same top 10 for every
// test query. For fp32 and q4 weights.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { archiveSource } from '../src/core/pack/pack-archive';
import { OpenedPack } from '../src/core/pack/pack-reader';
import { QWEN3_EMBEDDING_MODEL_ID } from '../src/core/qwen3-embedding';
import { PackLibrary } from '../src/engine/pack/pack-library';
import { searchStage1 } from '../src/engine/library/hybrid-search';
import { Qwen3Embedder } from '../src/engine/qwen3/embedder';
import { folderSource } from '../scripts/cli/folder-source';
import { nodeModelsOf, useModels } from '../scripts/node-models';
import { dropFiles, openApp } from './helpers';

const SAMPLES = 'public/samples';
const QUERIES = [
  'how do I keep a sourdough starter alive',
  'when should a beekeeper inspect the hive',
  'what to do about a burn',
  'router keeps dropping the wifi connection',
  'lighthouse lenses',
  'retry with exponential backoff',
  'how much water do houseplants need',
  'warranty claim for a broken product',
];

/** The sample documents as built for the app (index.json is its listing, not a document). */
function sampleFiles() {
  return readdirSync(SAMPLES)
    .filter((name) => name !== 'index.json')
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(SAMPLES, name)) }));
}

/** Each document's chunk texts and vectors, by file name. */
async function contents(pack: OpenedPack) {
  const byName = new Map<string, { texts: string[]; rows: Float32Array }>();
  for (const [i, doc] of pack.documents.entries()) {
    const texts = (await pack.documentChunks(i)).map((c) => c.text);
    byName.set(doc.name, { texts, rows: pack.rowsOf(i) });
  }
  return byName;
}

for (const dtype of ['fp32', 'q4'] as const) {
  test(`a pack built in Node equals the browser's index of the same folder (${dtype})`, async ({
    page,
  }, testInfo) => {
    const files = sampleFiles();
    const folder = testInfo.outputPath('samples');
    mkdirSync(folder, { recursive: true });
    for (const f of files) writeFileSync(join(folder, f.name), f.bytes);
    const nodeOut = testInfo.outputPath('node-pack');
    execFileSync(
      process.execPath,
      ['bin/sieve.mjs', 'pack', folder, '-o', nodeOut, '--models', 'fixtures', '--dtype', dtype],
      { stdio: 'pipe' },
    );

    await openApp(page, 'wasm', { params: `rerank=off&dtype=${dtype}` });
    await dropFiles(
      page,
      files.map((f) => ({ name: f.name, content: [...f.bytes] })),
    );
    await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(
      files.length,
    );
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export pack' }).click();
    const browserPath = testInfo.outputPath('browser.sievepack');
    await (await download).saveAs(browserPath);

    const fromNode = await OpenedPack.open(folderSource(nodeOut));
    const fromBrowser = await OpenedPack.open(archiveSource(readFileSync(browserPath)));
    const space = (p: OpenedPack) => {
      const { modelId, dtype, dimension } = p.manifest.embedding;
      return { modelId, dtype, dimension };
    };
    expect(space(fromBrowser)).toEqual(space(fromNode));
    expect(fromBrowser.manifest.chunks).toBe(fromNode.manifest.chunks);

    const nodeDocs = await contents(fromNode);
    const browserDocs = await contents(fromBrowser);
    expect([...browserDocs.keys()].sort()).toEqual([...nodeDocs.keys()].sort());
    let maxDiff = 0;
    for (const [name, node] of nodeDocs) {
      const browser = browserDocs.get(name)!;
      expect(browser.texts, name).toEqual(node.texts);
      node.rows.forEach((x, i) => (maxDiff = Math.max(maxDiff, Math.abs(x - browser.rows[i]!))));
    }
    console.log(
      `${dtype}: ${fromNode.manifest.chunks} chunks, max |Δ| ${maxDiff.toExponential(2)}`,
    );
    expect(maxDiff).toBeLessThanOrEqual(1e-5);

    // The same query vectors rank the same top 10 in both (hybrid, as the app searches).
    useModels(nodeModelsOf('fixtures'));
    const embedder = await Qwen3Embedder.load({
      modelId: QWEN3_EMBEDDING_MODEL_ID,
      device: 'cpu',
      dtype,
    });
    try {
      const libraries = await Promise.all(
        [fromNode, fromBrowser].map((p) => PackLibrary.create(p)),
      );
      for (const query of QUERIES) {
        const vector = await embedder.embedQuery(query);
        const [nodeTop, browserTop] = await Promise.all(
          libraries.map(async (library, i) => {
            const pack = i === 0 ? fromNode : fromBrowser;
            const { hits } = await searchStage1(
              library,
              { query, k: 10, mode: 'hybrid', perLeg: 50, rrfK: 60 },
              { embed: async () => vector },
            );
            return hits.map((h) => `${pack.documents[Number(h.docId)]!.name}#${h.chunk}`);
          }),
        );
        expect(browserTop, query).toEqual(nodeTop);
        expect(nodeTop).toHaveLength(10);
      }
    } finally {
      await embedder.dispose();
    }
  });
}
