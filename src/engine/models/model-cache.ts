// What a model download consists of and what is already in the browser's model cache
// (transformers.js' Cache Storage), and deleting it from there: for the Models & storage view.
// File metadata only, never weights. Runs in the model workers or Node.
import { ModelRegistry } from '@huggingface/transformers';
import { usingLocalModels } from './local-folder/local-model-cache';
import type { DevicePlan } from './device';
import type { FileEstimate, ModelFiles } from '../../core/types/models';

const options = (plan: DevicePlan) => ({ dtype: plan.dtype, device: plan.backend });

/**
 * The files `plan` loads for `modelId`, their sizes (when the source says) and cache status.
 * With `estimates` (the shipped repository from the hub) and nothing stored yet (no config.json
 * in the cache), those are reported as they are, and no request leaves the page.
 */
export async function describeModelFiles(
  modelId: string,
  plan: DevicePlan,
  estimates?: readonly FileEstimate[],
): Promise<ModelFiles> {
  if (estimates && !usingLocalModels()) {
    const config = await ModelRegistry.get_file_metadata(modelId, 'config.json', {
      local_files_only: true,
    }).catch(() => null);
    if (!config?.exists) return estimatedFiles(modelId, plan, estimates);
  }
  const { files } = await ModelRegistry.is_cached_files(modelId, options(plan));
  // Optional files the repository lacks (e.g. generation_config.json) are not downloaded.
  const sizes = await Promise.all(
    files.map(({ file }) =>
      ModelRegistry.get_file_metadata(modelId, file).then(
        (meta) => (meta.exists ? (meta.size ?? null) : 'missing'),
        () => null,
      ),
    ),
  );
  const rows = files.flatMap(({ file, cached }, i) => {
    const bytes = sizes[i];
    return bytes === 'missing' ? [] : [{ name: file, bytes: bytes ?? undefined, cached }];
  });
  const sum = (list: typeof rows) => list.reduce((total, f) => total + (f.bytes ?? 0), 0);
  return {
    modelId,
    dtype: plan.dtype,
    files: rows,
    totalBytes: sum(rows),
    cachedBytes: sum(rows.filter((f) => f.cached)),
    store: usingLocalModels() ? 'local-folder' : 'browser-cache',
  };
}

function estimatedFiles(
  modelId: string,
  plan: DevicePlan,
  estimates: readonly FileEstimate[],
): ModelFiles {
  const files = estimates.map(([name, bytes]) => ({ name, bytes, cached: false }));
  return {
    modelId,
    dtype: plan.dtype,
    files,
    totalBytes: files.reduce((total, f) => total + f.bytes, 0),
    cachedBytes: 0,
    store: 'browser-cache',
    estimated: true,
  };
}

/** Deletes `plan`'s files for `modelId` from the model cache (the next load downloads them). */
export async function deleteModelFiles(modelId: string, plan: DevicePlan): Promise<void> {
  await ModelRegistry.clear_cache(modelId, options(plan));
}
