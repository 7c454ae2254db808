// Qwen3Embedder on the fixture model through the real transformers.js + onnxruntime-node path.
import { env } from '@huggingface/transformers';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEmbeddingQuery, QWEN3_EMBEDDING_EOS_ID } from '../../core/qwen3-embedding';
import { truncateAndNormalize } from '../../core/vectors';
import { maxSequencesPerPass } from './batching';
import { Qwen3Embedder } from './embedder';
import type { Dtype } from '../../core/types/models';

env.localModelPath = resolve('fixtures/models') + '/';
env.allowLocalModels = true;
env.allowRemoteModels = false;

const MODEL = 'onnx-community/Qwen3-Embedding-0.6B-ONNX';

const TEXTS = [
  'Volcanoes erupt when magma rises.',
  'Sourdough bread rises because wild yeast ferments the flour and releases carbon dioxide into the dough.',
  'Rockets launch satellites.',
  'A longer passage: the launch window, the payload fairing and the upper stage burn decide which orbit the satellite reaches, and reusable boosters land on a drone ship.',
  'Short.',
];

const loaded = new Map<string, Qwen3Embedder>();
async function embedder(dtype: Dtype, dimension: number | null = null): Promise<Qwen3Embedder> {
  const key = `${dtype}/${dimension}`;
  if (!loaded.has(key)) {
    loaded.set(key, await Qwen3Embedder.load({ modelId: MODEL, device: 'cpu', dtype, dimension }));
  }
  return loaded.get(key)!;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
}

async function batchedAndSingle(e: Qwen3Embedder) {
  const sequences = TEXTS.map((t) => e.inputIds(t));
  const batched = await e.embedSequences(sequences);
  const single = new Float32Array(batched.length);
  for (const [i, seq] of sequences.entries())
    single.set(await e.embedSequences([seq]), i * e.dimension);
  return { batched, single };
}

afterAll(async () => {
  for (const e of loaded.values()) await e.dispose();
});

describe.each(['fp32', 'q4'] as const)('batching with %s weights', (dtype) => {
  it('gives exactly the single-item embeddings (left padding, last-token pooling)', async () => {
    const { batched, single } = await batchedAndSingle(await embedder(dtype));
    expect(maxAbsDiff(batched, single)).toBeLessThan(1e-5);
  });
});

describe('batch independence: a chunk embeds the same alone and inside a mixed batch', () => {
  // Much longer and much shorter batch-mates, so that padding and (for q8) the activation
  // scale of a shared pass would both differ from the chunk's own.
  const TARGET = TEXTS[1]!;
  const MATES = ['magma basalt crater '.repeat(60), 'Ok.', ...TEXTS.filter((t) => t !== TARGET)];
  const MIXED = [MATES[0]!, MATES[1]!, TARGET, ...MATES.slice(2)];
  const AT = MIXED.indexOf(TARGET);

  async function aloneAndMixed(e: Qwen3Embedder) {
    const alone = await e.embedDocuments([TARGET]);
    const mixed = await e.embedDocuments(MIXED);
    return { alone, inBatch: mixed.slice(AT * e.dimension, (AT + 1) * e.dimension) };
  }

  it('q8 embeds one sequence per pass', async () => {
    expect(maxSequencesPerPass('q8')).toBe(1);
    expect((await embedder('q8')).batchSize).toBe(1);
    expect((await embedder('fp32')).batchSize).toBe(8);
  });

  it('q8: a shared pass would move the vector (one activation scale per tensor)', async () => {
    // Guards the test below against a fixture on which batching happens not to matter.
    const e = await embedder('q8');
    const shared = await e.embedSequences(MIXED.map((t) => e.inputIds(t)));
    const alone = await e.embedSequences([e.inputIds(TARGET)]);
    const row = shared.subarray(AT * e.dimension, (AT + 1) * e.dimension);
    expect(maxAbsDiff(row, alone)).toBeGreaterThan(1e-3);
  });

  it('q8: exactly equal', async () => {
    const { alone, inBatch } = await aloneAndMixed(await embedder('q8'));
    expect(inBatch).toEqual(alone);
  });

  // Float paths keep batching: batch-mates change only the kernels' float rounding. Measured on
  // the fixtures (max |Δ| per component): fp32 and q4 1.2e-7, fp16 6.1e-5, q4f16 0.
  it.each([
    ['fp32', 1e-6],
    ['q4', 1e-6],
    ['q4f16', 1e-6],
    ['fp16', 5e-4],
  ] as const)('%s: equal up to float rounding (< %s)', async (dtype, bound) => {
    const { alone, inBatch } = await aloneAndMixed(await embedder(dtype));
    expect(maxAbsDiff(inBatch, alone)).toBeLessThan(bound);
  });
});

