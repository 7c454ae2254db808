// Evaluating through the library: stored BEIR documents and their hits, query text, running means,
// collection names and the corpus followed through the queue.
import { describe, expect, it } from 'vitest';
import { hasFilters, parseQuery } from '../keyword/query-syntax';
import {
  IndexWatch,
  MetricTally,
  beirIdOf,
  collectionName,
  documentRanking,
  evalPath,
  plainQuery,
  rerankedIds,
} from './library-eval';

describe('stored documents and their hits', () => {
  it('stores a document under its id and reads the id back', () => {
    expect(evalPath('doc-7')).toBe('doc-7.txt');
    expect(beirIdOf(evalPath('a.b/c'))).toBe('a.b/c');
    expect(beirIdOf('plain')).toBe('plain');
  });

  const hit = (id: string, text: string) => ({ docPath: evalPath(id), text });

  it('ranks each document by its best (first) chunk, without the query itself', () => {
    const hits = [
      hit('b', 'b best'),
      hit('q1', 'the query'),
      hit('a', 'a best'),
      hit('b', 'b second'),
      hit('c', 'c best'),
      hit('a', 'a second'),
    ];
    expect(documentRanking(hits, 10, 'q1')).toEqual([
      { id: 'b', text: 'b best' },
      { id: 'a', text: 'a best' },
      { id: 'c', text: 'c best' },
    ]);
    expect(documentRanking(hits, 2).map((d) => d.id)).toEqual(['b', 'q1']);
  });

  it('orders the reranked head by score, NaN last, and keeps the rest', () => {
    const ranked = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, text: id }));
    expect(rerankedIds(ranked, [0.1, NaN, 0.9, 0.1])).toEqual(['c', 'a', 'd', 'b', 'e']);
    expect(rerankedIds(ranked, [])).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('plainQuery', () => {
  it('takes out the search syntax and keeps every word', () => {
    const cases = [
      'what is "gene expression" in -mice?',
      '\u201Csmart quotes\u201D and --double -"phrase out"',
      '-leading covid-19 e-mail',
    ];
    for (const text of cases) expect(hasFilters(parseQuery(plainQuery(text)))).toBe(false);
    expect(plainQuery(cases[0]!)).toBe('what is gene expression in mice?');
    expect(plainQuery(cases[2]!)).toBe('leading covid-19 e-mail');
  });
});

describe('MetricTally', () => {
  it('keeps running means of the metrics and the time', () => {
    const tally = new MetricTally();
    expect(Number.isNaN(tally.means.ndcgAt10)).toBe(true);
    tally.add({ ndcgAt10: 1, mrrAt10: 1, recallAt100: 1, pAt5: 0.2 }, 10);
    tally.add({ ndcgAt10: 0.5, mrrAt10: 0, recallAt100: 0, pAt5: 0 }, 30);
    expect(tally.count).toBe(2);
    expect(tally.means).toEqual({ ndcgAt10: 0.75, mrrAt10: 0.5, recallAt100: 0.5, pAt5: 0.1 });
    expect(tally.msPerQuery).toBe(20);
  });
});

describe('collectionName', () => {
  it('is the dataset’s, numbered past names in use (in any case)', () => {
    expect(collectionName('scifact', [{ name: 'My documents' }])).toBe('Evaluation: scifact');
    const taken = [{ name: 'EVALUATION: SCIFACT' }, { name: 'Evaluation: scifact 2' }];
    expect(collectionName('scifact', taken)).toBe('Evaluation: scifact 3');
    expect(collectionName('x'.repeat(200), []).length).toBeLessThanOrEqual(80);
  });
});

describe('IndexWatch', () => {
  const doc = (path: string, collection = 'tmp', indexed = true) => ({
    path,
    collection,
    indexed,
  });

  it('counts the run’s documents stored, with vectors, and ended without storing', () => {
    const watch = new IndexWatch('tmp', [{ key: 'old', name: 'a.txt', status: 'failed' }]);
    for (const path of ['a.txt', 'b.txt', 'c.txt', 'd.txt']) watch.add(path);
    watch.sent = 4;
    const documents = [
      doc('a.txt'),
      doc('b.txt', 'tmp', false),
      doc('c.txt', 'other'),
      doc('mine.txt'),
    ];
    const queue = [
      { key: 'old', name: 'a.txt', status: 'failed' as const },
      { key: 'k3', name: 'c.txt', status: 'duplicate' as const },
      { key: 'k4', name: 'd.txt', status: 'embedding' as const },
      { key: 'u1', name: 'notes.txt', status: 'done' as const },
    ];
    expect(watch.count(documents, queue)).toEqual({ stored: 2, vectored: 1, settled: 3 });
    // A row cleared from the queue list still counts once seen.
    expect(watch.count(documents, queue.slice(2))).toEqual({ stored: 2, vectored: 1, settled: 3 });
    expect(watch.othersWaiting(queue)).toBe(false);
    expect(watch.othersWaiting([...queue, { key: 'u2', name: 'x.pdf', status: 'queued' }])).toBe(
      true,
    );
  });
});
