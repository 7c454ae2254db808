// Timing waterfall: rows per stage that ran, offsets and widths on one axis, the remainder rows.
import { describe, expect, it } from 'vitest';
import { timingWaterfall, type WaterfallRow, type WaterfallTimings } from './timing-waterfall';

const warm: WaterfallTimings = {
  keywordSearchMs: 2,
  queryEmbeddingMs: 8,
  vectorSearchMs: 20,
  stage1Ms: 40,
  embedderCold: false,
};

const stages = (rows: WaterfallRow[]) => rows.map((row) => row.stage);
const row = (rows: WaterfallRow[], stage: WaterfallRow['stage']) => {
  const found = rows.find((r) => r.stage === stage);
  if (!found) throw new Error(`no ${stage} row`);
  return found;
};

/** Every bar but the total's starts where the one before it ended, and they fill the axis. */
function expectContiguous(rows: WaterfallRow[]): void {
  const parts = rows.filter((r) => r.stage !== 'total');
  let end = 0;
  for (const part of parts) {
    expect(part.start).toBeCloseTo(end, 9);
    expect(part.width).toBeGreaterThanOrEqual(0);
    end = part.start + part.width;
  }
  expect(end).toBeCloseTo(1, 9);
  const total = row(rows, 'total');
  expect(parts.reduce((acc, r) => acc + r.ms, 0)).toBeCloseTo(total.ms, 9);
  expect(total).toMatchObject({ start: 0, width: 1 });
}

describe('timing waterfall', () => {
  it('lays a warm hybrid search with rerank out in pipeline order', () => {
    const rows = timingWaterfall({ ...warm, rerankMs: 50, rerankLoadMs: 0, endToEndMs: 100 }, [
      'keywords',
      'meaning',
    ]);
    expect(stages(rows)).toEqual([
      'stage1-other',
      'keywords',
      'embed',
      'search',
      'rerank',
      'stage2-other',
      'total',
    ]);
    expect(row(rows, 'stage1-other')).toMatchObject({ label: 'Model load / other', ms: 10 });
    expect(row(rows, 'keywords')).toMatchObject({ ms: 2, start: 0.1, width: 0.02 });
    expect(row(rows, 'embed').start).toBeCloseTo(0.12, 9);
    expect(row(rows, 'search').width).toBeCloseTo(0.2, 9);
    expect(row(rows, 'rerank')).toMatchObject({ label: 'Reranking', ms: 50 });
    expect(row(rows, 'rerank').start).toBeCloseTo(0.4, 9);
    expect(row(rows, 'stage2-other').ms).toBeCloseTo(10, 9);
    expect(row(rows, 'total')).toMatchObject({ label: 'End to end', ms: 100 });
    expectContiguous(rows);
  });

  it('itemises a cold embedder load as the rest of stage 1', () => {
    const rows = timingWaterfall(
      { ...warm, queryEmbeddingMs: 3.6, vectorSearchMs: 35, stage1Ms: 1910, embedderCold: true },
      ['keywords', 'meaning'],
    );
    const load = row(rows, 'stage1-other');
    expect(load.label).toBe('Embedder load (cold)');
    expect(load.ms).toBeCloseTo(1910 - 2 - 3.6 - 35, 9);
    expect(load.start).toBe(0);
    expect(row(rows, 'total')).toMatchObject({ label: 'End to end (cold)', ms: 1910 });
    expect(stages(rows)).not.toContain('rerank');
    expectContiguous(rows);
  });

  it('shows no meaning rows for a keywords-only search', () => {
    const rows = timingWaterfall(
      { ...warm, queryEmbeddingMs: 0, vectorSearchMs: 0, stage1Ms: 5, embedderCold: true },
      ['keywords'],
    );
    expect(stages(rows)).toEqual(['stage1-other', 'keywords', 'total']);
    expect(row(rows, 'stage1-other')).toMatchObject({ label: 'Other', ms: 3 });
    expect(row(rows, 'total').label).toBe('End to end');
    expectContiguous(rows);
  });

  it('gives a cold reranker load its own row before the scoring', () => {
    const rows = timingWaterfall({ ...warm, rerankMs: 300, rerankLoadMs: 600, endToEndMs: 950 }, [
      'keywords',
      'meaning',
    ]);
    expect(stages(rows).slice(-4)).toEqual(['rerank-load', 'rerank', 'stage2-other', 'total']);
    expect(row(rows, 'rerank-load')).toMatchObject({ label: 'Reranker load (cold)', ms: 600 });
    expect(row(rows, 'rerank-load').start).toBeCloseTo(40 / 950, 9);
    expect(row(rows, 'rerank').start).toBeCloseTo(640 / 950, 9);
    expect(row(rows, 'stage2-other').ms).toBeCloseTo(10, 9);
    expect(row(rows, 'total').label).toBe('End to end (cold)');
    expectContiguous(rows);
  });

  it('leaves out a remainder row when the parts fill the stage', () => {
    const rows = timingWaterfall({ ...warm, stage1Ms: 30, rerankMs: 70, endToEndMs: 100 }, [
      'keywords',
      'meaning',
    ]);
    expect(stages(rows)).toEqual(['keywords', 'embed', 'search', 'rerank', 'total']);
    expectContiguous(rows);
  });

  it('never goes negative when the clocks disagree: the total grows to its parts', () => {
    const rows = timingWaterfall(
      { ...warm, stage1Ms: 10, rerankMs: 50, rerankLoadMs: -3, endToEndMs: 20 },
      ['keywords', 'meaning'],
    );
    expect(stages(rows)).toEqual(['keywords', 'embed', 'search', 'rerank', 'total']);
    expect(row(rows, 'total').ms).toBe(80);
    for (const r of rows) expect(r.ms).toBeGreaterThanOrEqual(0);
    expectContiguous(rows);
  });

  it('stays finite with zero or unknown inputs', () => {
    const zero = timingWaterfall(
      {
        keywordSearchMs: 0,
        queryEmbeddingMs: 0,
        vectorSearchMs: 0,
        stage1Ms: 0,
        embedderCold: false,
      },
      ['keywords', 'meaning'],
    );
    expect(stages(zero)).toEqual(['keywords', 'embed', 'search', 'total']);
    for (const r of zero) expect(r).toMatchObject({ ms: 0, start: 0, width: 0 });

    const unknown = timingWaterfall(
      {
        keywordSearchMs: NaN,
        queryEmbeddingMs: 5,
        vectorSearchMs: Infinity,
        stage1Ms: NaN,
        embedderCold: true,
        rerankMs: NaN,
        rerankLoadMs: NaN,
        endToEndMs: NaN,
      },
      ['keywords', 'meaning'],
    );
    // Unknown figures print as unknown but take no room; the known ones fill the axis.
    expect(stages(unknown)).toEqual(['keywords', 'embed', 'search', 'rerank', 'total']);
    expect(row(unknown, 'keywords').ms).toBeNaN();
    expect(row(unknown, 'search').ms).toBeNaN();
    expect(row(unknown, 'rerank').ms).toBeNaN();
    expect(row(unknown, 'embed')).toMatchObject({ start: 0, width: 1 });
    expect(row(unknown, 'total')).toMatchObject({ ms: 5, width: 1 });
    for (const r of unknown) {
      expect(Number.isFinite(r.start) && Number.isFinite(r.width)).toBe(true);
      expect(r.start + r.width).toBeLessThanOrEqual(1);
    }
  });
});