describe('embedDocuments', () => {
  it('returns rows in input order whatever the batching order', async () => {
    const e = await embedder('fp32');
    const all = await e.embedDocuments(TEXTS);
    for (const [i, text] of TEXTS.entries()) {
      const alone = await e.embedDocuments([text]);
      expect(maxAbsDiff(all.subarray(i * e.dimension, (i + 1) * e.dimension), alone)).toBeLessThan(
        1e-5,
      );
    }
  });

  it('would be wrong with right padding: the pooled position must be the last real token', async () => {
    const e = await embedder('fp32');
    const short = e.inputIds(TEXTS[0]!);
    const rightPadded = [...short, ...new Array<number>(12).fill(QWEN3_EMBEDDING_EOS_ID)];
    const [a, b] = [await e.embedSequences([short]), await e.embedSequences([rightPadded])];
    expect(maxAbsDiff(a, b)).toBeGreaterThan(1e-3);
  });
});

describe('input formats', () => {
  let e: Qwen3Embedder;
  beforeAll(async () => {
    e = await embedder('fp32');
  });

  it('formats queries exactly as Qwen3-Embedding expects (token ids)', () => {
    const ids = e.inputIds(formatEmbeddingQuery('What is the capital of China?'));
    // "Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery:What is the capital of China?"
    // with the real Qwen3 tokenizer, then <|endoftext|>.
    expect(ids).toEqual([
      641, 1235, 25, 16246, 264, 3482, 2711, 3239, 11, 17179, 9760, 46769, 429, 4226, 279, 3239,
      198, 2859, 25, 3838, 374, 279, 6722, 315, 5616, 30, 151643,
    ]);
  });

  it('truncates long inputs and keeps the EOS token last', () => {
    const long = 'magma '.repeat(2000);
    const content = e.tokenize(long);
    const ids = e.inputIds(long, 64);
    expect(content.length).toBeGreaterThan(1000);
    expect(ids).toHaveLength(64);
    expect(ids.at(-1)).toBe(QWEN3_EMBEDDING_EOS_ID);
    expect(ids.slice(0, 63)).toEqual(content.slice(0, 63));
    expect(e.inputIds(long)).toHaveLength(e.maxTokens);
  });

  it('dropping the EOS token changes the embedding', async () => {
    const withEos = e.inputIds(TEXTS[1]!);
    const [a, b] = [
      await e.embedSequences([withEos]),
      await e.embedSequences([withEos.slice(0, -1)]),
    ];
    expect(maxAbsDiff(a, b)).toBeGreaterThan(1e-3);
  });
});

describe('Matryoshka dimension', () => {
  it('truncates the full embedding and re-normalises it', async () => {
    const full = await embedder('fp32');
    const small = await embedder('fp32', 16);
    expect(small.dimension).toBe(16);
    const vFull = await full.embedQuery('orbital rockets');
    const vSmall = await small.embedQuery('orbital rockets');
    expect(Math.hypot(...vSmall)).toBeCloseTo(1, 5);
    expect(maxAbsDiff(vSmall, truncateAndNormalize(vFull, 16))).toBeLessThan(1e-6);
    await expect(
      Qwen3Embedder.load({ modelId: MODEL, device: 'cpu', dtype: 'fp32', dimension: 4096 }),
    ).rejects.toThrow(/dimension/);
  });
});

describe('relevance on the fixture', () => {
  it('ranks the document sharing the query words first', async () => {
    const e = await embedder('q8');
    const docs = await e.embedDocuments(TEXTS.slice(0, 3));
    const q = await e.embedQuery('why does sourdough bread dough rise with yeast');
    const scores = [0, 1, 2].map((i) =>
      q.reduce((s, x, d) => s + x * docs[i * e.dimension + d]!, 0),
    );
    expect(scores.indexOf(Math.max(...scores))).toBe(1);
  });
});
