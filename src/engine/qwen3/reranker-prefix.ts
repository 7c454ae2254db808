// Prefix reuse for Qwen3Reranker: the ids every pair of one query shares are run once, and each
// candidate's remaining ids run against that pass's keys/values (past_key_values). Runs in the
// reranker worker or in Node; the cache stays where the model left it (GPU buffers on WebGPU).

import { Tensor } from '@huggingface/transformers';
import { RERANKER_NO_ID, RERANKER_YES_ID } from '../../core/qwen3-reranker';
import { disposeAll } from './release-tensors';

/** One call of the causal LM (`model(inputs)`), as a seam that tests can wrap. */
export type Forward = (inputs: Record<string, unknown>) => Promise<Record<string, Tensor>>;

/** `past_key_values.<layer>.key|value` → the prefix's keys/values, shared by every candidate. */
export type KvCache = Record<string, Tensor>;

/** Honoured only by exports that declare it; the others return logits for every position. */
export const lastLogitOnly = () => new Tensor('int64', [1n], []);

const idsTensor = (ids: readonly number[]) =>
  new Tensor(
    'int64',
    BigInt64Array.from(ids, (id) => BigInt(id)),
    [1, ids.length],
  );
const onesTensor = (length: number) =>
  new Tensor('int64', new BigInt64Array(length).fill(1n), [1, length]);

/** logit(yes) − logit(no) at the last position of each of `rows` rows of [rows, seq, vocab]. */
export function lastMargins(logits: Tensor | undefined, rows: number): number[] {
  if (!logits) throw new Error('The reranker returned no logits.');
  const [, positions, vocab] = logits.dims as [number, number, number];
  const data = (logits.type === 'float32' ? logits : logits.to('float32')).data as Float32Array;
  return Array.from({ length: rows }, (_, b) => {
    const last = (b * positions + positions - 1) * vocab;
    return data[last + RERANKER_YES_ID]! - data[last + RERANKER_NO_ID]!;
  });
}

/** Runs `prefix` once and keeps its present.* outputs, renamed as the next pass's inputs. */
export async function prefill(forward: Forward, prefix: readonly number[]): Promise<KvCache> {
  const outputs = await forward({
    input_ids: idsTensor(prefix),
    attention_mask: onesTensor(prefix.length),
    num_logits_to_keep: lastLogitOnly(),
  });
  const cache: KvCache = {};
  for (const [name, tensor] of Object.entries(outputs)) {
    if (name.startsWith('present.')) cache[name.replace('present.', 'past_key_values.')] = tensor;
    else disposeAll([tensor]);
  }
  if (Object.keys(cache).length === 0) throw new Error('The reranker returned no present.* keys.');
  return cache;
}

/**
 * logit(yes) − logit(no) for one candidate: `rest` (its document and the prompt's closing) after
 * the `prefixLength` ids held in `cache`. transformers.js derives positions from the full-length
 * mask and only reads `cache`; every output (the grown present.* included) is freed here.
 */
export async function marginAfterPrefix(
  forward: Forward,
  cache: KvCache,
  prefixLength: number,
  rest: readonly number[],
): Promise<number> {
  const outputs = await forward({
    input_ids: idsTensor(rest),
    attention_mask: onesTensor(prefixLength + rest.length),
    past_key_values: cache,
    num_logits_to_keep: lastLogitOnly(),
  });
  try {
    return lastMargins(outputs.logits, 1)[0]!;
  } finally {
    // An output is never the cache's own tensor, but freeing one would break the next candidate.
    disposeAll(Object.values(outputs), new Set(Object.values(cache)));
  }
}
