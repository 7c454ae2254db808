// Prefix reuse in Qwen3Reranker on the fixture model (transformers.js + onnxruntime-node): the
// split tokenization equals tokenizing the whole pair, reused scores equal full passes, the
// warm-up check falls back when they differ, and every tensor a pass returns is freed.
import { AutoTokenizer, type Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { fixtureRerankers } from '../../../test/fixture-reranker';
import { DOCS, QUERIES, TOPICS } from '../../../scripts/fixtures/corpus';
import { DEFAULT_RETRIEVAL_INSTRUCTION } from '../../core/qwen3-embedding';
import {
  formatRerankerBody,
  formatRerankerQueryPart,
  RERANKER_YES_ID,
  sharedPrefixLength,
} from '../../core/qwen3-reranker';
import type { Qwen3Reranker } from './reranker';
import type { Forward } from './reranker-prefix';

const MODEL = 'onnx-community/Qwen3-Reranker-0.6B-ONNX';
const INSTRUCTION = DEFAULT_RETRIEVAL_INSTRUCTION;

const reranker = fixtureRerankers();

const QUERY_VARIANTS = [
  'what is a reranker',
  '',
  '  spaced query  ',
  'query ending in a colon:',
  'multi\nline\n',
  '北京是哪个国家的首都？',
  "what's <|im_end|> doing here",
];
const DOCUMENT_VARIANTS = [
  'The capital of China is Beijing.',
  '',
  ' one leading space',
  '   three leading spaces',
  '\n\nnewlines first',
  '\ttab first',
  ': a colon first',
  '>: the delimiter again',
  '...ellipsis, then words',
  "'s a contraction first",
  '«guillemets» and — dashes',
  '北京是中国的首都。',
  '😀 an emoji first',
  '\u0301 a combining accent first',
  '123 digits first',
  '<|im_end|> a special token first',
  '<think> an added token first',
];

describe('split tokenization', () => {
  it('query part + " " + document tokenizes exactly as the whole body', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(MODEL);
    const encode = (text: string) => tokenizer.encode(text, { add_special_tokens: false });
    for (const query of QUERY_VARIANTS) {
      const head = encode(formatRerankerQueryPart(INSTRUCTION, query));
      for (const document of DOCUMENT_VARIANTS) {
        const whole = encode(formatRerankerBody(INSTRUCTION, query, document));
        expect([...head, ...encode(` ${document}`)]).toEqual(whole);
      }
    }
  });

  it('every pair starts with the shared prefix ids, also when truncated', async () => {
    const r = await reranker('q4');
    for (const query of QUERY_VARIANTS) {
      const shared = r.sharedPrefixIds(query, INSTRUCTION);
      for (const document of DOCUMENT_VARIANTS) {
        const ids = r.pairIds(query, document.repeat(40), INSTRUCTION, 8192);
        expect(sharedPrefixLength(shared, ids)).toBe(shared.length);
        // Truncation cuts the document's tail only: the rest is its head + the prompt's closing.
        const doc = r.tokenize(` ${document.repeat(40)}`);
        for (const keep of [0, 1, 7, 30]) {
          const maxTokens = shared.length + keep + r.prompt.suffix.length;
          const cut = r.pairIds(query, document.repeat(40), INSTRUCTION, maxTokens);
          expect(cut).toEqual([...shared, ...doc.slice(0, keep), ...r.prompt.suffix]);
          expect(sharedPrefixLength(shared, cut)).toBe(shared.length);
        }
        // A budget that cuts into the query leaves nothing to share: such pairs take full passes.
        const tiny = r.pairIds(query, document, INSTRUCTION, shared.length + 4);
        expect(sharedPrefixLength(shared, tiny)).toBe(0);
      }
    }
  });
});

/** Wraps `r.forward` to log each call: inputs, outputs, and when each output was freed. */
function traceForward(r: Qwen3Reranker) {
  const original = r.forward;
  const calls: { cached: boolean; maskLength: number; outputs: Tensor[] }[] = [];
  const freed = new Map<Tensor, number>();
  r.forward = (async (inputs) => {
    const outputs = await original(inputs);
    const mask = inputs.attention_mask as Tensor;
    calls.push({
      cached: inputs.past_key_values !== undefined,
      maskLength: mask.dims[1]!,
      outputs: Object.values(outputs),
    });
    for (const tensor of Object.values(outputs)) {
      const dispose = tensor.dispose.bind(tensor);
      tensor.dispose = () => {
        freed.set(tensor, calls.length);
        dispose();
      };
    }
    return outputs;
  }) satisfies Forward;
  return { calls, freed, restore: () => (r.forward = original) };
}

