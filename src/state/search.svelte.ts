// Search state: query, results and timings. A newer query supersedes an older one: results
// of a stale query are dropped, never shown.

import type { Remote } from 'comlink';
import type { EmbedderApi, SearchHit } from '../../workers/embedder/api';

export interface SearchTimings {
  queryEmbeddingMs: number;
  vectorSearchMs: number;
  /** From the click to results on screen, as the user waits for it. */
  totalMs: number;
  /** The model was not ready when the search started: the total includes loading it. */
  cold: boolean;
  searched: number;
}

export const DEFAULT_TOP_K = 10;

export class SearchState {
  query = $state('');
  hits = $state.raw<SearchHit[]>([]);
  timings = $state.raw<SearchTimings | null>(null);
  searchedFor = $state('');
  busy = $state(false);
  error = $state<string | null>(null);
  #generation = 0;

  constructor(
    private readonly api: () => Remote<EmbedderApi>,
    private readonly modelReady: () => boolean,
  ) {}

  async run(k = DEFAULT_TOP_K): Promise<void> {
    const query = this.query.trim();
    if (!query) return;
    const generation = ++this.#generation;
    const cold = !this.modelReady();
    const started = performance.now();
    this.busy = true;
    this.error = null;
    try {
      const response = await this.api().search(query, k);
      if (generation !== this.#generation) return;
      this.hits = response.hits;
      this.searchedFor = query;
      this.timings = {
        queryEmbeddingMs: response.timings.queryEmbeddingMs,
        vectorSearchMs: response.timings.vectorSearchMs,
        totalMs: performance.now() - started,
        cold,
        searched: response.searched,
      };
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      if (generation === this.#generation) this.busy = false;
    }
  }
}
