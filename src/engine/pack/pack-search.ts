// Stage 1 over a hosted pack (embedder worker or Node): the same search as the library's, except
// that chunk texts, fetched from the pack by shard, are read only for the hits it returns.

import { planQuery, termMarks } from '../../core/keyword/search-query';
import type { SearchRequest, SearchResponse } from '../../core/types/library';
import { searchStage1, type QueryEmbedder } from '../library/hybrid-search';
import type { PackLibrary } from './pack-library';

export async function searchPack(
  library: PackLibrary,
  request: SearchRequest,
  embedder: QueryEmbedder,
  started = performance.now(),
): Promise<SearchResponse> {
  // Phrases and exclusions filter candidates by their text, and "more like this" marks its
  // passage's own terms: those read every candidate's text, as the library does.
  const plan = request.like ? undefined : planQuery(request.query);
  if (!plan || plan.filtered) return searchStage1(library, request, embedder, started);
  const response = await searchStage1(library.withoutTexts(), request, embedder, started);
  const hits = (await library.withTexts(response.hits)).map((hit) => ({
    ...hit,
    marks: termMarks(hit.text, plan.terms),
  }));
  const workerMs = performance.now() - started;
  return { ...response, hits, timings: { ...response.timings, workerMs } };
}
