import { describe, expect, it } from 'vitest';
import type { BeirQuery, Qrels } from './beir';
import { chunkTexts, evaluate, judgedQueries, wholeDocuments, type VectorLeg } from './evaluate';
import {
  buildKeywordIndex,
  hybridRanking,
  keywordQuery,
  keywordRanking,
  rerankedRanking,
  VectorRanker,
  type EvalDocument,
  type RankedDocument,
} from './stage-rankings';

// Five documents about distinct topics. Each word below occurs in exactly one document, so BM25
// ranks by which query words a document holds; 2-d vectors give the meaning leg its own order.
const DOCS: EvalDocument[] = [
  { id: 'd1', chunks: ['volcano magma eruption'] },
  { id: 'd2', chunks: ['bread yeast dough', 'sourdough starter flour'] },
  { id: 'd3', chunks: ['rocket satellite orbit'] },
  { id: 'd4', chunks: ['river delta sediment'] },
  { id: 'q1', chunks: ['volcano lava'] },
];

/** Unit 2-d vectors at an angle (degrees), one per chunk in corpus order. */
const angle = (deg: number) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];
const CHUNK_ANGLES = [80, 0, 30, 60, 10, 5]; // d1, d2#0, d2#1, d3, d4, q1
const VECTORS = Float32Array.from(CHUNK_ANGLES.flatMap(angle));
/** Each query embeds at angle 0: by chunk, d2#0, q1, d4, d2#1, d3, d1. */
const fakeVectors = (calls: string[] = []): VectorLeg => ({
  chunkVectors: VECTORS,
  embedQuery: (text) => {
    calls.push(text);
    return Promise.resolve(Float32Array.from(angle(0)));
  },
});

const qrels = (entries: Record<string, Record<string, number>>): Qrels =>
  new Map(Object.entries(entries).map(([q, docs]) => [q, new Map(Object.entries(docs))] as const));

const QUERIES: BeirQuery[] = [
  { id: 'q1', text: 'volcano eruption' },
  { id: 'q2', text: 'satellite' },
  { id: 'q3', text: 'unjudged query' },
];

describe('keyword stage', () => {
  it('ranks documents by BM25 and removes the document that has the query id', async () => {
    const report = await evaluate({
      documents: DOCS,
      queries: QUERIES,
      qrels: qrels({ q1: { d1: 1 }, q2: { d3: 1, d4: 1 } }),
      stages: ['keywords'],
    });
    const [keywords] = report.stages;
    // q1: d1 has both words, q1 (the query's own id) has "volcano" but is removed.
    expect(keywords!.rankings.get('q1')).toEqual(['d1']);
    expect(keywords!.rankings.get('q2')).toEqual(['d3']);
    // q1: nDCG 1, MRR 1, recall 1, P@5 1/5. q2: d3 first of two relevant (d4 never found):
    // DCG 1, ideal DCG 1 + 1/log2(3); MRR 1; recall 1/2; P@5 1/5.
    const ndcgQ2 = 1 / (1 + 1 / Math.log2(3));
    expect(keywords!.queries).toBe(2);
    expect(keywords!.metrics.ndcgAt10).toBeCloseTo((1 + ndcgQ2) / 2, 12);
    expect(keywords!.metrics.mrrAt10).toBe(1);
    expect(keywords!.metrics.recallAt100).toBeCloseTo(0.75, 12);
    expect(keywords!.metrics.pAt5).toBeCloseTo(0.2, 12);
    expect(report.queries).toBe(2);
    expect(report.missingQueries).toBe(0);
  });

  it('fetches chunk hits until it has enough distinct documents', () => {
    // One document with many matching chunks would fill a chunk top-k on its own.
    const docs: EvalDocument[] = [
      { id: 'many', chunks: Array.from({ length: 12 }, () => 'comet comet comet') },
      { id: 'one', chunks: ['comet tail'] },
      { id: 'two', chunks: ['comet ice dust'] },
    ];
    const index = buildKeywordIndex(docs);
    const ranked = keywordRanking(index, keywordQuery('comet'), 3);
    expect(ranked.map((d) => d.docId)).toEqual(['many', 'one', 'two']);
    expect(keywordRanking(index, keywordQuery('comet'), 2).map((d) => d.docId)).toEqual([
      'many',
      'one',
    ]);
    expect(keywordRanking(index, keywordQuery('comet'), 5, 'one').map((d) => d.docId)).toEqual([
      'many',
      'two',
    ]);
  });

  it('keeps the listSize best documents', async () => {
    const docs = Array.from({ length: 8 }, (_, i) => ({
      id: `d${i}`,
      chunks: [`shared ${'filler '.repeat(i)}`],
    }));
    const report = await evaluate({
      documents: docs,
      queries: [{ id: 'q', text: 'shared' }],
      qrels: qrels({ q: { d7: 1 } }),
      stages: ['keywords'],
      listSize: 3,
    });
    // Shorter documents score higher (b > 0): d0, d1, d2; d7 is not in the list.
    expect(report.stages[0]!.rankings.get('q')).toEqual(['d0', 'd1', 'd2']);
    expect(report.stages[0]!.metrics.recallAt100).toBe(0);
  });

  it('passes the BM25 parameters to the index', async () => {
    const docs = [
      { id: 'short', chunks: ['term'] },
      { id: 'long', chunks: ['term term other words here and more'] },
    ];
    const run = (b: number) =>
      evaluate({
        documents: docs,
        queries: [{ id: 'q', text: 'term' }],
        qrels: qrels({ q: { long: 1 } }),
        stages: ['keywords'],
        bm25: { k1: 1.2, b },
      });
    // Without length normalisation the document with more occurrences wins.
    expect((await run(0)).stages[0]!.rankings.get('q')).toEqual(['long', 'short']);
    expect((await run(1)).stages[0]!.rankings.get('q')).toEqual(['short', 'long']);
  });
});

