// A picked folder as a BEIR dataset: finding its files, choosing the judged queries, and reading
// it with every problem named.
import { describe, expect, it } from 'vitest';
import { parseQrels } from './beir';
import {
  findBeirFolder,
  queriesWithoutRelevant,
  readBeirDataset,
  selectQueries,
} from './beir-folder';

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
