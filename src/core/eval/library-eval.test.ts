import { describe, expect, it } from 'vitest';
import { parseQrels } from './beir';
import { hasFilters, parseQuery } from '../keyword/query-syntax';
import {
  IndexWatch,
  MetricTally,
  beirIdOf,
  collectionName,
  documentRanking,
  evalPath,
  findBeirFolder,
  plainQuery,
  queriesWithoutRelevant,
  readBeirDataset,
  rerankedIds,
  selectQueries,
} from './library-eval';

describe('findBeirFolder', () => {
  it('finds the files of a picked dataset folder, test.tsv first among the qrels', () => {
    const paths = [
      'scifact/qrels/train.tsv',
      'scifact/corpus.jsonl',
      'scifact/qrels/dev.tsv',
      'scifact/queries.jsonl',
      'scifact/qrels/test.tsv',
      'scifact/.DS_Store',
    ];
    expect(findBeirFolder(paths)).toEqual({
      name: 'scifact',
      corpus: 1,
      queries: 3,
      qrels: [
        { name: 'test.tsv', index: 4 },
        { name: 'dev.tsv', index: 2 },
        { name: 'train.tsv', index: 0 },
      ],
    });
  });

  it('finds a dataset deeper in the pick, and never in hidden folders', () => {
    const paths = [
      'data/.old/corpus.jsonl',
      'data/nfcorpus/corpus.jsonl',
      'data/nfcorpus/queries.jsonl',
      'data/nfcorpus/qrels/dev.tsv',
    ];
    const found = findBeirFolder(paths);
    expect(found).toMatchObject({ name: 'nfcorpus', corpus: 1, queries: 2 });
    expect(found.qrels).toEqual([{ name: 'dev.tsv', index: 3 }]);
  });

  it('says what is missing', () => {
    expect(() => findBeirFolder(['d/queries.jsonl', 'd/qrels/test.tsv'])).toThrow(
      /No corpus\.jsonl in the folder/,
    );
    expect(() => findBeirFolder(['d/scifact.zip'])).toThrow(/only the packed scifact\.zip/);
    expect(() => findBeirFolder(['d/corpus.jsonl', 'd/qrels/test.tsv'])).toThrow(
      'queries.jsonl is missing next to corpus.jsonl (in d).',
    );
    expect(() => findBeirFolder(['d/corpus.jsonl', 'd/queries.jsonl', 'd/test.tsv'])).toThrow(
      'No relevance judgements: qrels/test.tsv is missing (in d).',
    );
    expect(() =>
      findBeirFolder(['all/a/corpus.jsonl', 'all/b/corpus.jsonl', 'all/a/queries.jsonl']),
    ).toThrow('The folder holds several datasets (all/a, all/b): pick one of them.');
  });
});

describe('selectQueries', () => {
  const qrels = parseQrels(
    'query-id\tcorpus-id\tscore\nq3\td1\t1\nq1\td2\t1\nq9\td3\t1\nq2\td4\t1\n',
  );
  const texts = new Map([
    ['q1', 'one'],
    ['q2', 'two'],
    ['q3', 'three'],
    ['q4', 'unjudged'],
  ]);

  it('takes the judged queries with a text, in qrels file order', () => {
    expect(selectQueries(texts, qrels)).toEqual({
      queries: [
        { id: 'q3', text: 'three' },
        { id: 'q1', text: 'one' },
        { id: 'q2', text: 'two' },
      ],
      judged: 3,
      missing: 1,
    });
  });

  it('samples the first N of them', () => {
    const { queries, judged } = selectQueries(texts, qrels, 2);
    expect(queries.map((q) => q.id)).toEqual(['q3', 'q1']);
    expect(judged).toBe(3);
    expect(selectQueries(texts, qrels, 10).queries).toHaveLength(3);
    expect(selectQueries(texts, qrels, null).queries).toHaveLength(3);
  });

  it('counts queries with no relevant document in the corpus', () => {
    const graded = parseQrels('q1\td1\t1\nq1\td2\t0\nq2\td2\t1\nq3\td9\t2\n');
    const queries = ['q1', 'q2', 'q3'].map((id) => ({ id, text: id }));
    const corpus = new Set(['d1', 'd2']);
    expect(queriesWithoutRelevant(queries, graded, (id) => corpus.has(id))).toBe(1);
    expect(queriesWithoutRelevant(queries, graded, (id) => id === 'd2')).toBe(2);
  });
});

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

describe('readBeirDataset', () => {
  /** Splits a text into small chunks, as a stream would deliver it. */
  const chunks = (text: string) => text.match(/[\s\S]{1,7}/g) ?? [];
  const corpus = [
    '{"_id": "d1", "title": "One", "text": "first"}',
    '{"_id": 2, "text": "second"}',
    '{"_id": "d3", "text": "third"}',
  ].join('\n');
  const queries = '{"_id": "q1", "text": "one?"}\r\n{"_id": "q2", "text": "two?"}\n';

  it('reads streamed files and says which queries run', async () => {
    const data = await readBeirDataset({
      qrels: { text: 'q2\t2\t1\nq1\td1\t1\nq7\td3\t1\n', path: 'qrels/test.tsv' },
      queries: chunks(queries),
      corpus: chunks(corpus),
    });
    expect(data.documents.map((d) => d.id)).toEqual(['d1', '2', 'd3']);
    expect(data.queries).toEqual([
      { id: 'q2', text: 'two?' },
      { id: 'q1', text: 'one?' },
    ]);
    expect(data).toMatchObject({ judged: 2, missing: 1, withoutRelevant: 0 });
  });

  it('names the file and line of a problem', async () => {
    const read = (qrels: string, corpusText = corpus) =>
      readBeirDataset({
        qrels: { text: qrels, path: 'qrels/dev.tsv' },
        queries: [queries],
        corpus: chunks(corpusText),
      });
    await expect(read('')).rejects.toThrow('qrels/dev.tsv holds no judgements.');
    await expect(read('q1\td1\t1\n', corpus + '\n{"_id": "d1"}')).rejects.toThrow(
      'corpus.jsonl line 4: document id "d1" is already on line 1.',
    );
    await expect(read('q1\td1\t1\n', corpus + '\n[1]')).rejects.toThrow(
      'corpus.jsonl line 4: not a JSON object',
    );
    await expect(read('q1\tnope\t1\n')).rejects.toThrow(
      'No document that qrels/dev.tsv marks relevant for the query is in corpus.jsonl',
    );
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
