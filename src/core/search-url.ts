// The search in the page's address (pure): the query and the collection it ran in, read from and
// written into a URL so that a search can be bookmarked or shared and Back/Forward replay it.
// Other parameters (model source, backend, options) are left as they are.

export interface UrlSearch {
  query: string;
  /** The collection searched; absent means the default one. */
  collection?: string;
}

const QUERY = 'q';
const COLLECTION = 'collection';

export function searchInUrl(search: string): UrlSearch {
  const params = new URLSearchParams(search);
  const collection = params.get(COLLECTION) ?? undefined;
  return { query: (params.get(QUERY) ?? '').trim(), ...(collection ? { collection } : {}) };
}

/** `href` carrying `search` (the default collection and an empty query are left out). */
export function withSearch(href: string, search: UrlSearch, defaultCollection: string): string {
  const url = new URL(href);
  const query = search.query.trim();
  if (query) url.searchParams.set(QUERY, query);
  else url.searchParams.delete(QUERY);
  if (search.collection && search.collection !== defaultCollection) {
    url.searchParams.set(COLLECTION, search.collection);
  } else {
    url.searchParams.delete(COLLECTION);
  }
  return url.href;
}
