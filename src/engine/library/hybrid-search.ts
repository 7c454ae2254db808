// Stage 1 of a search in the embedder worker (or Node), over the library or a pack: the keyword leg (BM25) and the meaning
// leg (query embedding + vector scan) over the documents in scope, fused by reciprocal rank
// fusion, with the query's phrases and exclusions applied to both legs. Timed per step.

import { reciprocalRankFusion } from '../../core/fusion';
import {
  passagePlan,
  planQuery,
  termMarks,
  type PlannedQuery,
} from '../../core/keyword/search-query';
import type { SearchHit, SearchRequest, SearchResponse } from '../../core/types/library';
import type { Library } from './library';
import { inScope } from './scoped-search';

/** What stage 1 searches: the library, or an opened pack (PackLibrary). */
export type Stage1Source = Pick<
  Library,
  | 'chunkInput'
  | 'keywordIndex'
  | 'chunkVector'
  | 'canSearchVectors'
  | 'searchKeywords'
  | 'search'
  | 'searchedRows'
>;

/** The query embedding, or why there is none (the model is not downloaded, failed…). */
export type QueryEmbedder = { embed: () => Promise<Float32Array> } | { unavailable: string };

/** Hits read past N when phrases or exclusions may drop some of them by text. */
const FILTER_DEPTH = 4;

const hitKey = (hit: SearchHit) => `${hit.chunk}:${hit.docId}`;

function filtered(
  hits: SearchHit[],
  plan: PlannedQuery,
  depth: number,
  drop: (hit: SearchHit) => boolean,
): SearchHit[] {
  return hits
    .filter((hit) => !drop(hit) && (!plan.filtered || plan.passes(hit.text)))
    .slice(0, depth);
}

/**
 * What `request` searches with: its typed query, or for "more like this" the stored chunk's
 * salient terms and vector (no model call).
 */
async function queryOf(
  library: Stage1Source,
  request: SearchRequest,
  embedder: QueryEmbedder,
): Promise<{ plan: PlannedQuery; embedder: QueryEmbedder }> {
  if (!request.like) return { plan: planQuery(request.query), embedder };
  const { docId, chunk } = request.like;
  const input = await library.chunkInput(docId, chunk);
  if (input === undefined) throw new Error('That passage is no longer in the library.');
  const index = await library.keywordIndex();
  const vector = await library.chunkVector(docId, chunk);
  return {
    plan: passagePlan(input, (term) => index.idf(term)),
    embedder: vector
      ? { embed: async () => vector }
      : { unavailable: 'this passage has no vector yet' },
  };
}

export async function searchStage1(
  library: Stage1Source,
  request: SearchRequest,
  queryEmbedder: QueryEmbedder,
  started = performance.now(),
): Promise<SearchResponse> {
  const { plan, embedder } = await queryOf(library, request, queryEmbedder);
  const like = request.like;
  const isSource = (hit: SearchHit) => hit.docId === like?.docId && hit.chunk === like.chunk;
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
  const readDepth = plan.filtered ? depth * FILTER_DEPTH : depth + (like ? 1 : 0);

  const keywordStart = performance.now();
  const keywordHits = wantsKeywords
    ? filtered(await library.searchKeywords(plan.keywords, readDepth, allow), plan, depth, isSource)
    : [];
  const embedStart = performance.now();
  let vectorHits: SearchHit[] = [];
  let searchStart = embedStart;
  if (meaning) {
    const vector = await embedder.embed();
    searchStart = performance.now();
    const keep = (await library.keywordIndex()).chunkFilter(plan.keywords);
    vectorHits = filtered(
      await library.search(vector, readDepth, allow, keep),
      plan,
      depth,
      isSource,
    );
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