describe('judged queries', () => {
  it('are the qrels ids that have a query, in qrels order; the others are counted', () => {
    const { queries, missing } = judgedQueries(
      QUERIES,
      qrels({ q2: { d3: 1 }, gone: { d1: 1 }, q1: { d1: 1 } }),
    );
    expect(queries.map((q) => q.id)).toEqual(['q2', 'q1']);
    expect(missing).toBe(1);
  });

  it('can be sampled: the first N', async () => {
    const report = await evaluate({
      documents: DOCS,
      queries: QUERIES,
      qrels: qrels({ q2: { d3: 1 }, q1: { d1: 1 }, gone: { d1: 1 } }),
      stages: ['keywords'],
      sample: 1,
    });
    expect(report.queries).toBe(1);
    expect(report.missingQueries).toBe(1);
    expect([...report.stages[0]!.rankings.keys()]).toEqual(['q2']);
  });
});

describe('meaning stage', () => {
  it('ranks a document by its best chunk and never ranks the query itself', () => {
    const ranker = new VectorRanker(DOCS, VECTORS);
    expect(ranker.dimension).toBe(2);
    const ranked = ranker.rank(Float32Array.from(angle(0)), 10, 'q1');
    expect(ranked.map((d) => [d.docId, d.chunk])).toEqual([
      ['d2', 0],
      ['d4', 0],
      ['d3', 0],
      ['d1', 0],
    ]);
    expect(ranked[0]!.score).toBeCloseTo(1, 6);
    expect(ranked[1]!.score).toBeCloseTo(Math.cos(Math.PI / 18), 6);
    // Toward d2's second chunk (30°) d2 still ranks once, by that chunk.
    const toward = ranker.rank(Float32Array.from(angle(30)), 2);
    expect(toward.map((d) => [d.docId, d.chunk])).toEqual([
      ['d2', 1],
      ['d4', 0],
    ]);
  });

  it('checks the vectors against the chunks and the query', () => {
    expect(() => new VectorRanker(DOCS, new Float32Array(13))).toThrow(/6 chunk vectors/);
    const ranker = new VectorRanker(DOCS, VECTORS);
    expect(() => ranker.rank(new Float32Array(3), 5)).toThrow(/3 dimensions/);
  });

  it('embeds each query text and scores the vector ranking', async () => {
    const calls: string[] = [];
    const report = await evaluate({
      documents: DOCS,
      queries: QUERIES,
      qrels: qrels({ q1: { d4: 1 }, q2: { d1: 1 } }),
      stages: ['meaning'],
      vectors: fakeVectors(calls),
    });
    expect(calls).toEqual(['volcano eruption', 'satellite']);
    const [meaning] = report.stages;
    expect(meaning!.stage).toBe('meaning');
    // q1 (own id removed): d2, d4, d3, d1 → d4 at rank 2. q2: d2, q1, d4, d3, d1 → d1 at 5.
    expect(meaning!.rankings.get('q1')).toEqual(['d2', 'd4', 'd3', 'd1']);
    expect(meaning!.rankings.get('q2')).toEqual(['d2', 'q1', 'd4', 'd3', 'd1']);
    expect(meaning!.perQuery.get('q1')!.mrrAt10).toBe(0.5);
    expect(meaning!.perQuery.get('q2')!.mrrAt10).toBe(0.2);
    expect(meaning!.metrics.mrrAt10).toBeCloseTo(0.35, 12);
    expect(meaning!.metrics.ndcgAt10).toBeCloseTo((1 / Math.log2(3) + 1 / Math.log2(6)) / 2, 12);
    expect(meaning!.metrics.pAt5).toBeCloseTo(0.2, 12);
  });
});

