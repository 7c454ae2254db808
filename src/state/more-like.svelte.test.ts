// SearchState's "More like this": the request it sends (the passage, no query text), no rerank,
// what the list says it shows, and a typed search taking over again.
import { describe, expect, it } from 'vitest';
import { fakes, hit, result } from '../../test/search-fakes';
import { SearchOptions } from './search-options.svelte';
import { SearchState } from './search.svelte';

describe('SearchState.moreLike', () => {
  const options = () =>
    Object.assign(new SearchOptions(''), { k: 3, rerank: true, candidates: null });

  it('searches by the passage in the chosen mode and scope, without reranking', async () => {
    const f = fakes((q) => (q === '' ? [hit('near', 0.4)] : [hit('typed', 0.9)]));
    const scope = { collection: 'papers' };
    const search = new SearchState(
      f.embedder,
      f.reranker,
      options(),
      () => true,
      () => scope,
    );
    const source = { ...hit('source.md', 0.9), chunk: 4, location: '§ Methods' };
    await search.moreLike(source);

    expect(f.searches).toEqual([
      expect.objectContaining({
        query: '',
        k: 3,
        mode: 'hybrid',
        scope,
        like: { docId: 'source.md', chunk: 4 },
      }),
    ]);
    expect(f.pending).toHaveLength(0);
    expect(search.like).toBe(source);
    expect(search.searchedFor).toBe('source.md · § Methods');
    expect(search.rows.map((r) => r.hit.docName)).toEqual(['near']);
    expect(search.busy).toBe(false);

    search.query = 'typed';
    const running = search.run();
    await new Promise((r) => setTimeout(r, 0));
    expect(search.like).toBeNull();
    expect(search.rows.map((r) => r.hit.docName)).toEqual(['typed']);
    f.pending[0]!.done.resolve(result(2, [0.5]));
    await running;
  });

  it('reports a passage that is gone as an error and keeps nothing stale', async () => {
    const f = fakes(() => []);
    f.embedder.search = async () => {
      throw new Error('That passage is no longer in the library.');
    };
    const search = new SearchState(f.embedder, f.reranker, options(), () => true);
    await search.moreLike(hit('gone', 0.1));
    expect(search.error).toBe('That passage is no longer in the library.');
    expect(search.like).toBeNull();
    expect(search.busy).toBe(false);
  });
});
