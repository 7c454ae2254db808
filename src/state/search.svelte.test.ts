// SearchState's two-stage flow with fake stage clients: progressive scores, supersede, fallback,
// and the keyword preview while typing (debounce, and which answer wins when they cross).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakes, hit, result } from '../../test/search-fakes';
import { SearchOptions } from './search-options.svelte';
import { PREVIEW_DELAY_MS, SearchState } from './search.svelte';

describe('SearchState', () => {
  const options = () =>
    Object.assign(new SearchOptions(''), { k: 3, rerank: true, candidates: null });

  it('shows vector results first, partial scores as they arrive, then the reranked order', async () => {
    const f = fakes(() => [hit('a', 0.9), hit('b', 0.8), hit('c', 0.7)]);
    const search = new SearchState(f.embedder, f.reranker, options(), () => true);
    search.query = 'q';
    const running = search.run();
    await new Promise((r) => setTimeout(r, 0));
    expect(search.rows.map((r) => r.hit.docName)).toEqual(['a', 'b', 'c']);
    expect(search.rerankComplete).toBe(false);
    f.pending[0]!.onProgress({
      id: 1,
      done: 1,
      total: 3,
      scored: [{ index: 2, score: 0.99 }],
      elapsedMs: 5,
    });
    expect(search.rows[2]!.rerankScore).toBe(0.99);
    expect(search.progress).toMatchObject({ done: 1, total: 3, etaMs: 10 });
    f.pending[0]!.done.resolve(result(1, [0.1, 0.5, 0.99]));
    await running;
    expect(search.rows.map((r) => [r.hit.docName, r.movement])).toEqual([
      ['c', 2],
      ['b', 0],
      ['a', -2],
    ]);
    expect(search.timings?.rerankMs).toBe(10);
    search.view = 'vector';
    expect(search.rows.map((r) => r.hit.docName)).toEqual(['a', 'b', 'c']);
  });

  it('drops the results of a superseded query and cancels its rerank', async () => {
    const f = fakes((q) => (q === 'old' ? [hit('old', 0.5)] : [hit('new', 0.6)]));
    const search = new SearchState(f.embedder, f.reranker, options(), () => true);
    search.query = 'old';
    const first = search.run();
    await new Promise((r) => setTimeout(r, 0));
    search.query = 'new';
    const second = search.run();
    await new Promise((r) => setTimeout(r, 0));
    expect(f.cancelled).toContain(1);
    f.pending[1]!.done.resolve(result(2, [0.7]));
    await second;
    f.pending[0]!.onProgress({
      id: 1,
      done: 1,
      total: 1,
      scored: [{ index: 0, score: 0.01 }],
      elapsedMs: 1,
    });
    f.pending[0]!.done.resolve(result(1, [0.01]));
    await first;
    expect(search.searchedFor).toBe('new');
    expect(search.rows.map((r) => [r.hit.docName, r.rerankScore])).toEqual([['new', 0.7]]);
  });

  it('keeps the vector results with a notice when reranking fails', async () => {
    const f = fakes(() => [hit('a', 0.9), hit('b', 0.8)]);
    f.reranker.client.rerank = async () => {
      throw new Error('Could not download r: HTTP 404');
    };
    const search = new SearchState(f.embedder, f.reranker, options(), () => true);
    search.query = 'q';
    await search.run();
    expect(search.notice).toMatch(/unavailable.*HTTP 404/);
    expect(search.rows.map((r) => r.hit.docName)).toEqual(['a', 'b']);
    expect(search.busy).toBe(false);
  });
});

