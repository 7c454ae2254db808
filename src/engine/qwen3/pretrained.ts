// Loading a Qwen3 repository through transformers.js, shared by the embedder and the reranker:
// tokenizer and ONNX model fetched together (one progress stream), left padding, and the model
// released again if the wrapper built on them rejects them. Runs in the model workers or in Node.

import {
  AutoTokenizer,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type ProgressInfo,
} from '@huggingface/transformers';
import type { Backend, Dtype } from '../../core/types/models';

/** Which weights to load, on which device. */
export interface PretrainedSource {
  modelId: string;
  /** `cpu` is onnxruntime-node (tests, benchmarks); browsers use `webgpu` or `wasm`. */
  device: Backend | 'cpu';
  dtype: Dtype;
  onProgress?: (info: ProgressInfo) => void;
}

interface ModelClass<Model extends PreTrainedModel> {
  from_pretrained(
    modelId: string,
    options: Pick<PretrainedSource, 'device' | 'dtype'> & {
      progress_callback?: PretrainedSource['onProgress'];
    },
  ): Promise<Model>;
}

/**
 * Loads `source` with `Model` (AutoModel, AutoModelForCausalLM…) and hands both parts to `build`,
 * which checks them (a Qwen3 vocabulary, say) and wraps them; a throw there disposes the model.
 */
export async function loadPretrained<Model extends PreTrainedModel, Wrapper>(
  Model: ModelClass<Model>,
  source: PretrainedSource,
  build: (tokenizer: PreTrainedTokenizer, model: Model) => Wrapper,
): Promise<Wrapper> {
  const progress_callback = source.onProgress;
  const [tokenizer, model] = await Promise.all([
    AutoTokenizer.from_pretrained(source.modelId, { progress_callback }),
    Model.from_pretrained(source.modelId, {
      device: source.device,
      dtype: source.dtype,
      progress_callback,
    }),
  ]);
  try {
    // Both models read the last position of every row, which left padding keeps in place.
    tokenizer.padding_side = 'left';
    return build(tokenizer, model);
  } catch (error) {
    await model.dispose();
    throw error;
  }
}
