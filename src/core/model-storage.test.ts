import { describe, expect, it } from 'vitest';
import {
  downloadShortfall,
  freeBytes,
  hasStoredWeights,
  loadedButNotKept,
  missingBytes,
} from './model-storage';

const MB = 2 ** 20;

describe('model storage rules', () => {
  it('computes free space only when the browser reports usage and quota', () => {
    expect(freeBytes({ usedBytes: 10 * MB, quotaBytes: 30 * MB })).toBe(20 * MB);
    expect(freeBytes({ usedBytes: 40 * MB, quotaBytes: 30 * MB })).toBe(0);
    expect(freeBytes({ quotaBytes: 30 * MB })).toBeUndefined();
  });

  it('reports a shortfall only when the download does not fit', () => {
    const estimate = { usedBytes: 10 * MB, quotaBytes: 30 * MB };
    expect(downloadShortfall(25 * MB, estimate)).toEqual({ needed: 25 * MB, free: 20 * MB });
    expect(downloadShortfall(20 * MB, estimate)).toBeNull();
    expect(downloadShortfall(25 * MB, {})).toBeNull();
  });

  it('counts missing bytes and spots a loaded model the cache did not keep', () => {
    const partly = { totalBytes: 100, cachedBytes: 40, store: 'browser-cache' as const };
    expect(missingBytes(partly)).toBe(60);
    expect(missingBytes(null)).toBe(0);
    expect(loadedButNotKept(true, partly)).toBe(true);
    expect(loadedButNotKept(false, partly)).toBe(false);
    expect(loadedButNotKept(true, { ...partly, cachedBytes: 100 })).toBe(false);
    expect(loadedButNotKept(true, { ...partly, store: 'local-folder' })).toBe(false);
  });

  it('counts a model as stored only when some of its weights are', () => {
    const files = (cached: string[]) => ({
      files: ['config.json', 'tokenizer.json', 'onnx/model.onnx', 'onnx/model.onnx_data'].map(
        (name) => ({ name, cached: cached.includes(name) }),
      ),
      totalBytes: 100,
      cachedBytes: 1,
      store: 'browser-cache' as const,
    });
    expect(hasStoredWeights(files(['config.json', 'tokenizer.json']))).toBe(false);
    expect(hasStoredWeights(files(['onnx/model.onnx_data']))).toBe(true);
    expect(hasStoredWeights(files(['onnx/model.onnx']))).toBe(true);
    expect(hasStoredWeights(null)).toBe(false);
  });
});
