// Qwen3-Reranker through transformers.js (`AutoModelForCausalLM`): builds the exact prompt,
// scores sigmoid(logit_yes − logit_no) at the last position, and batches only when a batched
// pass is measured to give the batch-of-one scores. Runs in the reranker worker or in Node.

import {
  AutoModelForCausalLM,
  Tensor,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import {
  formatRerankerBody,
  RERANKER_NO_ID,
  RERANKER_PREFIX,
  RERANKER_SUFFIX,
  RERANKER_YES_ID,
  rerankerInputIds,
  yesProbability,
  type RerankerPromptIds,
} from '../../core/qwen3-reranker';
import { leftPadded } from './left-padding';
import type { Dtype } from '../../core/types/models';
import { loadPretrained, type PretrainedSource } from './pretrained';

/** What onnx-community/Qwen3-Reranker-0.6B-ONNX ships. */
export const QWEN3_RERANKER_DTYPES: readonly Dtype[] = ['q8', 'q4'];

/** Yes−no logit margins of batched and single passes must agree this closely to batch. */
const BATCH_AGREEMENT = 1e-3;
/** Logits are [batch, seq, vocab] floats: bound one pass's logits to this many bytes. */
const MAX_LOGITS_BYTES = 256 * 1024 * 1024;

export type RerankerOptions = PretrainedSource;

export interface ScoreOptions {
  /** Called after each forward pass with the indices scored in it. */
  onScored?: (indices: number[], scores: number[]) => void;
  /** Checked between passes; returning true stops early (remaining scores stay NaN). */
  shouldStop?: () => boolean;
}

export class Qwen3Reranker {
  /** Set by `calibrateBatching()`; until then pairs are scored one at a time. */
  batchSafe = false;

  private constructor(
    readonly options: RerankerOptions,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    readonly prompt: RerankerPromptIds,
    readonly vocabSize: number,
    readonly keepsLastLogitsOnly: boolean,
  ) {}

  static load(options: RerankerOptions): Promise<Qwen3Reranker> {
    return loadPretrained(AutoModelForCausalLM, options, (tokenizer, model) => {
      const [yes, no] = tokenizer.convert_tokens_to_ids(['yes', 'no']) as number[];
      if (yes !== RERANKER_YES_ID || no !== RERANKER_NO_ID) {
        throw new Error(
          `${options.modelId} does not have the Qwen3 vocabulary (yes=${yes}, no=${no}).`,
        );
      }
      const encode = (text: string) => tokenizer.encode(text, { add_special_tokens: false });
      const prompt = { prefix: encode(RERANKER_PREFIX), suffix: encode(RERANKER_SUFFIX) };
      const config = model.config as unknown as { vocab_size: number };
      const session = (model as unknown as { sessions: Record<string, { inputNames: string[] }> })
        .sessions.model;
      const keepsLast = session?.inputNames.includes('num_logits_to_keep') ?? false;
      return new Qwen3Reranker(options, tokenizer, model, prompt, config.vocab_size, keepsLast);
    });
  }

  tokenize(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false });
  }

  /** Model input for one pair; at most `maxTokens` ids, only the document's tail is ever cut. */
  pairIds(query: string, document: string, instruction: string, maxTokens: number): number[] {
    return rerankerInputIds(
      this.prompt,
      this.tokenize(formatRerankerBody(instruction, query, document)),
      maxTokens,
    );
  }

  /**
   * Longest pair one pass may take. An export without `num_logits_to_keep` returns logits for
   * every position (~0.6 MB per token in float32), so its pairs are capped to keep one pass
   * within MAX_LOGITS_BYTES; rerank memory then stays flat however many candidates there are.
   */
  get maxPairTokens(): number {
    return this.keepsLastLogitsOnly
      ? Infinity
      : Math.floor(MAX_LOGITS_BYTES / (this.vocabSize * 4));
  }

  /** Pairs per forward pass for sequences of `length` tokens. */
  batchLimit(length: number): number {
    if (!this.batchSafe) return 1;
    const perSequence = (this.keepsLastLogitsOnly ? 1 : length) * this.vocabSize * 4;
    return Math.max(1, Math.floor(MAX_LOGITS_BYTES / perSequence));
  }

  /** One forward pass over a left-padded batch; returns logit(yes) − logit(no) per row. */
  async yesNoMargins(sequences: readonly number[][]): Promise<number[]> {
    const { input_ids, attention_mask } = leftPadded(sequences, this.tokenizer.pad_token_id ?? 0);
    const outputs = (await this.model({
      input_ids,
      attention_mask,
      // Honoured only by exports that declare it; the others return logits for every position.
      num_logits_to_keep: new Tensor('int64', [1n], []),
    })) as Record<string, Tensor>;
    try {
      const logits = outputs.logits;
      if (!logits) throw new Error('The reranker returned no logits.');
      const [, positions, vocab] = logits.dims as [number, number, number];
      const data = (logits.type === 'float32' ? logits : logits.to('float32')).data as Float32Array;
      return sequences.map((_, b) => {
        const last = (b * positions + positions - 1) * vocab;
        return data[last + RERANKER_YES_ID]! - data[last + RERANKER_NO_ID]!;
      });
    } finally {
      // Under WebGPU the present.* outputs live in GPU buffers until disposed.
      for (const tensor of Object.values(outputs)) tensor.dispose();
    }
  }

  /**
   * Scores `documents` against `query`, longest first so batches hold similar lengths.
   * Returns P(yes) per document in input order (NaN where stopped early).
   */
  async score(
    query: string,
    documents: readonly string[],
    instruction: string,
    maxTokens: number,
    options: ScoreOptions = {},
  ): Promise<Float32Array> {
    const budget = Math.min(maxTokens, this.maxPairTokens);
    const sequences = documents.map((d) => this.pairIds(query, d, instruction, budget));
    const scores = new Float32Array(documents.length).fill(NaN);
    const order = sequences
      .map((_, i) => i)
      .sort((a, b) => sequences[b]!.length - sequences[a]!.length);
    for (let done = 0; done < order.length;) {
      if (options.shouldStop?.()) break;
      const limit = this.batchLimit(sequences[order[done]!]!.length);
      const batch = order.slice(done, done + limit);
      const margins = await this.yesNoMargins(batch.map((i) => sequences[i]!));
      const batchScores = margins.map((m) => yesProbability(m, 0));
      batch.forEach((i, b) => (scores[i] = batchScores[b]!));
      options.onScored?.(batch, batchScores);
      done += batch.length;
    }
    return scores;
  }

  /**
   * Warm-up that also decides batching: two pairs of different lengths scored together and one
   * at a time must agree. q8 (activation scales depend on the batch) and fused attention kernels
   * that mishandle left padding fail this and stay at one pair per pass.
   */
  async calibrateBatching(): Promise<{ batchSafe: boolean; difference: number }> {
    const instruction =
      'Given a web search query, retrieve relevant passages that answer the query';
    const pairs = [
      this.pairIds(
        'what is a reranker',
        'A reranker reads a query and a passage together.',
        instruction,
        128,
      ),
      this.pairIds(
        'what is a reranker',
        'Cross-encoders score pairs; they are slower than embeddings but more precise.',
        instruction,
        128,
      ),
    ];
    const together = await this.yesNoMargins(pairs);
    const alone = [
      await this.yesNoMargins([pairs[0]!]),
      await this.yesNoMargins([pairs[1]!]),
    ].flat();
    const difference = Math.max(...together.map((s, i) => Math.abs(s - alone[i]!)));
    this.batchSafe = difference <= BATCH_AGREEMENT;
    return { batchSafe: this.batchSafe, difference };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
