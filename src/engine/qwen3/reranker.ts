// Qwen3-Reranker through transformers.js (`AutoModelForCausalLM`): builds the exact prompt,
// scores sigmoid(logit_yes − logit_no) at the last position, and batches or reuses the query's
// prefix only when a warm-up measures the same scores as full passes. Reranker worker or Node.

import {
  AutoModelForCausalLM,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import {
  formatRerankerBody,
  formatRerankerQueryPart,
  RERANKER_NO_ID,
  RERANKER_PREFIX,
  RERANKER_SUFFIX,
  RERANKER_YES_ID,
  rerankerInputIds,
  sharedPrefixLength,
  yesProbability,
  type RerankerPromptIds,
} from '../../core/qwen3-reranker';
import { leftPadded } from './left-padding';
import { disposeAll } from './release-tensors';
import {
  lastLogitOnly,
  lastMargins,
  marginAfterPrefix,
  prefill,
  type Forward,
  type KvCache,
} from './reranker-prefix';
import { checkPrefixReuse, type PrefixReuseVerdict } from './reranker-prefix-check';
import { loadPretrained, type PretrainedSource } from './pretrained';

/** Yes−no logit margins of batched and single passes must agree this closely to batch. */
const BATCH_AGREEMENT = 1e-3;
/**
 * Memory the LM head adds to one pass per position it returns logits for. Measured on the
 * full-size q8 stand-in in Chromium WASM (`npm run bench:models`): +0.50 GB at 442 positions and
 * +0.67 GB at 594 against a last-logit-only head, about 1.1 MB per position — twice the float32
 * logits row (vocab × 4 B), as the q8 head's int32 product and its float copy sit beside it.
 */
const HEAD_BYTES_PER_POSITION_PER_VOCAB = 2 * 4;
/**
 * What the head may add to one pass: 512 MiB keeps the measured reranker peak at 1.65 GB (442
 * tokens, 1 thread) against 1.89 GB uncapped at 594, under the 2.5 GB a tab can count on.
 */
const MAX_HEAD_BYTES = 512 * 1024 * 1024;

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
  /** Set by `calibratePrefixReuse()` (part of `calibrateBatching()`); until then full passes. */
  prefixReuse: PrefixReuseVerdict | null = null;
  /** Every model call goes through here (tests wrap it to count or perturb outputs). */
  forward: Forward = (inputs) => this.model(inputs) as Promise<Record<string, Tensor>>;

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

  /** The ids every pair of `query` starts with: chat prefix + instruction + query + `<Document>:`. */
  sharedPrefixIds(query: string, instruction: string): number[] {
    return [...this.prompt.prefix, ...this.tokenize(formatRerankerQueryPart(instruction, query))];
  }

  /**
   * Longest pair one pass may take. An export without `num_logits_to_keep` returns logits for
   * every position (~1.1 MB per token measured, see HEAD_BYTES_PER_POSITION_PER_VOCAB), so its
   * pairs are capped to keep one pass within MAX_HEAD_BYTES (442 tokens for Qwen3's vocabulary);
   * rerank memory then stays flat however many candidates there are.
   */
  get maxPairTokens(): number {
    return this.keepsLastLogitsOnly
      ? Infinity
      : Math.floor(MAX_HEAD_BYTES / (this.vocabSize * HEAD_BYTES_PER_POSITION_PER_VOCAB));
  }

  /** Pairs per forward pass for sequences of `length` tokens. */
  batchLimit(length: number): number {
    if (!this.batchSafe) return 1;
    const positions = this.keepsLastLogitsOnly ? 1 : length;
    const perSequence = positions * this.vocabSize * HEAD_BYTES_PER_POSITION_PER_VOCAB;
    return Math.max(1, Math.floor(MAX_HEAD_BYTES / perSequence));
  }

  /** One forward pass over a left-padded batch; returns logit(yes) − logit(no) per row. */
  async yesNoMargins(sequences: readonly number[][]): Promise<number[]> {
    const { input_ids, attention_mask } = leftPadded(sequences, this.tokenizer.pad_token_id ?? 0);
    const outputs = await this.forward({
      input_ids,
      attention_mask,
      num_logits_to_keep: lastLogitOnly(),
    });
    try {
      return lastMargins(outputs.logits, sequences.length);
    } finally {
      // Under WebGPU the present.* outputs live in GPU buffers until disposed.
      disposeAll(Object.values(outputs));
    }
  }

  /**
   * Scores `documents` against `query`, longest first so batches hold similar lengths.
   * Returns P(yes) per document in input order (NaN where stopped early). One-pair passes start
   * from the query's cached prefix when `prefixReuse` allows it; batches stay full passes.
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
    const shared = this.prefixReuse?.enabled ? this.sharedPrefixIds(query, instruction) : [];
    const split = sequences.map((ids) => sharedPrefixLength(shared, ids));
    // The prefix pass costs one extra pass over it, which pays off from two candidates on.
    const reuse = split.filter((at) => at > 0).length >= 2;
    let cache: KvCache | undefined;
    try {
      for (let done = 0; done < order.length;) {
        if (options.shouldStop?.()) break;
        const first = order[done]!;
        const limit = this.batchLimit(sequences[first]!.length);
        const batch = order.slice(done, done + limit);
        let margins: number[];
        if (limit === 1 && reuse && split[first]! > 0) {
          cache ??= await prefill(this.forward, shared);
          const rest = sequences[first]!.slice(shared.length);
          margins = [await marginAfterPrefix(this.forward, cache, shared.length, rest)];
        } else {
          margins = await this.yesNoMargins(batch.map((i) => sequences[i]!));
        }
        const batchScores = margins.map((m) => yesProbability(m, 0));
        batch.forEach((i, b) => (scores[i] = batchScores[b]!));
        options.onScored?.(batch, batchScores);
        done += batch.length;
      }
    } finally {
      // Only now that every candidate is scored: the cache is each candidate's input.
      if (cache) disposeAll(Object.values(cache));
    }
    return scores;
  }

  /**
   * Warm-up that also decides batching: two pairs of different lengths scored together and one
   * at a time must agree. q8 (activation scales depend on the batch) and fused attention kernels
   * that mishandle left padding fail this and stay at one pair per pass. Then decides prefix
   * reuse (`calibratePrefixReuse()`), so callers that warm up this way get both verdicts.
   */
  async calibrateBatching(): Promise<{
    batchSafe: boolean;
    difference: number;
    prefixReuse: PrefixReuseVerdict;
  }> {
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
    const prefixReuse = await this.calibratePrefixReuse();
    return { batchSafe: this.batchSafe, difference, prefixReuse };
  }

  /**
   * Decides prefix reuse: a few fixed pairs scored from the cached prefix and by full passes must
   * agree within 1e-4. q8's per-pass activation scales, or an export whose cache inputs misbehave,
   * fail this, and scoring stays on full passes with the reason in `prefixReuse.reason`.
   */
  async calibratePrefixReuse(): Promise<PrefixReuseVerdict> {
    this.prefixReuse = await checkPrefixReuse(this);
    return this.prefixReuse;
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
