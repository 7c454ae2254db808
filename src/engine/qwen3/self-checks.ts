// The WebGPU self-check inputs of the two Qwen3 models: a few fixed texts whose embeddings, and a
// few fixed pairs whose rerank scores, must come out of WebGPU as they do on WASM. Model workers.

import { compareEmbeddings, compareScores } from '../../core/gpu-self-check';
import type { SelfCheck } from '../models/gpu-check';
import type { Qwen3Embedder } from './embedder';
import type { Qwen3Reranker } from './reranker';

/** Prose, code and non-Latin text: the kinds of input a library holds. */
const CHECK_TEXTS = [
  'The mitochondria produce most of the chemical energy that powers a cell.',
  'function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; }',
  'Les index inversés associent chaque terme aux documents qui le contiennent. 東京は日本の首都です。',
];

const CHECK_QUERY = 'where does a cell get its energy';
const CHECK_INSTRUCTION =
  'Given a web search query, retrieve relevant passages that answer the query';
/** Two pairs only: each costs a full pass with the ~80-token prompt on WASM (~1–2 s at 0.6B). */
const CHECK_DOCUMENTS = [
  'Mitochondria convert nutrients into ATP, the energy currency of the cell.',
  'The train to the coast leaves every hour from platform four.',
];

export const embedderSelfCheck: SelfCheck<Qwen3Embedder> = {
  async run(embedder) {
    const dim = embedder.dimension;
    const vectors = await embedder.embedDocuments(CHECK_TEXTS);
    return CHECK_TEXTS.map((_, i) => Array.from(vectors.subarray(i * dim, (i + 1) * dim)));
  },
  compare: compareEmbeddings,
};

export const rerankerSelfCheck: SelfCheck<Qwen3Reranker> = {
  async run(reranker) {
    const scores = await reranker.score(CHECK_QUERY, CHECK_DOCUMENTS, CHECK_INSTRUCTION, 256);
    return Array.from(scores, (score) => [score]);
  },
  compare: compareScores,
};
