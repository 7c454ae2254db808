// Qwen3-Embedding input formats (pure): query prompt, EOS-preserving truncation, token constants.
// The official model appends <|endoftext|> to every input and pools its last hidden state, so a
// truncated input must keep that token at its end.

/** The official transformers.js export of Qwen3-Embedding-0.6B. */
export const QWEN3_EMBEDDING_MODEL_ID = 'onnx-community/Qwen3-Embedding-0.6B-ONNX';

/** `<|endoftext|>`: appended to every Qwen3-Embedding input; its hidden state is the embedding. */
export const QWEN3_EMBEDDING_EOS_ID = 151643;

/** The instruction Qwen's own evaluation uses for generic web-style retrieval. */
export const DEFAULT_RETRIEVAL_INSTRUCTION =
  'Given a web search query, retrieve relevant passages that answer the query';

/** Queries carry a one-line task instruction; documents are embedded as they are. */
export function formatEmbeddingQuery(
  query: string,
  instruction = DEFAULT_RETRIEVAL_INSTRUCTION,
): string {
  return `Instruct: ${instruction}\nQuery:${query}`;
}

/**
 * Truncates content ids so that, with the EOS id appended, the sequence has at most `maxTokens`
 * ids. The EOS token is never cut: pooling reads its hidden state.
 */
export function truncateKeepingEos(
  contentIds: readonly number[],
  maxTokens: number,
  eosId = QWEN3_EMBEDDING_EOS_ID,
): number[] {
  if (maxTokens < 1) throw new RangeError(`maxTokens must be at least 1, got ${maxTokens}`);
  const ids = contentIds.at(-1) === eosId ? contentIds.slice(0, -1) : contentIds.slice();
  ids.length = Math.min(ids.length, maxTokens - 1);
  ids.push(eosId);
  return ids;
}
