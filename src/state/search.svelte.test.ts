// SearchState's two-stage flow with fake stage clients: progressive scores, supersede, fallback.
import { describe, expect, it } from 'vitest';
import type { EmbedderClient } from '../clients/embedder-client';
import { SearchOptions } from './search-options.svelte';
import { SearchState, type RerankStage } from './search.svelte';
import type { SearchHit, SearchRequest, SearchResponse } from '../core/types/library';
import type { RerankProgress, RerankRequest, RerankResult } from '../core/types/rerank';

const hit = (docName: string, score: number): SearchHit => ({
  docId: docName,
  docName,
  docPath: docName,
  chunk: 0,
  text: docName,
  start: 0,
  end: docName.length,
  score,
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function fakes(hitsFor: (query: string) => SearchHit[]) {
  const pending: Array<{
    request: RerankRequest;
    onProgress: (p: RerankProgress) => void;
    done: ReturnType<typeof deferred<RerankResult>>;
  }> = [];
  const cancelled: number[] = [];
  const embedder: Pick<EmbedderClient, 'search'> = {
    search: async ({ query }: SearchRequest): Promise<SearchResponse> => ({
      hits: hitsFor(query),
      searched: 3,
      legs: ['keywords', 'meaning'],
      timings: { keywordSearchMs: 1, queryEmbeddingMs: 1, vectorSearchMs: 1, workerMs: 2 },
    }),
  };
  const reranker: RerankStage = {
    status: { phase: 'ready', modelId: 'r', backend: 'wasm', reasons: [], files: {} },
    client: {
      cancel: (id: number) => void cancelled.push(id),
      rerank: (request: RerankRequest, onProgress: (p: RerankProgress) => void) => {
        const done = deferred<RerankResult>();
        pending.push({ request, onProgress, done });
        return done.promise;
      },
    },
  };
  return { embedder, reranker, pending, cancelled };
}

const result = (id: number, scores: number[]): RerankResult => ({
  id,
  scores,
  superseded: false,
  totalMs: 10,
  perCandidateMs: 10 / scores.length,
  loadMs: 0,
});

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
