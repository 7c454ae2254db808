import { describe, expect, it } from 'vitest';
import type { PackInfo } from '../core/types/pack-site';
import { PackSiteState } from './pack-site.svelte';

const info: PackInfo = {
  url: 'https://example.org/docs/pack/',
  title: 'Docs',
  createdAt: '2026-01-01T00:00:00Z',
  generator: 'test',
  documents: 3,
  chunks: 9,
  bytes: { vectors: 100 },
  downloadBytes: 42 * 2 ** 20,
  modelId: 'org/model',
  dtype: 'q8',
  dimension: 64,
  instruction: '',
};

describe('PackSiteState', () => {
  it('is only there with ?pack=', () => {
    const href = 'https://example.org/docs/';
    expect(PackSiteState.fromLocation({ search: '?q=x', href })).toBeNull();
    const state = PackSiteState.fromLocation({ search: '?pack=p/&embed=1', href });
    expect([state?.params.pack, state?.embed, state?.base]).toEqual(['p/', true, href]);
  });

  it('follows the worker: manifest, progress, ready; a failure stops the loading', () => {
    const models: string[] = [];
    const state = new PackSiteState({ pack: 'p/', embed: false }, 'https://x.org/', (id) =>
      models.push(id),
    );
    expect(state.loading).toBe(true);
    state.onPack({ kind: 'manifest', info });
    expect(models).toEqual(['org/model']);
    expect(state.progressText).toBe('0.0 of 42.0 MB');
    state.onPack({ kind: 'progress', loaded: 12.3 * 2 ** 20, total: 42 * 2 ** 20 });
    expect(state.progressText).toBe('12.3 of 42.0 MB');
    state.onPack({ kind: 'ready', info: { ...info, loadMs: 300, readyMs: 40 } });
    expect([state.ready, state.loading, state.info?.readyMs]).toEqual([true, false, 40]);

    const failed = new PackSiteState({ pack: 'p/', embed: false }, 'https://x.org/');
    failed.onPack({ kind: 'error', message: 'No Sieve pack at https://x.org/p/' });
    expect([failed.loading, failed.ready, failed.error]).toEqual([
      false,
      false,
      'No Sieve pack at https://x.org/p/',
    ]);
  });
});
