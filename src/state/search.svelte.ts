// Two-stage search state: stage 1 (keywords and/or meaning) shows its candidates at once; stage 2
// (cross-encoder rerank) fills in scores as they arrive and then reorders. While the user types, a
// debounced keywords-only preview shows; a newer search or preview supersedes an older one.
import { etaMs } from '../core/two-stage';
import { resultRows, type ResultRow, type ResultView } from './search-results';
import type { EmbedderClient } from '../clients/embedder-client';
import type { RerankerClient } from '../clients/reranker-client';
import { errorMessage } from '../core/errors';
import type { Backend, ModelStatus } from '../core/types/models';
import type { SearchOptions } from './search-options.svelte';
import type { SearchHit, SearchResponse, SearchScope, SearchTimings } from '../core/types/library';

/** How long typing must pause before the keyword preview runs. */
export const PREVIEW_DELAY_MS = 150;
/** The shortest query (trimmed) that gets a preview. */
export const PREVIEW_MIN_CHARS = 2;

/** Stage 2: the reranker's client and its model's status (the backend sets the candidate count). */
export interface RerankStage {
  status: ModelStatus;
  client: Pick<RerankerClient, 'rerank' | 'cancel'>;
}

export class SearchState {
  query = $state('');
  searchedFor = $state('');
  /** Stage-1 candidates in stage-1 order. */
  candidates = $state.raw<SearchHit[]>([]);
  /** Rerank P(yes) per candidate, NaN until scored; null when not reranking. */
  rerankScores = $state.raw<number[] | null>(null);
  rerankComplete = $state(false);
  progress = $state.raw<{ done: number; total: number; etaMs?: number } | null>(null);
  view = $state<ResultView>('reranked');
  timings = $state.raw<SearchTimings | null>(null);
  /** The stage-1 legs that ran for the results shown. */
  legs = $state.raw<Array<'keywords' | 'meaning'>>([]);
  notice = $state<string | null>(null);
  /** The passage whose neighbours are shown ("more like this"), or null for a typed query. */
  like = $state.raw<SearchHit | null>(null);
  /** Whether the results shown are the keyword preview of a query being typed. */
  previewing = $state(false);
  busy = $state(false);
  error = $state<string | null>(null);
  /** Counts searches and previews: only the latest may change what is shown. */
  #generation = 0;
  /** The query of the run() in progress (stage 1 or reranking), if any. */
  #running: string | null = null;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly embedder: Pick<EmbedderClient, 'search'>,
    private readonly reranker: RerankStage,
    private readonly options: SearchOptions,
    private readonly embedderReady: () => boolean,
    /** Where searches look (the active collection, maybe only chosen files). */
    private readonly scope: () => SearchScope | undefined = () => undefined,
  ) {}

  /** What the list shows: the reranked top-k once complete, else the stage-1 top-k. */
  get rows(): ResultRow[] {
    const complete = this.view === 'reranked' && this.rerankComplete;
    return resultRows(this.candidates, this.rerankScores, complete, this.options);
  }

  /** A message about the reranker's worker (e.g. that it was restarted). */
  notify(message: string): void {
    this.notice = message;
  }

  /** The box's text as another source gives it (an address's search), not the user typing. */
  setQuery(query: string): void {
    this.query = query;
  }

  /** Called on every edit of the query: the keyword preview runs once typing pauses. */
  typed(): void {
    clearTimeout(this.#typingTimer);
    this.#typingTimer = setTimeout(() => void this.preview(), PREVIEW_DELAY_MS);
  }

  /**
   * Keyword results for the query as typed (no embedding, no rerank). Skipped for a query under
   * two characters (a shown preview is cleared), while run() searches the same query, and when
   * that query's results are already shown. It supersedes older searches and previews; any
   * search or preview started after it supersedes it.
   */
  async preview(): Promise<void> {
    const query = this.query.trim();
    if (query.length < PREVIEW_MIN_CHARS) {
      if (!this.busy) this.#clearPreview();
      return;
    }
    if (this.busy ? this.#running === query : this.searchedFor === query) return;
    const generation = ++this.#generation;
    const current = () => generation === this.#generation;
    if (this.busy) {
      // A search for an older query gives way to what is being typed.
      this.reranker.client.cancel(generation - 1);
      this.#running = null;
      this.busy = false;
      this.progress = null;
    }
    const started = performance.now();
    try {
      const response = await this.embedder.search({
        query,
        k: this.options.resultCount(),
        mode: 'keywords',
        ...this.options.fusion(),
        scope: this.scope(),
      });
      if (!current()) return;
      this.#show(query, response, started, false);
      this.previewing = true;
      this.error = null;
    } catch {
      // A failed preview changes nothing: Enter runs the whole search and reports what failed.
    }
  }

  /** No query: results, notices and any search or rerank on its way are dropped. */
  clear(): void {
    clearTimeout(this.#typingTimer);
    const generation = ++this.#generation;
    this.reranker.client.cancel(generation - 1);
    this.query = '';
    this.searchedFor = '';
    this.like = null;
    this.previewing = false;
    this.candidates = [];
    this.rerankScores = null;
    this.legs = [];
    this.notice = null;
    this.timings = null;
    this.error = null;
    this.busy = false;
    this.progress = null;
    this.#running = null;
  }

  /** Takes a shown preview away (and any preview still on its way). */
  #clearPreview(): void {
    ++this.#generation;
    if (!this.previewing) return;
    this.previewing = false;
    this.searchedFor = '';
    this.like = null;
    this.candidates = [];
    this.legs = [];
    this.notice = null;
    this.timings = null;
  }

  /**
   * "More like this": passages near `hit` by its stored vector and its salient words, in the
   * chosen retrieval mode and scope. No model runs (no query to embed, nothing to rerank).
   */
  async moreLike(hit: SearchHit): Promise<void> {
    clearTimeout(this.#typingTimer);
    const generation = ++this.#generation;
    this.reranker.client.cancel(generation - 1);
    const current = () => generation === this.#generation;
    const started = performance.now();
    this.busy = true;
    this.#running = null;
    this.error = null;
    this.notice = null;
    try {
      const response = await this.embedder.search({
        query: '',
        k: this.options.resultCount(),
        mode: this.options.retrieval,
        ...this.options.fusion(),
        scope: this.scope(),
        like: { docId: hit.docId, chunk: hit.chunk },
      });
      if (!current()) return;
      this.#show(
        `${hit.docName} · ${hit.location ?? `chunk ${hit.chunk + 1}`}`,
        response,
        started,
        false,
      );
      this.like = hit;
      this.previewing = false;
    } catch (error) {
      if (current()) this.error = errorMessage(error);
    } finally {
      if (current()) {
        this.busy = false;
        this.progress = null;
      }
    }
  }

  /** Stage 1's answer for `query` on screen, without rerank scores yet. */
  #show(query: string, stage1: SearchResponse, started: number, embedderCold: boolean): void {
    this.searchedFor = query;
    this.like = null;
    this.candidates = stage1.hits;
    this.legs = stage1.legs;
    this.notice = stage1.notice ?? null;
    this.rerankScores = null;
    this.rerankComplete = false;
    this.progress = null;
    this.timings = {
      keywordSearchMs: stage1.timings.keywordSearchMs,
      queryEmbeddingMs: stage1.timings.queryEmbeddingMs,
      vectorSearchMs: stage1.timings.vectorSearchMs,
      stage1Ms: performance.now() - started,
      embedderCold: embedderCold && stage1.legs.includes('meaning'),
      searched: stage1.searched,
    };
  }

  async run(): Promise<void> {
    clearTimeout(this.#typingTimer);
    const query = this.query.trim();
    if (!query) return;
    const generation = ++this.#generation;
    // Stops any older rerank (the worker stops every id up to this one).
    this.reranker.client.cancel(generation - 1);
    const current = () => generation === this.#generation;
    const instruction = this.options.instruction();
    const backend = this.reranker.status.backend ?? 'wasm';
    const embedderCold = !this.embedderReady();
    const started = performance.now();
    this.busy = true;
    this.#running = query;
    this.error = null;
    this.notice = null;
    try {
      const n = this.options.rerank
        ? this.options.candidateCount(backend)
        : this.options.resultCount();
      const scope = this.scope();
      const stage1 = await this.embedder.search({
        query,
        k: n,
        mode: this.options.retrieval,
        ...this.options.fusion(),
        instruction,
        scope,
      });
      if (!current()) return;
      this.#show(query, stage1, started, embedderCold);
      this.previewing = false;
      if (this.options.rerank && stage1.hits.length > 0) {
        await this.#rerank(generation, query, instruction, backend, started);
      }
    } catch (error) {
      if (current()) this.error = errorMessage(error);
    } finally {
      if (current()) {
        this.busy = false;
        this.#running = null;
        this.progress = null;
      }
    }
  }

  async #rerank(
    generation: number,
    query: string,
    instruction: string,
    backend: Backend,
    started: number,
  ): Promise<void> {
    const current = () => generation === this.#generation;
    const total = this.candidates.length;
    this.rerankScores = new Array<number>(total).fill(NaN);
    this.progress = { done: 0, total };
    try {
      const result = await this.reranker.client.rerank(
        {
          id: generation,
          query,
          instruction,
          documents: this.candidates.map((c) => c.text),
          maxTokens: this.options.tokenBudget(backend),
        },
        (p) => {
          if (!current() || !this.rerankScores) return;
          const scores = [...this.rerankScores];
          for (const { index, score } of p.scored) scores[index] = score;
          this.rerankScores = scores;
          this.progress = {
            done: p.done,
            total: p.total,
            etaMs: etaMs(p.done, p.total, p.elapsedMs),
          };
        },
      );
      if (!current() || result.superseded) return;
      this.rerankScores = result.scores;
      this.rerankComplete = true;
      this.timings = {
        ...this.timings!,
        rerankMs: result.totalMs,
        perCandidateMs: result.perCandidateMs,
        rerankLoadMs: result.loadMs,
        endToEndMs: performance.now() - started,
      };
    } catch (error) {
      if (!current()) return;
      this.rerankScores = null;
      const unavailable = `Reranking is unavailable (${errorMessage(error)}). Showing the first-stage results.`;
      this.notice = this.notice ? `${this.notice} ${unavailable}` : unavailable;
    }
  }
}