describe('hybrid stage', () => {
  const doc = (docId: string, chunk = 0): RankedDocument => ({ docId, chunk, score: 0 });

  it('fuses the two lists by RRF and keeps the chunk of the better leg', () => {
    const fused = hybridRanking(
      [doc('a', 1), doc('b'), doc('c')],
      [doc('b', 2), doc('d'), doc('a', 3)],
      10,
      60,
    );
    // a: 1/61 + 1/63, b: 1/62 + 1/61, c: 1/63, d: 1/62.
    expect(fused.map((d) => d.docId)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0]!.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    // b is first in meaning (its chunk 2), a first in keywords (its chunk 1).
    expect(fused.find((d) => d.docId === 'b')!.chunk).toBe(2);
    expect(fused.find((d) => d.docId === 'a')!.chunk).toBe(1);
    expect(hybridRanking([doc('a')], [doc('b')], 1)).toHaveLength(1);
  });

  it('is scored from both legs', async () => {
    const report = await evaluate({
      documents: DOCS,
      queries: QUERIES,
      qrels: qrels({ q1: { d1: 1 }, q2: { d3: 1 } }),
      stages: ['hybrid', 'keywords', 'meaning'],
      vectors: fakeVectors(),
    });
    expect(report.stages.map((s) => s.stage)).toEqual(['keywords', 'meaning', 'hybrid']);
    const hybrid = report.stages[2]!;
    // q1 keywords [d1], meaning [d2, d4, d3, d1]: d1 1/61 + 1/64 first.
    expect(hybrid.rankings.get('q1')).toEqual(['d1', 'd2', 'd4', 'd3']);
    // q2 keywords [d3], meaning [d2, q1, d4, d3, d1]: d3 1/61 + 1/64 first.
    expect(hybrid.rankings.get('q2')).toEqual(['d3', 'd2', 'q1', 'd4', 'd1']);
    expect(hybrid.metrics.ndcgAt10).toBe(1);
  });
});