describe('SearchState keyword preview', () => {
  const options = () =>
    Object.assign(new SearchOptions(''), { k: 2, rerank: true, candidates: null });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  const names = (search: SearchState) => search.rows.map((r) => r.hit.docName);
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once typing pauses: keywords only, k results, no rerank, shown as a preview', async () => {
    vi.useFakeTimers();
    const f = fakes((q) => [hit(`${q}-1`, 7.4), hit(`${q}-2`, 3.1), hit(`${q}-3`, 1)]);
    const search = new SearchState(f.embedder, f.reranker, options(), () => true);
    for (const query of ['p', 'pu', 'pum', 'pump']) {
      search.query = query;
      search.typed();
      await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS - 50);
    }
    expect(f.searches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(50);
    expect(f.searches).toEqual([
      expect.objectContaining({ query: 'pump', mode: 'keywords', k: 2 }),
    ]);
    expect(search.previewing).toBe(true);
    expect(search.searchedFor).toBe('pump');
    expect(names(search)).toEqual(['pump-1', 'pump-2']);
    expect(search.legs).toEqual(['keywords']);
    expect(search.busy).toBe(false);
    expect(f.pending).toHaveLength(0);
  });

  it('skips queries under two characters and takes a shown preview away', async () => {
    const f = fakes((q) => [hit(q, 1)]);
    const search = new SearchState(f.embedder, f.reranker, options(), () => true);
    search.query = ' a ';
    await search.preview();
    expect(f.searches).toHaveLength(0);
    search.query = 'ab';
    await search.preview();
    expect(names(search)).toEqual(['ab']);
    search.query = 'a';
    await search.preview();
    expect(search.previewing).toBe(false);
    expect(search.searchedFor).toBe('');
    expect(search.rows).toEqual([]);
    expect(f.searches).toHaveLength(1);
  });

  it('Enter cancels a preview still waiting for the typing pause', async () => {
    vi.useFakeTimers();
    const f = fakes((q) => [hit(q, 0.5)]);
    const search = new SearchState(f.embedder, f.reranker, options(), () => true);
    search.query = 'pump';
    search.typed();
    const running = search.run();
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS * 2);
    expect(f.searches.map((s) => s.mode)).toEqual(['hybrid']);
    f.pending[0]!.done.resolve(result(1, [0.9]));
    await running;
    expect(search.previewing).toBe(false);
  });

  it('a search started after a preview wins, whichever answers first', async () => {
    const f = fakes((q) => [hit(q, 1)]);
    f.control.holdSearches = true;
    const search = new SearchState(f.embedder, f.reranker, options(), () => true);
    search.query = 'pump';
    const preview = search.preview();
    await flush();
    search.query = 'pump seal';
    const running = search.run();
    await flush();
    expect(f.held.map((h) => h.request.mode)).toEqual(['keywords', 'hybrid']);
    // The search answers first, then the older preview: it is dropped.
    f.held[1]!.release();
    await flush();
    f.held[0]!.release();
    await preview;
    expect(search.searchedFor).toBe('pump seal');
    expect(search.previewing).toBe(false);
    f.pending[0]!.done.resolve(result(2, [0.4]));
    await running;
    expect(search.rows.map((r) => [r.hit.docName, r.rerankScore])).toEqual([['pump seal', 0.4]]);

    // The preview answers first: it shows until the search's results replace it.
    search.query = 'valve';
    const preview2 = search.preview();
    await flush();
    search.query = 'valve body';
    const running2 = search.run();
    await flush();
    f.held[2]!.release();
    await preview2;
    expect(search.searchedFor).toBe('pump seal'); // superseded before it answered
    f.held[3]!.release();
    await flush();
    expect(search.searchedFor).toBe('valve body');
    f.pending[1]!.done.resolve(result(4, [0.8]));
    await running2;
    expect(names(search)).toEqual(['valve body']);
  });

  it('is skipped while a search for the same query runs or its results are shown', async () => {
    const f = fakes((q) => [hit(q, 0.7)]);
    const search = new SearchState(f.embedder, f.reranker, options(), () => true);
    search.query = 'pump';
    const running = search.run();
    await flush();
    expect(search.busy).toBe(true); // reranking
    await search.preview();
    expect(f.searches).toHaveLength(1);
    f.pending[0]!.done.resolve(result(1, [0.9]));
    await running;
    await search.preview();
    expect(f.searches).toHaveLength(1);
    expect(search.rerankComplete).toBe(true);
  });

  it('a newer query being typed supersedes a running search and its rerank', async () => {
    const f = fakes((q) => [hit(q, 0.7)]);
    const search = new SearchState(f.embedder, f.reranker, options(), () => true);
    search.query = 'pump';
    const running = search.run();
    await flush();
    search.query = 'pump seals';
    await search.preview();
    expect(f.cancelled).toContain(1);
    expect(search.busy).toBe(false);
    expect(search.previewing).toBe(true);
    f.pending[0]!.onProgress({
      id: 1,
      done: 1,
      total: 1,
      scored: [{ index: 0, score: 0.1 }],
      elapsedMs: 1,
    });
    f.pending[0]!.done.resolve(result(1, [0.1]));
    await running;
    expect(search.searchedFor).toBe('pump seals');
    expect(search.rows.map((r) => [r.hit.docName, r.rerankScore])).toEqual([
      ['pump seals', undefined],
    ]);
    expect(search.busy).toBe(false);
  });

  it('an older preview answering after a newer one is dropped', async () => {
    const f = fakes((q) => [hit(q, 1)]);
    f.control.holdSearches = true;
    const search = new SearchState(f.embedder, f.reranker, options(), () => true);
    search.query = 'pu';
    const first = search.preview();
    search.query = 'pump';
    const second = search.preview();
    await flush();
    f.held[1]!.release();
    await second;
    f.held[0]!.release();
    await first;
    expect(search.searchedFor).toBe('pump');
  });
});
