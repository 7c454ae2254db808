// Left-padded int64 inputs for the decoder-only Qwen3 models (worker or Node): with the pads on
// the left, the last position of every row is that row's last real token, which is what both
// last-token pooling and the reranker's yes/no readout need.

import { Tensor } from '@huggingface/transformers';

export interface PaddedBatch {
  input_ids: Tensor;
  attention_mask: Tensor;
  seqLen: number;
}

export function leftPadded(sequences: readonly number[][], padId: number): PaddedBatch {
  const batch = sequences.length;
  const seqLen = Math.max(...sequences.map((s) => s.length));
  const ids = new BigInt64Array(batch * seqLen).fill(BigInt(padId));
  const mask = new BigInt64Array(batch * seqLen);
  sequences.forEach((seq, b) => {
    const offset = b * seqLen + seqLen - seq.length;
    seq.forEach((id, t) => {
      ids[offset + t] = BigInt(id);
      mask[offset + t] = 1n;
    });
  });
  return {
    input_ids: new Tensor('int64', ids, [batch, seqLen]),
    attention_mask: new Tensor('int64', mask, [batch, seqLen]),
    seqLen,
  };
}
