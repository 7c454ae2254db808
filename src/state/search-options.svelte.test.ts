// SearchOptions with a fake localStorage: what searches get is always in range (k, candidates,
// tokens, hits per leg, RRF k, idle time), whatever the fields hold; the retrieval mode is saved.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_CANDIDATES } from '../core/two-stage';
import { DEFAULT_PER_LEG, MAX_RESULTS, SearchOptions } from './search-options.svelte';

const STORAGE_KEY = 'sieve:search-options';

function fakeStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('SearchOptions', () => {
  let storage: ReturnType<typeof fakeStorage>;
  beforeEach(() => {
    storage = fakeStorage();
    vi.stubGlobal('localStorage', storage);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('passes k within 1..50 whatever the field holds', () => {
    const options = new SearchOptions('');
    expect(options.resultCount()).toBe(10);
    for (const [typed, used] of [
      [0, 1],
      [-3, 1],
      [500, MAX_RESULTS],
      [50, 50],
      [7.6, 8],
      [Number.NaN, 10],
      [null, 10], // an emptied number field binds null
      [undefined, 10],
    ] as const) {
      Object.assign(options, { k: typed });
      expect(options.resultCount(), `k = ${typed}`).toBe(used);
    }
  });

  it('keeps candidates within k..200 and tokens within 64..2048', () => {
    const options = new SearchOptions('');
    Object.assign(options, { k: 500, candidates: 0 });
    expect(options.candidateCount('wasm')).toBe(MAX_RESULTS);
    Object.assign(options, { k: 10, candidates: 5000 });
    expect(options.candidateCount('webgpu')).toBe(MAX_CANDIDATES);
    Object.assign(options, { candidates: 30.4 });
    expect(options.candidateCount('wasm')).toBe(30);
    Object.assign(options, { candidates: Number.NaN });
    const auto = options.candidateCount('wasm');
    Object.assign(options, { candidates: null });
    expect(options.candidateCount('wasm')).toBe(auto);
    expect(auto).toBeGreaterThanOrEqual(10);

    expect(options.tokenBudget('wasm')).toBe(256);
    Object.assign(options, { rerankTokens: 1 });
    expect(options.tokenBudget('wasm')).toBe(64);
    Object.assign(options, { rerankTokens: 99_999 });
    expect(options.tokenBudget('webgpu')).toBe(2048);
    Object.assign(options, { rerankTokens: Number.NaN });
    expect(options.tokenBudget('webgpu')).toBe(512);
  });

  it('keeps hits per leg, RRF k, idle time and the rerank weight in range', () => {
    const options = new SearchOptions('');
    expect(options.fusion()).toEqual({ perLeg: DEFAULT_PER_LEG, rrfK: 60 });
    Object.assign(options, { perLeg: 0, rrfK: -4 });
    expect(options.fusion()).toEqual({ perLeg: 1, rrfK: 0 });
    Object.assign(options, { perLeg: null, rrfK: 1e9 });
    expect(options.fusion()).toEqual({ perLeg: DEFAULT_PER_LEG, rrfK: 1000 });
    Object.assign(options, { idleMinutes: 1000 });
    expect(options.idleMs()).toBe(120 * 60_000);
    Object.assign(options, { idleMinutes: -1 });
    expect(options.idleMs()).toBe(0);
    Object.assign(options, { scoreMode: 'weighted', rerankWeight: 3 });
    expect(options.mode()).toEqual({ kind: 'weighted', rerankWeight: 1 });
  });

  it('saves the retrieval mode, hits per leg and RRF k, and reads them back', () => {
    const options = new SearchOptions('');
    expect(options.retrieval).toBe('hybrid');
    Object.assign(options, { retrieval: 'keywords', perLeg: 40, rrfK: 20 });
    options.save();
    const stored = JSON.parse(storage.items.get(STORAGE_KEY)!) as Record<string, unknown>;
    expect(stored).toMatchObject({ retrieval: 'keywords', perLeg: 40, rrfK: 20 });
    const again = new SearchOptions('');
    expect([again.retrieval, again.perLeg, again.rrfK]).toEqual(['keywords', 40, 20]);
    expect(new SearchOptions('?retrieval=meaning').retrieval).toBe('meaning');
  });

  it('falls back to the defaults on corrupt or unknown stored values', () => {
    storage.items.set(STORAGE_KEY, '{not json');
    expect(new SearchOptions('').retrieval).toBe('hybrid');
    storage.items.set(STORAGE_KEY, JSON.stringify({ retrieval: 'psychic', k: 500 }));
    const options = new SearchOptions('');
    expect(options.retrieval).toBe('hybrid');
    expect(options.resultCount()).toBe(MAX_RESULTS);
    expect(new SearchOptions('?rerank=off').rerank).toBe(false);
  });
});