describe('reranked stage', () => {
  const ranked = ['a', 'b', 'c', 'd'].map((docId) => ({ docId, chunk: 0, score: 0 }));

  it('reorders the top depth by score and leaves the rest in order', async () => {
    const seen: string[][] = [];
    const out = await rerankedRanking(
      ranked,
      3,
      (passages) => {
        seen.push([...passages]);
        return Promise.resolve([0.1, 0.9, 0.5]);
      },
      (d) => `text of ${d.docId}`,
    );
    expect(seen).toEqual([['text of a', 'text of b', 'text of c']]);
    expect(out.map((d) => d.docId)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('keeps ties in order and puts NaN scores last', async () => {
    const out = await rerankedRanking(
      ranked,
      10,
      () => Promise.resolve([NaN, 0.5, 0.5, 0.7]),
      (d) => d.docId,
    );
    expect(out.map((d) => d.docId)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('rejects a reranker that returns the wrong number of scores', async () => {
    await expect(
      rerankedRanking(
        ranked,
        2,
        () => Promise.resolve([1]),
        (d) => d.docId,
      ),
    ).rejects.toThrow(/1 scores for 2 passages/);
  });

  it('reads the chunk that ranked each document', async () => {
    const calls: Array<{ query: string; passages: string[] }> = [];
    const report = await evaluate({
      documents: DOCS,
      queries: QUERIES,
      qrels: qrels({ q2: { d2: 1 } }),
      stages: ['reranked'],
      vectors: fakeVectors(),
      rerank: {
        depth: 2,
        // Scores by passage length: the shorter passage wins.
        score: (query, passages) => {
          calls.push({ query, passages: [...passages] });
          return Promise.resolve(passages.map((p) => -p.length));
        },
      },
    });
    // Hybrid for q2 is [d3, d2, q1, d4, d1]; the top 2 are read with their best chunks.
    expect(calls).toEqual([
      { query: 'satellite', passages: ['rocket satellite orbit', 'bread yeast dough'] },
    ]);
    const [reranked] = report.stages;
    expect(reranked!.stage).toBe('reranked');
    expect(reranked!.rankings.get('q2')).toEqual(['d2', 'd3', 'q1', 'd4', 'd1']);
    expect(reranked!.metrics.mrrAt10).toBe(1);
  });
});

describe('evaluate', () => {
  it('times each stage per query, later stages including what they build on', async () => {
    let clock = 0;
    const report = await evaluate({
      documents: DOCS,
      queries: QUERIES,
      qrels: qrels({ q1: { d1: 1 }, q2: { d3: 1 } }),
      stages: ['keywords', 'meaning', 'hybrid', 'reranked'],
      vectors: {
        chunkVectors: VECTORS,
        embedQuery: () => {
          clock += 10;
          return Promise.resolve(Float32Array.from(angle(0)));
        },
      },
      rerank: {
        score: (_, passages) => {
          clock += 100;
          return Promise.resolve(passages.map(() => 0));
        },
      },
      // Every reading of the clock advances it by 1 ms.
      now: () => clock++,
    });
    const ms = Object.fromEntries(report.stages.map((s) => [s.stage, s.msPerQuery]));
    expect(ms.keywords).toBe(1);
    expect(ms.meaning).toBe(11);
    expect(ms.hybrid).toBe(13);
    expect(ms.reranked).toBe(114);
    expect(report.keywordIndexMs).toBe(1);
    expect(report.documents).toBe(5);
    expect(report.chunks).toBe(6);
  });

  it('says which stages need models, and rejects bad sizes', async () => {
    const base = { documents: DOCS, queries: QUERIES, qrels: qrels({ q1: { d1: 1 } }) };
    await expect(evaluate({ ...base, stages: ['hybrid'] })).rejects.toThrow(/vectors/);
    await expect(
      evaluate({ ...base, stages: ['reranked'], vectors: fakeVectors() }),
    ).rejects.toThrow(/reranker/);
    await expect(evaluate({ ...base, stages: [] })).rejects.toThrow(/No stage/);
    await expect(evaluate({ ...base, stages: ['keywords'], listSize: 0 })).rejects.toThrow(
      RangeError,
    );
    await expect(
      evaluate({ ...base, stages: ['keywords'], documents: [...DOCS, DOCS[0]!] }),
    ).rejects.toThrow(/"d1" occurs twice/);
  });

  it('reports progress after each query', async () => {
    const progress: Array<[number, number]> = [];
    await evaluate({
      documents: DOCS,
      queries: QUERIES,
      qrels: qrels({ q1: { d1: 1 }, q2: { d3: 1 } }),
      stages: ['keywords'],
      onQuery: (done, total) => progress.push([done, total]),
    });
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });
});

describe('corpus helpers', () => {
  it('index BEIR documents whole as title + text, and list chunks in corpus order', () => {
    const docs = wholeDocuments([
      { id: 'a', title: 'Title', text: 'Body.' },
      { id: 'b', title: '', text: 'Only body.' },
    ]);
    expect(docs).toEqual([
      { id: 'a', chunks: ['Title Body.'] },
      { id: 'b', chunks: ['Only body.'] },
    ]);
    expect(chunkTexts(DOCS)).toEqual([
      'volcano magma eruption',
      'bread yeast dough',
      'sourdough starter flour',
      'rocket satellite orbit',
      'river delta sediment',
      'volcano lava',
    ]);
  });
});
