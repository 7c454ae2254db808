// Whether model downloads fit in the browser's storage and whether a loaded model was kept:
// the quota rules behind the Models & storage panel. Pure.

import type { ModelFiles } from './types/models';

export interface StorageEstimate {
  usedBytes?: number;
  quotaBytes?: number;
}

/** The parts of a model's files (ModelFiles) that these rules read. */
export type ModelStore = Pick<ModelFiles, 'totalBytes' | 'cachedBytes' | 'store'> &
  Partial<Pick<ModelFiles, 'files'>>;

/**
 * Whether any weights are stored. Reading a model's size caches its small JSON files, which alone
 * do not make it "downloaded".
 */
export function hasStoredWeights(files: ModelStore | null): boolean {
  return Boolean(files?.files?.some((f) => f.cached && /\.onnx(_data)?(_\d+)?$/.test(f.name)));
}

/** Free bytes for this site, when the browser says. */
export function freeBytes(estimate: StorageEstimate): number | undefined {
  const { usedBytes, quotaBytes } = estimate;
  return usedBytes === undefined || quotaBytes === undefined
    ? undefined
    : Math.max(0, quotaBytes - usedBytes);
}

/** Bytes still to download for `files` (0 when stored or unknown). */
export function missingBytes(files: ModelStore | null): number {
  return files ? Math.max(0, files.totalBytes - files.cachedBytes) : 0;
}

/**
 * The shortfall when downloading `needed` bytes would not fit: the model would still run, but
 * the browser could not keep it, so it downloads again next time and never works offline.
 */
export function downloadShortfall(
  needed: number,
  estimate: StorageEstimate,
): { needed: number; free: number } | null {
  const free = freeBytes(estimate);
  return free !== undefined && needed > free ? { needed, free } : null;
}

/** A model that runs but whose files the browser cache did not keep (storage full). */
export function loadedButNotKept(ready: boolean, files: ModelStore | null): boolean {
  return (
    ready &&
    files !== null &&
    files.store === 'browser-cache' &&
    files.totalBytes > 0 &&
    files.cachedBytes < files.totalBytes
  );
}
