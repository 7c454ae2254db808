// Model files imported from a folder the user picked, kept in the origin private file system
// (OPFS) as `sieve-models/<org>/<name>/<file>`. Runs in the model workers (or any page context).

import type { LocalModel } from '../../../core/types/models';

const ROOT = 'sieve-models';

const isNotFound = (error: unknown) =>
  error instanceof DOMException && error.name === 'NotFoundError';

function parts(path: string): string[] {
  const list = path.split('/').filter(Boolean);
  // Names come from the model id and repo-relative paths; refuse anything that could escape.
  if (list.some((p) => p === '.' || p === '..')) throw new Error(`Invalid model path: ${path}`);
  return list;
}

async function directory(
  path: string[],
  create: boolean,
): Promise<FileSystemDirectoryHandle | undefined> {
  let dir = await navigator.storage.getDirectory();
  try {
    for (const name of [ROOT, ...path]) dir = await dir.getDirectoryHandle(name, { create });
    return dir;
  } catch (error) {
    if (!create && isNotFound(error)) return undefined;
    throw error;
  }
}

/** The stored file `name` of `modelId`, or undefined. */
export async function readModelFile(modelId: string, name: string): Promise<File | undefined> {
  const path = [...parts(modelId), ...parts(name)];
  const dir = await directory(path.slice(0, -1), false);
  try {
    return await (await dir?.getFileHandle(path.at(-1)!))?.getFile();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Streams `blob` into OPFS as file `name` of `modelId`, reporting bytes written. A failed write
 * (e.g. QuotaExceededError) leaves no file of that name, rather than a truncated one.
 */
export async function writeModelFile(
  modelId: string,
  name: string,
  blob: Blob,
  onBytes: (bytes: number) => void,
): Promise<void> {
  const path = [...parts(modelId), ...parts(name)];
  const dir = (await directory(path.slice(0, -1), true))!;
  const handle = await dir.getFileHandle(path.at(-1)!, { create: true });
  const writable = await handle.createWritable();
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      onBytes(chunk.byteLength);
      controller.enqueue(chunk);
    },
  });
  try {
    await blob.stream().pipeThrough(counter).pipeTo(writable);
  } catch (error) {
    // pipeTo aborts the writable (its swap file is discarded); drop the empty entry too.
    await dir.removeEntry(path.at(-1)!).catch(() => {});
    throw error;
  }
}

/** Deletes one stored file; false when it was not there. */
export async function deleteModelFile(modelId: string, name: string): Promise<boolean> {
  const path = [...parts(modelId), ...parts(name)];
  const dir = await directory(path.slice(0, -1), false);
  if (!dir) return false;
  try {
    await dir.removeEntry(path.at(-1)!);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** Deletes every stored file of `modelId`. */
export async function deleteLocalModel(modelId: string): Promise<void> {
  const path = parts(modelId);
  const parent = await directory(path.slice(0, -1), false);
  await parent?.removeEntry(path.at(-1)!, { recursive: true }).catch((error: unknown) => {
    if (!isNotFound(error)) throw error;
  });
}

async function filesIn(
  dir: FileSystemDirectoryHandle,
  prefix = '',
): Promise<Array<{ name: string; size: number }>> {
  const found: Array<{ name: string; size: number }> = [];
  for await (const entry of dir.values()) {
    if (entry.kind === 'file') {
      const { size } = await (entry as FileSystemFileHandle).getFile();
      found.push({ name: prefix + entry.name, size });
    } else {
      found.push(...(await filesIn(entry as FileSystemDirectoryHandle, `${prefix}${entry.name}/`)));
    }
  }
  return found;
}

async function* subdirectories(dir: FileSystemDirectoryHandle) {
  for await (const entry of dir.values())
    if (entry.kind === 'directory') yield entry as FileSystemDirectoryHandle;
}

/** Every stored model: a `<org>/<name>` folder holding `config.json` (ids are always two parts). */
export async function listLocalModels(): Promise<LocalModel[]> {
  const root = await directory([], false);
  if (!root) return [];
  const models: LocalModel[] = [];
  for await (const org of subdirectories(root)) {
    for await (const repo of subdirectories(org)) {
      const files = await filesIn(repo);
      if (!files.some((f) => f.name === 'config.json')) continue;
      models.push({
        modelId: `${org.name}/${repo.name}`,
        files: files.map((f) => f.name).sort(),
        bytes: files.reduce((sum, f) => sum + f.size, 0),
      });
    }
  }
  return models.sort((a, b) => a.modelId.localeCompare(b.modelId));
}
