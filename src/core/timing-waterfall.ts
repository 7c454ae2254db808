// The rows of a search's timing waterfall (pure): which stages ran, each one's offset and width on
// a shared time axis where the total is 1, and the unmeasured rest so the rows add up to it.

import type { SearchTimings } from './types/library';

export type TimingLeg = 'keywords' | 'meaning';

/** What the waterfall reads of a search's timings. */
export type WaterfallTimings = Pick<
  SearchTimings,
  | 'keywordSearchMs'
  | 'queryEmbeddingMs'
  | 'vectorSearchMs'
  | 'stage1Ms'
  | 'embedderCold'
  | 'rerankMs'
  | 'rerankLoadMs'
  | 'endToEndMs'
>;

export type WaterfallStage =
  | 'stage1-other'
  | 'keywords'
  | 'embed'
  | 'search'
  | 'rerank-load'
  | 'rerank'
  | 'stage2-other'
  | 'total';

export interface WaterfallRow {
  stage: WaterfallStage;
  label: string;
  /** The figure to print: ≥ 0, or NaN where the measurement is unknown. */
  ms: number;
  /** Offset and width as fractions of the total, both in [0, 1]. */
  start: number;
  width: number;
}

type Part = Omit<WaterfallRow, 'start' | 'width'>;

/** A measured duration: negative clock noise is 0, anything not finite is unknown (NaN). */
function measured(ms: number | undefined): number {
  if (ms === undefined || !Number.isFinite(ms)) return NaN;
  return Math.max(0, ms);
}

/** Its share of the axis: an unknown duration takes none, so no bar runs off the track. */
function span(ms: number): number {
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * The waterfall of one search. Stage 1's legs, and the reranker's load and its scoring, are only
 * timed as durations (their start offsets are not recorded), so every row is laid out one after
 * the other in the order the pipeline runs them: the embedder worker loads the model first
 * (cold), then runs the keyword leg, embeds the query and scans the vectors; the reranker then
 * loads (cold) and scores. What a stage took beyond its measured parts (the embedder load when
 * cold, the worker round trips) gets its own row, so the rows add up to the total.
 */
export function timingWaterfall(
  timings: WaterfallTimings,
  legs: readonly TimingLeg[],
): WaterfallRow[] {
  const meaning = legs.includes('meaning');
  const parts: Part[] = [];
  const stage1Parts: Part[] = [];
  if (legs.includes('keywords')) {
    stage1Parts.push({
      stage: 'keywords',
      label: 'Keyword search',
      ms: measured(timings.keywordSearchMs),
    });
  }
  if (meaning) {
    stage1Parts.push(
      { stage: 'embed', label: 'Query embedding', ms: measured(timings.queryEmbeddingMs) },
      { stage: 'search', label: 'Vector search', ms: measured(timings.vectorSearchMs) },
    );
  }
  const stage1Sum = sum(stage1Parts);
  // A stage never takes less than its parts, whatever the clocks said.
  const stage1 = Math.max(span(measured(timings.stage1Ms)), stage1Sum);
  const stage1Rest = stage1 - stage1Sum;
  if (stage1Rest > 0) {
    const cold = timings.embedderCold && meaning;
    parts.push({
      stage: 'stage1-other',
      label: cold ? 'Embedder load (cold)' : meaning ? 'Model load / other' : 'Other',
      ms: stage1Rest,
    });
  }
  parts.push(...stage1Parts);

  const stage2Parts: Part[] = [];
  const rerankLoad = span(measured(timings.rerankLoadMs));
  if (rerankLoad > 0) {
    stage2Parts.push({ stage: 'rerank-load', label: 'Reranker load (cold)', ms: rerankLoad });
  }
  if (timings.rerankMs !== undefined) {
    stage2Parts.push({ stage: 'rerank', label: 'Reranking', ms: measured(timings.rerankMs) });
  }
  parts.push(...stage2Parts);
  const measuredTotal = span(measured(timings.endToEndMs ?? timings.stage1Ms));
  const total = Math.max(measuredTotal, stage1 + sum(stage2Parts));
  // The rest after stage 1: handing the candidates to the reranker and its answer back.
  const stage2Rest = total - stage1 - sum(stage2Parts);
  if (stage2Rest > 0) parts.push({ stage: 'stage2-other', label: 'Other', ms: stage2Rest });

  const rows: WaterfallRow[] = [];
  let offset = 0;
  for (const part of parts) {
    const ms = span(part.ms);
    rows.push({ ...part, ...placed(offset, ms, total) });
    offset += ms;
  }
  const cold = (timings.embedderCold && meaning) || rerankLoad > 0;
  rows.push({
    stage: 'total',
    label: cold ? 'End to end (cold)' : 'End to end',
    ms: total,
    start: 0,
    width: total > 0 ? 1 : 0,
  });
  return rows;
}

function sum(parts: readonly Part[]): number {
  return parts.reduce((acc, part) => acc + span(part.ms), 0);
}

/** Offset and width as fractions of `total`, clamped so rounding never crosses the axis' end. */
function placed(offset: number, ms: number, total: number): { start: number; width: number } {
  if (total <= 0) return { start: 0, width: 0 };
  const start = Math.min(1, offset / total);
  return { start, width: Math.min(1 - start, ms / total) };
}
