// The keywords stage on BEIR SciFact through the evaluation runner, against Anserini's Lucene
// BM25 flat baseline (k1 0.9, b 0.4, title + text, Porter stemming): nDCG@10 0.6789, R@100
// 0.9253. The dataset is CC BY-NC test data kept outside the repository (never shipped); the
// test is skipped where it is not found.
import { describe, expect, it } from 'vitest';
import { evaluate, wholeDocuments } from '../src/core/eval/evaluate';
import { LUCENE_BM25 } from '../src/core/keyword/bm25';
import { beirPaths, findSciFact, readBeir, sciFactCandidates } from '../scripts/eval/beir-files';

const FOLDER = findSciFact();
if (!FOLDER)
  console.warn(
    `SciFact not found (looked in ${sciFactCandidates().join(', ')}; set SIEVE_SCIFACT): skipping its keyword evaluation.`,
  );

describe.skipIf(!FOLDER)('BEIR SciFact, keywords stage', () => {
  it('scores nDCG@10 within 0.007 of Anserini’s BM25 flat baseline (0.6789)', async () => {
    const data = await readBeir(beirPaths(FOLDER!));
    const report = await evaluate({
      documents: wholeDocuments(data.documents),
      queries: data.queries,
      qrels: data.qrels,
      stages: ['keywords'],
      bm25: LUCENE_BM25,
    });
    expect(data.documents).toHaveLength(5183);
    expect(report.queries).toBe(300);
    expect(report.missingQueries).toBe(0);
    const { metrics } = report.stages[0]!;
    expect(metrics.ndcgAt10).toBeGreaterThanOrEqual(0.672);
    expect(metrics.ndcgAt10).toBeLessThanOrEqual(0.686);
    expect(metrics.recallAt100).toBeGreaterThan(0.9);
  });
});
