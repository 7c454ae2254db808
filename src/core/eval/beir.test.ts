import { describe, expect, it } from 'vitest';
import {
  corpusDocuments,
  documentText,
  jsonLines,
  parseCorpusLine,
  parseQrels,
  parseQueryLine,
  queryRecords,
} from './beir';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Feeds chunks through a real async boundary, as a stream reader would. */
async function* streamed(chunks: readonly string[]): AsyncGenerator<string> {
  for (const chunk of chunks) {
    await Promise.resolve();
    yield chunk;
  }
}

describe('parseCorpusLine', () => {
  it('reads id, title and text, coercing numeric ids to strings', () => {
    expect(parseCorpusLine('{"_id":"d1","title":"T","text":"body"}', 1)).toEqual({
      id: 'd1',
      title: 'T',
      text: 'body',
    });
    expect(parseCorpusLine('{"_id":4983,"title":"","text":"x","metadata":{}}', 2)).toEqual({
      id: '4983',
      title: '',
      text: 'x',
    });
    expect(parseCorpusLine('{"_id":"d2","text":"no title"}', 3).title).toBe('');
    expect(parseCorpusLine('{"_id":"d3","title":null,"text":"t"}', 3).title).toBe('');
  });

  it('says which line is wrong and why', () => {
    expect(() => parseCorpusLine('{"_id":"d1",', 12)).toThrow('corpus.jsonl line 12: not JSON');
    expect(() => parseCorpusLine('[1]', 3)).toThrow('corpus.jsonl line 3: not a JSON object');
    expect(() => parseCorpusLine('{"text":"x"}', 4)).toThrow(/^corpus.jsonl line 4: "_id"/);
    expect(() => parseCorpusLine('{"_id":"","text":"x"}', 5)).toThrow(/line 5: "_id"/);
    expect(() => parseCorpusLine('{"_id":"a","text":7}', 6)).toThrow(
      'corpus.jsonl line 6: "text" is not a string',
    );
    expect(() => parseCorpusLine('oops', 7, 'scifact/corpus.jsonl')).toThrow(
      'scifact/corpus.jsonl line 7: not JSON',
    );
  });
});

describe('parseQueryLine', () => {
  it('reads id and text, and requires the text', () => {
    expect(parseQueryLine('{"_id":1,"text":"what is x?","metadata":{}}', 1)).toEqual({
      id: '1',
      text: 'what is x?',
    });
    expect(() => parseQueryLine('{"_id":"q1"}', 9)).toThrow(
      'queries.jsonl line 9: "text" is missing',
    );
  });
});

describe('documentText', () => {
  it('joins title and text with a space, or keeps the text alone', () => {
    expect(documentText({ id: 'a', title: 'Title', text: 'Body.' })).toBe('Title Body.');
    expect(documentText({ id: 'a', title: '', text: 'Body.' })).toBe('Body.');
  });
});

describe('parseQrels', () => {
  const asObject = (qrels: ReturnType<typeof parseQrels>) =>
    Object.fromEntries([...qrels].map(([q, docs]) => [q, Object.fromEntries(docs)]));

  it('reads BEIR TSV with its header', () => {
    const tsv = 'query-id\tcorpus-id\tscore\n1\t31715818\t1\n1\tabc\t2\n3\t14717500\t0\n';
    expect(asObject(parseQrels(tsv))).toEqual({
      '1': { '31715818': 1, abc: 2 },
      '3': { '14717500': 0 },
    });
  });

  it('reads BEIR TSV without a header, with CRLF breaks and blank lines', () => {
    const tsv = '\r\nq1\td1\t1\r\n\r\nq1\td2\t0\r\nq2\td1\t3';
    expect(asObject(parseQrels(tsv))).toEqual({ q1: { d1: 1, d2: 0 }, q2: { d1: 3 } });
  });

  it('reads TREC four-column qrels separated by any whitespace', () => {
    const trec = '301 0 FBIS3-10082 1\n301  0\tFBIS3-10169 0\n302 Q0 LA010189-0010 -1\n';
    expect(asObject(parseQrels(trec))).toEqual({
      '301': { 'FBIS3-10082': 1, 'FBIS3-10169': 0 },
      '302': { 'LA010189-0010': -1 },
    });
  });

  it('keeps the last grade of a pair listed twice', () => {
    expect(parseQrels('q\td\t1\nq\td\t2').get('q')?.get('d')).toBe(2);
  });

  it('reports malformed lines by their 1-based line number', () => {
    expect(() => parseQrels('query-id\tcorpus-id\tscore\nq1\td1\n', 'qrels/test.tsv')).toThrow(
      'qrels/test.tsv line 2: expected 3 or 4 columns, found 2',
    );
    expect(() => parseQrels('q1\td1\t1\n\nq1\td2\thigh')).toThrow(
      'qrels.tsv line 3: score "high" is not an integer',
    );
    // A header only counts on the first line; a decimal score is not a header.
    expect(() => parseQrels('q1\td1\t1.0')).toThrow('line 1: score "1.0" is not an integer');
    expect(() => parseQrels('q1\t\t1')).toThrow('line 1: empty query or doc id');
  });
});

describe('jsonLines', () => {
  it('joins lines split across chunks and numbers them as in the file', async () => {
    const lines = await collect(jsonLines(streamed(['{"a"', ':1}\n{"b":2}\n\n{"c"', ':3}'])));
    expect(lines).toEqual([
      { line: '{"a":1}', lineNumber: 1 },
      { line: '{"b":2}', lineNumber: 2 },
      { line: '{"c":3}', lineNumber: 4 },
    ]);
  });

  it('strips CRLF even when a chunk ends between \\r and \\n, and drops a leading BOM', async () => {
    const lines = await collect(jsonLines(streamed(['', '\uFEFFone\r', '\ntwo\r\n', 'three\n'])));
    expect(lines.map((l) => l.line)).toEqual(['one', 'two', 'three']);
  });

  it('yields nothing for empty input and accepts plain iterables', async () => {
    expect(await collect(jsonLines(streamed([])))).toEqual([]);
    expect(await collect(jsonLines(['x\n', '\n']))).toEqual([{ line: 'x', lineNumber: 1 }]);
  });
});

describe('corpusDocuments and queryRecords', () => {
  it('parse streamed files and report errors with the file line number', async () => {
    const corpus = ['{"_id":"a","title":"A","text":"x"}\n\n{"_id":', '"b","text":"y"}\n'];
    expect(await collect(corpusDocuments(streamed(corpus)))).toEqual([
      { id: 'a', title: 'A', text: 'x' },
      { id: 'b', title: '', text: 'y' },
    ]);
    const broken = ['{"_id":"a","text":"x"}\n', '\n', 'not json\n'];
    await expect(collect(corpusDocuments(streamed(broken)))).rejects.toThrow(
      'corpus.jsonl line 3: not JSON',
    );
    expect(await collect(queryRecords(['{"_id":"q","text":"t"}']))).toEqual([
      { id: 'q', text: 't' },
    ]);
  });
});
