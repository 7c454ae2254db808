// Qwen3-Reranker input format and scoring (pure): the chat-template prompt around
// `<Instruct>/<Query>/<Document>`, a token budget that only ever cuts the document, and the
// yes/no score, as the model card, the paper and vLLM's example use them: prefix and suffix are
// encoded once without special tokens, only the body is truncated, and the score is
// sigmoid(logit("yes") − logit("no")) at the last position (ids checked against tokenizer.json).

/** The transformers.js v4 export of Qwen3-Reranker-0.6B. */
export const QWEN3_RERANKER_MODEL_ID = 'onnx-community/Qwen3-Reranker-0.6B-ONNX';

export const RERANKER_PREFIX =
  '<|im_start|>system\nJudge whether the Document meets the requirements based on the Query and the Instruct provided. Note that the answer can only be "yes" or "no".<|im_end|>\n<|im_start|>user\n';
export const RERANKER_SUFFIX = '<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n';

/** Token ids of "yes" and "no" in the Qwen3 vocabulary. */
export const RERANKER_YES_ID = 9693;
export const RERANKER_NO_ID = 2152;

/**
 * The body's opening, identical for every candidate of one query. It stops right after the colon:
 * the space before the document starts the document's first pre-token (" The", " \n", " «"), and
 * no pre-token or added token spans ":" + " ", so the two parts tokenize exactly as the whole body.
 */
export function formatRerankerQueryPart(instruction: string, query: string): string {
  return `<Instruct>: ${instruction}\n<Query>: ${query}\n<Document>:`;
}

export function formatRerankerBody(instruction: string, query: string, document: string): string {
  return `${formatRerankerQueryPart(instruction, query)} ${document}`;
}

export interface RerankerPromptIds {
  prefix: readonly number[];
  suffix: readonly number[];
}

/**
 * Model input for one (query, document) pair: prefix + body + suffix, where the body is cut at
 * its end (the document's tail) so the whole sequence fits in `maxTokens`. Prefix and suffix are
 * always whole: the score is read right after the suffix.
 */
export function rerankerInputIds(
  prompt: RerankerPromptIds,
  bodyIds: readonly number[],
  maxTokens: number,
): number[] {
  const budget = maxTokens - prompt.prefix.length - prompt.suffix.length;
  if (budget < 1)
    throw new RangeError(`maxTokens ${maxTokens} leaves no room for the query and document`);
  return [...prompt.prefix, ...bodyIds.slice(0, budget), ...prompt.suffix];
}

/** P(yes) from the two logits at the last position: sigmoid(yes − no) = softmax([yes, no])[0]. */
export function yesProbability(yesLogit: number, noLogit: number): number {
  return 1 / (1 + Math.exp(noLogit - yesLogit));
}

/**
 * Length of the prefix a pair shares with the other candidates of its query: `shared.length` when
 * `pair` starts with exactly those ids and has at least one id after them, else 0 (a budget so
 * small that it cut into the query). Splitting by ids keeps the model input identical either way.
 */
export function sharedPrefixLength(shared: readonly number[], pair: readonly number[]): number {
  if (shared.length === 0 || pair.length <= shared.length) return 0;
  return shared.every((id, i) => pair[i] === id) ? shared.length : 0;
}