describe.each(['q8', 'q4'] as const)('prefix reuse with %s weights', (dtype) => {
  const documents = [
    ...TOPICS.map((t) => DOCS[t]),
    ...TOPICS.map((t) => DOCS[t].split('. ')[1]!),
    '  indented: a short one',
    '火山喷发时岩浆到达火山口。',
  ];

  it('the warm-up check decides it (q8 scales activations per pass, so it stays off)', async () => {
    const r = await reranker(dtype);
    const { prefixReuse } = await r.calibrateBatching();
    expect(prefixReuse.enabled).toBe(dtype === 'q4');
    expect(prefixReuse.reason).toMatch(dtype === 'q4' ? /^Prefix reuse on/ : /^Full passes/);
    if (dtype === 'q4') expect(prefixReuse.difference).toBeLessThanOrEqual(1e-4);
    // q8's margins from the cache really differ (not a flaky threshold): ~0.14 on the fixture.
    else expect(prefixReuse.marginDifference).toBeGreaterThan(1e-2);
  });

  it('gives the full-pass scores within 1e-4 for several queries × candidate lengths', async () => {
    const r = await reranker(dtype);
    const verdict = r.prefixReuse;
    const batchSafe = r.batchSafe;
    r.batchSafe = false; // one pair per pass, so every candidate goes through the cache
    try {
      for (const query of [QUERIES.volcano[0]!, QUERIES.bread[1]!, 'what is a reranker']) {
        r.prefixReuse = null;
        const full = await r.score(query, documents, INSTRUCTION, 256);
        r.prefixReuse = verdict;
        const trace = traceForward(r);
        const reused = await r.score(query, documents, INSTRUCTION, 256).finally(trace.restore);
        // q8 keeps full passes (its check failed), so its scores are the full ones exactly.
        const cached = trace.calls.filter((c) => c.cached).length;
        expect(cached).toBe(verdict!.enabled ? documents.length : 0);
        for (const [i, score] of reused.entries()) {
          expect(Math.abs(score - full[i]!)).toBeLessThanOrEqual(verdict!.enabled ? 1e-4 : 0);
        }
        // Same token budget: each cached pass spans exactly the pair's ids.
        const lengths = documents.map((d) => r.pairIds(query, d, INSTRUCTION, 256).length);
        const capped = lengths.sort((a, b) => b - a);
        const spans = trace.calls.filter((c) => c.cached).map((c) => c.maskLength);
        if (cached) expect(spans).toEqual(capped);
      }
    } finally {
      r.batchSafe = batchSafe;
    }
  });
});

describe('fallback and memory', () => {
  it('falls back to full passes when the cached side disagrees', async () => {
    const r = await reranker('q4');
    const original = r.forward;
    // Nudges logit(yes) of every pass that starts from a cache by 1e-2.
    r.forward = async (inputs) => {
      const outputs = await original(inputs);
      const logits = outputs.logits;
      if (inputs.past_key_values && logits) {
        const [, positions, vocab] = logits.dims as [number, number, number];
        (logits.data as Float32Array)[(positions - 1) * vocab + RERANKER_YES_ID]! += 1e-2;
      }
      return outputs;
    };
    try {
      const verdict = await r.calibratePrefixReuse();
      expect(verdict.enabled).toBe(false);
      expect(verdict.marginDifference).toBeCloseTo(1e-2, 4);
      expect(verdict.reason).toMatch(/^Full passes, no prefix reuse: .*differ/);
      const trace = traceForward(r);
      await r.score('lava', [DOCS.volcano, DOCS.bread], INSTRUCTION, 256).finally(trace.restore);
      expect(trace.calls.some((c) => c.cached)).toBe(false);
    } finally {
      r.forward = original;
      await r.calibratePrefixReuse();
    }
    expect(r.prefixReuse?.enabled).toBe(true);
  });

  it('frees every returned tensor, and the shared cache only after the last candidate', async () => {
    const r = await reranker('q4');
    expect(r.prefixReuse?.enabled).toBe(true);
    const batchSafe = r.batchSafe;
    r.batchSafe = false;
    const trace = traceForward(r);
    try {
      await r.score('lava', [DOCS.volcano, DOCS.bread, DOCS.rocket], INSTRUCTION, 256);
    } finally {
      trace.restore();
      r.batchSafe = batchSafe;
    }
    const [prefix, ...candidates] = trace.calls;
    expect(prefix?.cached).toBe(false);
    expect(candidates.map((c) => c.cached)).toEqual([true, true, true]);
    for (const call of trace.calls)
      for (const t of call.outputs) expect(trace.freed.has(t)).toBe(true);
    // The prefix's present.* tensors are the cache: freed after the third candidate's pass.
    const cache = prefix!.outputs.filter((t) => t.dims.length === 4);
    expect(cache.length).toBeGreaterThan(0);
    for (const t of cache) expect(trace.freed.get(t)).toBe(trace.calls.length);
  });
});
