// Stage 1 of a search in the embedder worker (or Node): the keyword leg (BM25) and the meaning
// leg (query embedding + vector scan) over the documents in scope, fused by reciprocal rank
// fusion, with the query's phrases and exclusions applied to both legs. Timed per step.

import { reciprocalRankFusion } from '../../core/fusion';
import { planQuery, termMarks, type PlannedQuery } from '../../core/keyword/search-query';
import type { SearchHit, SearchRequest, SearchResponse } from '../../core/types/library';
import type { Library } from './library';
import { inScope } from './scoped-search';

/** The query embedding, or why there is none (the model is not downloaded, failed…). */
export type QueryEmbedder = { embed: () => Promise<Float32Array> } | { unavailable: string };

/** Hits read past N when phrases or exclusions may drop some of them by text. */
const FILTER_DEPTH = 4;

const hitKey = (hit: SearchHit) => `${hit.chunk}:${hit.docId}`;

function filtered(hits: SearchHit[], plan: PlannedQuery, depth: number): SearchHit[] {
  return (plan.filtered ? hits.filter((hit) => plan.passes(hit.text)) : hits).slice(0, depth);
}

export async function searchStage1(
  library: Library,
  request: SearchRequest,
  embedder: QueryEmbedder,
  started = performance.now(),
): Promise<SearchResponse> {
  const plan = planQuery(request.query);
  const allow = inScope(request.scope);
  const wantsMeaning = request.mode !== 'keywords';
  const meaning = wantsMeaning && 'embed' in embedder && library.canSearchVectors;
  const wantsKeywords = request.mode !== 'meaning' || !meaning;
  let notice: string | undefined;
  if (wantsMeaning && !meaning) {
    const why = 'unavailable' in embedder ? embedder.unavailable : 'its vectors are still loading';
    notice = `Keyword results only: meaning search needs the embedding model (${why}).`;
  }
  const depth = request.mode === 'hybrid' ? Math.max(request.perLeg, request.k) : request.k;
  const readDepth = plan.filtered ? depth * FILTER_DEPTH : depth;

  const keywordStart = performance.now();
  const keywordHits = wantsKeywords
    ? filtered(await library.searchKeywords(plan.keywords, readDepth, allow), plan, depth)
    : [];
  const embedStart = performance.now();
  let vectorHits: SearchHit[] = [];
  let searchStart = embedStart;
  if (meaning) {
    const vector = await embedder.embed();
    searchStart = performance.now();
    const keep = (await library.keywordIndex()).chunkFilter(plan.keywords);
    vectorHits = filtered(await library.search(vector, readDepth, allow, keep), plan, depth);
  }
  const end = performance.now();

  const legs = [
    ...(wantsKeywords ? [{ name: 'keywords' as const, items: keywordHits }] : []),
    ...(meaning ? [{ name: 'meaning' as const, items: vectorHits }] : []),
  ];
  const fused = reciprocalRankFusion(legs, hitKey, request.rrfK).slice(0, request.k);
  const hits = fused.map(({ item, score, ranks }): SearchHit => ({
    ...item,
    // One leg keeps its own score (cosine or BM25); two are ranked by their fused score.
    score: legs.length > 1 ? score : item.score,
    legs: ranks,
    marks: termMarks(item.text, plan.terms),
  }));
  return {
    hits,
    searched: meaning ? library.searchedRows(allow) : 0,
    legs: legs.map((leg) => leg.name),
    notice,
    timings: {
      keywordSearchMs: embedStart - keywordStart,
      queryEmbeddingMs: searchStart - embedStart,
      vectorSearchMs: meaning ? end - searchStart : 0,
      workerMs: end - started,
    },
  };
}
