// Which dtypes a model repository ships: known for Sieve's default models, probed (file
// metadata only, no weights) for any other repository. Runs in the model workers or Node.

import { ModelRegistry } from '@huggingface/transformers';
import { DTYPES, type Dtype } from '../../core/types/models';

export async function availableDtypes(
  modelId: string,
  known: Readonly<Record<string, readonly Dtype[]>>,
  fallback: readonly Dtype[],
): Promise<readonly Dtype[]> {
  const listed = known[modelId];
  if (listed) return listed;
  try {
    const found = await ModelRegistry.get_available_dtypes(modelId);
    const usable = DTYPES.filter((d) => found.includes(d));
    return usable.length > 0 ? usable : fallback;
  } catch {
    // Unreachable or missing repo: loading will report the real problem.
    return fallback;
  }
}
