// Qwen3Reranker on the fixture model through the real transformers.js + onnxruntime-node path,
// checked against an independent onnxruntime-node run of the same ONNX file.
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureRerankers } from '../../../test/fixture-reranker';
import { DOCS, QUERIES, TOPICS } from '../../../scripts/fixtures/corpus';
import { releaseSessions, run, session, yesNo } from '../../../test/onnx-graph';
import { DEFAULT_RETRIEVAL_INSTRUCTION } from '../../core/qwen3-embedding';

const INSTRUCTION = DEFAULT_RETRIEVAL_INSTRUCTION;

// The Qwen3 chat-template prefix (system prompt + "<|im_start|>user\n") and suffix
// ("<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n") in the real tokenizer's ids.
const PREFIX_IDS = [
  151644, 8948, 198, 60256, 3425, 279, 11789, 20027, 279, 8502, 3118, 389, 279, 11361, 323, 279,
  758, 1235, 3897, 13, 7036, 429, 279, 4226, 646, 1172, 387, 330, 9693, 1, 476, 330, 2152, 3263,
  151645, 198, 151644, 872, 198,
];
const SUFFIX_IDS = [151645, 198, 151644, 77091, 198, 151667, 271, 151668, 271];
// "<Instruct>: Given a web search query, retrieve relevant passages that answer the query\n
//  <Query>: What is the capital of China?\n<Document>: The capital of China is Beijing."
const BODY_IDS = [
  27, 641, 1235, 26818, 16246, 264, 3482, 2711, 3239, 11, 17179, 9760, 46769, 429, 4226, 279, 3239,
  198, 27, 2859, 26818, 3555, 374, 279, 6722, 315, 5616, 5267, 75692, 26818, 576, 6722, 315, 5616,
  374, 26549, 13,
];

const reranker = fixtureRerankers();
afterAll(() => releaseSessions());

describe('prompt', () => {
  it('is prefix (39 ids) + body + suffix (9 ids), exactly', async () => {
    const r = await reranker('q8');
    expect(r.prompt.prefix).toEqual(PREFIX_IDS);
    expect(r.prompt.suffix).toEqual(SUFFIX_IDS);
    const ids = r.pairIds(
      'What is the capital of China?',
      'The capital of China is Beijing.',
      INSTRUCTION,
      8192,
    );
    expect(ids).toEqual([...PREFIX_IDS, ...BODY_IDS, ...SUFFIX_IDS]);
  });

  it('truncation cuts only the document, never the prefix or suffix', async () => {
    const r = await reranker('q8');
    const long = 'The capital of China is Beijing. '.repeat(200);
    const full = r.pairIds('What is the capital of China?', long, INSTRUCTION, 100_000);
    for (const maxTokens of [60, 128, 256]) {
      const ids = r.pairIds('What is the capital of China?', long, INSTRUCTION, maxTokens);
      expect(ids).toHaveLength(maxTokens);
      expect(ids.slice(0, 39)).toEqual(PREFIX_IDS);
      expect(ids.slice(-9)).toEqual(SUFFIX_IDS);
      expect(ids.slice(0, -9)).toEqual(full.slice(0, maxTokens - 9));
    }
  });
});

describe.each(['q8', 'q4'] as const)('scores with %s weights', (dtype) => {
  const query = QUERIES.bread[0]!;
  const documents = TOPICS.map((t) => DOCS[t]);

  it('equal sigmoid(logit_yes − logit_no) from an independent raw run of the ONNX file', async () => {
    const r = await reranker(dtype);
    const scores = await r.score(query, documents, INSTRUCTION, 512);
    const raw = await session('onnx-community/Qwen3-Reranker-0.6B-ONNX', dtype);
    for (const [i, doc] of documents.entries()) {
      const result = await run(raw, [r.pairIds(query, doc, INSTRUCTION, 512)], dtype);
      const margin = yesNo(result);
      expect(scores[i]).toBeCloseTo(1 / (1 + Math.exp(-margin)), 6);
    }
  });

  it('give the batch-of-one scores whatever batching is used', async () => {
    const r = await reranker(dtype);
    const calibration = await r.calibrateBatching();
    // q8 quantises activations per batch, so it must never batch; q4 weights are exact here.
    expect(calibration.batchSafe).toBe(dtype === 'q4');
    // Short passages, so that several pairs fit in one pass's logits budget.
    const passages = documents.flatMap((d) => d.split('. ').slice(0, 3));
    const passes: number[][] = [];
    const batched = await r.score(query, passages, INSTRUCTION, 512, {
      onScored: (indices) => passes.push(indices),
    });
    expect(Math.max(...passes.map((p) => p.length))).toBe(dtype === 'q4' ? passes[0]!.length : 1);
    if (dtype === 'q4') expect(passes[0]!.length).toBeGreaterThan(1);
    for (const [i, passage] of passages.entries()) {
      const [alone] = await r.score(query, [passage], INSTRUCTION, 512);
      expect(Math.abs(batched[i]! - alone!)).toBeLessThan(1e-5);
    }
  });

  it('rank the relevant document first', async () => {
    const r = await reranker(dtype);
    for (const topic of TOPICS) {
      const scores = await r.score(QUERIES[topic]![0]!, documents, INSTRUCTION, 512);
      expect(scores.indexOf(Math.max(...scores))).toBe(TOPICS.indexOf(topic));
    }
  });
});

describe('memory bound', () => {
  it('caps pairs so that one pass of full-vocabulary logits stays within the budget', async () => {
    const r = await reranker('q8');
    // The fixture, like exports without num_logits_to_keep, returns logits for every position.
    expect(r.keepsLastLogitsOnly).toBe(false);
    expect(r.maxPairTokens * r.vocabSize * 4).toBeLessThanOrEqual(256 * 1024 * 1024);
    const long = 'The crater glows with magma. '.repeat(300);
    const scored: number[] = [];
    const spy = r.yesNoMargins.bind(r);
    r.yesNoMargins = async (sequences) => {
      scored.push(...sequences.map((s) => s.length));
      return spy(sequences);
    };
    try {
      await r.score('magma', [long], INSTRUCTION, 4096);
    } finally {
      r.yesNoMargins = spy;
    }
    expect(scored).toEqual([r.maxPairTokens]);
  });
});

describe('score()', () => {
  it('reports progress per pass and stops early when asked', async () => {
    const r = await reranker('q8');
    const seen: number[] = [];
    const scores = await r.score(
      'lava',
      [DOCS.volcano, DOCS.bread, DOCS.rocket],
      INSTRUCTION,
      256,
      {
        onScored: (indices) => seen.push(...indices),
        shouldStop: () => seen.length >= 2,
      },
    );
    expect(seen).toHaveLength(2);
    expect(scores.filter(Number.isNaN)).toHaveLength(1);
  });
});
