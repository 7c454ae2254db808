// Qwen3-Embedding through transformers.js (browser worker or Node): own tokenisation with an
// EOS-preserving truncation, left padding, last-token pooling, optional Matryoshka dimension.
// The caller configures transformers.js' `env` (model source, wasm paths) beforehand.

import type { Tensor } from '@huggingface/transformers';
import {
  AutoModel,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import {
  formatEmbeddingQuery,
  QWEN3_EMBEDDING_EOS_ID,
  truncateKeepingEos,
} from '../../core/qwen3-embedding';
import { truncateAndNormalize } from '../../core/vectors';
import { maxSequencesPerPass } from './batching';
import { leftPadded } from './left-padding';
import { disposeAll } from './release-tensors';
import { DTYPES, type Dtype } from '../../core/types/models';
import { loadPretrained, type PretrainedSource } from './pretrained';
import { DEFAULT_EMBEDDING_MAX_TOKENS } from './token-counter';

/** The dtypes the onnx-community repository ships: all of them. */
export const QWEN3_EMBEDDING_DTYPES: readonly Dtype[] = DTYPES;

export interface EmbedderOptions extends PretrainedSource {
  /** Hard cap per input, EOS included. */
  maxTokens?: number;
  /** Sequences per forward pass; q8 always uses 1 (see `maxSequencesPerPass`). */
  batchSize?: number;
  /** Upper bound on batch × padded length, which bounds activation memory. */
  maxBatchTokens?: number;
  /** Matryoshka dimension; `null` keeps the model's full hidden size. */
  dimension?: number | null;
}

export type BatchProgress = (embedded: number, total: number) => void;

export class Qwen3Embedder {
  readonly maxTokens: number;
  /** Sequences per forward pass in `embedInBatches`, after the dtype's limit. */
  readonly batchSize: number;
  readonly maxBatchTokens: number;
  readonly dimension: number;

  private constructor(
    readonly options: EmbedderOptions,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    readonly hiddenSize: number,
  ) {
    this.maxTokens = options.maxTokens ?? DEFAULT_EMBEDDING_MAX_TOKENS;
    this.batchSize = Math.min(options.batchSize ?? 8, maxSequencesPerPass(options.dtype));
    this.maxBatchTokens = options.maxBatchTokens ?? 8192;
    this.dimension = options.dimension ?? hiddenSize;
    if (this.dimension < 1 || this.dimension > hiddenSize) {
      throw new RangeError(`Embedding dimension ${this.dimension} must be in 1..${hiddenSize}`);
    }
  }

  static load(options: EmbedderOptions): Promise<Qwen3Embedder> {
    return loadPretrained(AutoModel, options, (tokenizer, model) => {
      const eos = tokenizer.convert_tokens_to_ids('<|endoftext|>');
      if (eos !== QWEN3_EMBEDDING_EOS_ID) {
        throw new Error(
          `${options.modelId} does not have the Qwen3 tokenizer (<|endoftext|> = ${String(eos)}).`,
        );
      }
      const hiddenSize = (model.config as unknown as { hidden_size: number }).hidden_size;
      return new Qwen3Embedder(options, tokenizer, model, hiddenSize);
    });
  }

  /** Content tokens of `text`, without special tokens. */
  tokenize(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false });
  }

  countTokens = (text: string): number => this.tokenize(text).length;

  /** Model input for a document or formatted query: truncated content + EOS. */
  inputIds(text: string, maxTokens = this.maxTokens): number[] {
    return truncateKeepingEos(this.tokenize(text), maxTokens, QWEN3_EMBEDDING_EOS_ID);
  }

  async embedQuery(query: string, instruction?: string): Promise<Float32Array> {
    return this.embedSequences([this.inputIds(formatEmbeddingQuery(query, instruction))]);
  }

  /**
   * Embeds texts as documents; returns `texts.length × dimension` unit vectors, row-major.
   * `beforeBatch` runs before every batch: it may wait (pause) or throw (cancel).
   */
  async embedDocuments(
    texts: readonly string[],
    onBatch?: BatchProgress,
    beforeBatch?: () => Promise<void>,
  ): Promise<Float32Array> {
    return this.embedInBatches(
      texts.map((t) => this.inputIds(t)),
      onBatch,
      beforeBatch,
    );
  }

  /**
   * Embeds pre-tokenised sequences (each ending in EOS), longest first so that batches hold
   * similar lengths (less padding). Batches are at most `batchSize` long, which the dtype caps so
   * that a sequence's vector does not depend on its batch-mates (q8: one per pass).
   */
  async embedInBatches(
    sequences: readonly number[][],
    onBatch?: BatchProgress,
    beforeBatch?: () => Promise<void>,
  ): Promise<Float32Array> {
    const dim = this.dimension;
    const out = new Float32Array(sequences.length * dim);
    const order = sequences
      .map((_, i) => i)
      .sort((a, b) => sequences[b]!.length - sequences[a]!.length);
    let done = 0;
    while (done < order.length) {
      await beforeBatch?.();
      const longest = sequences[order[done]!]!.length;
      const fit = Math.max(1, Math.floor(this.maxBatchTokens / longest));
      const batch = order.slice(done, done + Math.min(this.batchSize, fit));
      const vectors = await this.embedSequences(batch.map((i) => sequences[i]!));
      batch.forEach((row, b) => out.set(vectors.subarray(b * dim, (b + 1) * dim), row * dim));
      done += batch.length;
      onBatch?.(done, order.length);
    }
    return out;
  }

  /**
   * One forward pass over a left-padded batch; pools each row's last position. With q8 the rows
   * affect each other (one activation scale per tensor): `embedInBatches` keeps them apart.
   */
  async embedSequences(sequences: readonly number[][]): Promise<Float32Array> {
    const batch = sequences.length;
    const { input_ids, attention_mask, seqLen } = leftPadded(
      sequences,
      this.tokenizer.pad_token_id ?? QWEN3_EMBEDDING_EOS_ID,
    );
    const outputs = (await this.model({ input_ids, attention_mask })) as Record<string, Tensor>;
    try {
      const hidden = outputs.last_hidden_state;
      if (!hidden) throw new Error('The embedding model returned no last_hidden_state.');
      const data = (hidden.type === 'float32' ? hidden : hidden.to('float32')).data as Float32Array;
      const size = this.hiddenSize;
      const result = new Float32Array(batch * this.dimension);
      for (let b = 0; b < batch; b++) {
        const last = (b * seqLen + seqLen - 1) * size;
        result.set(
          truncateAndNormalize(data.subarray(last, last + size), this.dimension),
          b * this.dimension,
        );
      }
      return result;
    } finally {
      disposeAll(Object.values(outputs));
    }
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
