// Copies the model repositories found in a folder the user picked into OPFS, so the "local
// folder" model source can load them offline. Checks free space first; a repository whose copy
// fails part-way is removed whole. Runs in the embedder worker.

import { errorMessage } from '../../../core/errors';
import { formatBytes } from '../../../core/format';
import { planModelFolder } from '../../../core/model-folder';
import { deleteLocalModel, listLocalModels, writeModelFile } from './opfs-store';
import type {
  ModelFolderFile,
  ModelImportProgress,
  ModelImportResult,
} from '../../../core/types/models';

export class ModelImportError extends Error {
  override name = 'ModelImportError';
}

const isQuotaError = (error: unknown) =>
  error instanceof DOMException && error.name === 'QuotaExceededError';

async function freeBytes(): Promise<number | undefined> {
  const { quota, usage } = await navigator.storage.estimate();
  return quota === undefined || usage === undefined ? undefined : quota - usage;
}

export async function importModelFolder(
  items: readonly ModelFolderFile[],
  knownIds: readonly string[],
  onProgress: (progress: ModelImportProgress) => void,
): Promise<ModelImportResult> {
  const plan = planModelFolder(
    items.map((i) => i.path),
    knownIds,
  );
  if (plan.repos.length === 0) {
    throw new ModelImportError(
      'No model found in that folder: a model folder holds config.json, tokenizer.json and onnx/*.onnx files.',
    );
  }
  const fileAt = new Map(items.map((i) => [i.path, i.file]));
  const sizeOf = (path: string) => fileAt.get(path)?.size ?? 0;
  const total = plan.repos.flatMap((r) => r.files).reduce((sum, f) => sum + sizeOf(f.path), 0);
  const free = await freeBytes();
  if (free !== undefined && total > free) {
    throw new ModelImportError(
      `Not enough storage for these model files: they need ${formatBytes(total)} and ${formatBytes(Math.max(0, free))} is free. Delete models or documents you no longer need, or import fewer dtypes.`,
    );
  }

  let done = 0;
  const imported: ModelImportResult['imported'] = [];
  for (const repo of plan.repos) {
    let bytes = 0;
    try {
      for (const { path, name } of repo.files) {
        await writeModelFile(repo.modelId, name, fileAt.get(path)!, (n) => {
          bytes += n;
          onProgress({ done: done + bytes, total, modelId: repo.modelId });
        });
      }
    } catch (error) {
      // A half-copied repository would load as a broken model: remove it whole.
      await deleteLocalModel(repo.modelId).catch(() => {});
      const reason = isQuotaError(error) ? 'browser storage is full' : errorMessage(error);
      throw new ModelImportError(
        `Could not store ${repo.modelId} (${formatBytes(done + bytes)} of ${formatBytes(total)} copied): ${reason}. ${imported.length > 0 ? `Stored before that: ${imported.map((m) => m.modelId).join(', ')}.` : ''}`.trim(),
      );
    }
    done += bytes;
    imported.push({ modelId: repo.modelId, files: repo.files.length, bytes });
  }
  return { imported, ignored: plan.ignored.length, stored: await listLocalModels() };
}
