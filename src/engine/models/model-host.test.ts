import { env } from '@huggingface/transformers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ModelHost, ModelNotDownloadedError } from './model-host';
import type { ModelLoader } from './model-loader';
import type { ModelSettings, ModelStatus } from '../../core/types/models';

// Nothing is cached and nothing can be fetched: an empty local model folder, remote loading off.
const saved = { ...env };
beforeAll(() => {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = mkdtempSync(join(tmpdir(), 'sieve-no-models-'));
  (globalThis as { self?: unknown }).self ??= globalThis;
});
afterAll(() => {
  Object.assign(env, saved);
});

const SETTINGS: ModelSettings = {
  modelId: 'org/not-cached',
  source: { kind: 'hub' },
  backend: 'wasm',
  dtype: 'q8',
  downloadAllowed: false,
};

function host(settings: ModelSettings = SETTINGS, failures = 0) {
  const loads: string[] = [];
  const statuses: ModelStatus[] = [];
  let failing = failures;
  const loader: ModelLoader<{ id: string }> = {
    shipped: { modelId: 'org/not-cached', dtypes: ['q8'] },
    load: async (target) => {
      loads.push(target.dtype);
      if (failing-- > 0) throw new Error('download cut');
      return { id: 'model' };
    },
    warmUp: async () => {},
    dispose: async () => {},
  };
  return { host: new ModelHost(settings, loader, (s) => statuses.push(s)), loads, statuses };
}

describe('ModelHost download consent', () => {
  it('refuses to load an uncached model the user has not asked for', async () => {
    const { host: h, loads } = host();
    await expect(h.get()).rejects.toBeInstanceOf(ModelNotDownloadedError);
    await expect(h.get()).rejects.toThrow('org/not-cached is not downloaded yet');
    expect(loads).toEqual([]);
    expect(h.status.phase).toBe('idle');
  });

  it('available() gives nothing before consent, loads once allowed, and waits for a retry after a failure', async () => {
    const { host: h, loads } = host();
    const probes = vi.spyOn(h, 'files');
    await expect(h.available()).resolves.toBeUndefined();
    // Later calls (one per keyword-only search) do not probe the files again.
    await expect(h.available()).resolves.toBeUndefined();
    expect(probes).toHaveBeenCalledTimes(1);
    expect(loads).toEqual([]);
    h.allowDownload();
    await expect(h.available()).resolves.toEqual({ id: 'model' });
    await expect(h.available()).resolves.toEqual({ id: 'model' });
    expect(loads).toEqual(['q8']);
  });

  it('available() does not load again after a failed load; get() (the user retrying) does', async () => {
    const { host: h, loads } = host({ ...SETTINGS, downloadAllowed: true }, 1);
    await expect(h.available()).resolves.toBeUndefined();
    expect(h.status.phase).toBe('error');
    await expect(h.available()).resolves.toBeUndefined();
    expect(loads).toHaveLength(1);
    await expect(h.get()).resolves.toEqual({ id: 'model' });
    expect(loads).toHaveLength(2);
  });

  it('loads at once when the user allowed this model before (settings carry it)', async () => {
    const { host: h, loads } = host({ ...SETTINGS, downloadAllowed: true });
    await expect(h.get()).resolves.toEqual({ id: 'model' });
    expect(loads).toEqual(['q8']);
  });
});

describe('ModelHost back online', () => {
  it('loads again after a failure on the network, once the page reports the network back', async () => {
    // The hub cannot be reached from here: the failure is explained as an unreachable host.
    const { host: h, loads } = host({ ...SETTINGS, downloadAllowed: true }, 1);
    await expect(h.get()).rejects.toThrow(/unreachable/);
    await expect(h.reconnected()).resolves.toBe(true);
    expect(h.status.phase).toBe('ready');
    expect(loads).toHaveLength(2);
    // Loaded: nothing to resume.
    await expect(h.reconnected()).resolves.toBe(false);
    expect(loads).toHaveLength(2);
  });

  it('does not load for a failure of another kind, nor without the user’s go-ahead', async () => {
    // The host answers with a model config: the load failed for a reason the network cannot cure.
    const fetch = vi.fn(async () => new Response(JSON.stringify({ model_type: 'qwen3' })));
    vi.stubGlobal('fetch', fetch);
    try {
      const { host: h, loads } = host({ ...SETTINGS, downloadAllowed: true }, 1);
      await expect(h.get()).rejects.toThrow('download cut');
      expect(fetch).toHaveBeenCalled();
      await expect(h.reconnected()).resolves.toBe(false);
      expect(loads).toHaveLength(1);
    } finally {
      vi.unstubAllGlobals();
    }
    const { host: idle, loads } = host();
    await expect(idle.reconnected()).resolves.toBe(false);
    expect(loads).toEqual([]);
  });
});
