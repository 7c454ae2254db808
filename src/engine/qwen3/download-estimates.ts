// Approximate download sizes of the two default repositories' files per dtype (bytes), shown
// before anything is downloaded: opening the page then asks the hub nothing. Exact sizes arrive
// with the download itself. Runs in the model workers (or Node).
//
// Source: a download log of onnx-community/Qwen3-Embedding-0.6B-ONNX (weights: fp32 ≈ 2.3 GB in
// model.onnx + model.onnx_data, fp16 ≈ 1.1 GB likewise, q8 585 MB, q4 872 MB, q4f16 541 MB;
// tokenizer.json 11 MB). The reranker repository's q8 and q4 files are the same network with the
// same tied embedding matrix, so the same sizes are assumed; the app labels all of them estimates.
import {
  DTYPES,
  RERANKER_DTYPES,
  type DownloadEstimates,
  type Dtype,
  type FileEstimate,
} from '../../core/types/models';

const MB = 1e6;
const TOKENIZER_FILES: readonly FileEstimate[] = [
  ['config.json', 0.002 * MB],
  ['tokenizer.json', 11.4 * MB],
  ['tokenizer_config.json', 0.01 * MB],
];

const WEIGHTS: Record<Dtype, readonly FileEstimate[]> = {
  fp32: [
    ['onnx/model.onnx', 0.5 * MB],
    ['onnx/model.onnx_data', 2300 * MB],
  ],
  fp16: [
    ['onnx/model_fp16.onnx', 0.5 * MB],
    ['onnx/model_fp16.onnx_data', 1100 * MB],
  ],
  q8: [['onnx/model_quantized.onnx', 585 * MB]],
  q4: [['onnx/model_q4.onnx', 872 * MB]],
  q4f16: [['onnx/model_q4f16.onnx', 541 * MB]],
};

function estimates(dtypes: readonly Dtype[], extra: readonly FileEstimate[] = []) {
  const out: DownloadEstimates = {};
  for (const dtype of dtypes) out[dtype] = [...TOKENIZER_FILES, ...extra, ...WEIGHTS[dtype]];
  return out;
}

export const QWEN3_EMBEDDING_ESTIMATES = estimates(DTYPES);
export const QWEN3_RERANKER_ESTIMATES = estimates(RERANKER_DTYPES, [
  ['generation_config.json', 0.0002 * MB],
]);
