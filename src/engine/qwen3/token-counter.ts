// Qwen3-Embedding's tokenizer alone (embedder worker or Node): chunking needs token counts, not
// the weights, so files can be chunked and keyword-indexed before the model is downloaded.
import { AutoTokenizer } from '@huggingface/transformers';
import { QWEN3_EMBEDDING_EOS_ID } from '../../core/qwen3-embedding';

/** What the chunker needs: the same counts the embedder's own tokenizer gives. */
export interface TokenCounter {
  countTokens(text: string): number;
  /** Longest input the embedder takes, EOS included. */
  readonly maxTokens: number;
}

/** The embedder's input cap when none is configured. */
export const DEFAULT_EMBEDDING_MAX_TOKENS = 512;

export async function loadTokenCounter(
  modelId: string,
  maxTokens = DEFAULT_EMBEDDING_MAX_TOKENS,
): Promise<TokenCounter> {
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  const eos = tokenizer.convert_tokens_to_ids('<|endoftext|>');
  if (eos !== QWEN3_EMBEDDING_EOS_ID) {
    throw new Error(
      `${modelId} does not have the Qwen3 tokenizer (<|endoftext|> = ${String(eos)}).`,
    );
  }
  return {
    countTokens: (text) => tokenizer.encode(text, { add_special_tokens: false }).length,
    maxTokens,
  };
}
