// The search in the address: read back what was written, other parameters untouched.
import { describe, expect, it } from 'vitest';
import { searchInUrl, withSearch } from './search-url';

const BASE = 'https://host.test/tools/sieve/?models=fixtures&backend=wasm';

describe('search in the URL', () => {
  it('writes the query and a non-default collection, keeping other parameters', () => {
    const href = withSearch(
      BASE,
      { query: ' pump seals & "valves" ', collection: 'c7' },
      'default',
    );
    const url = new URL(href);
    expect(url.pathname).toBe('/tools/sieve/');
    expect(url.searchParams.get('models')).toBe('fixtures');
    expect(url.searchParams.get('backend')).toBe('wasm');
    expect(searchInUrl(url.search)).toEqual({ query: 'pump seals & "valves"', collection: 'c7' });
  });

  it('leaves out the default collection and an empty query', () => {
    const href = withSearch(
      `${BASE}&q=old&collection=c7`,
      { query: '', collection: 'default' },
      'default',
    );
    expect(href).toBe(BASE);
    expect(searchInUrl(new URL(href).search)).toEqual({ query: '' });
  });
});
