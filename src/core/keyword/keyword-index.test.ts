// KeywordIndex: Lucene BM25 scores checked by hand on a tiny corpus, query weights and parameters,
// required/excluded terms, scopes and ties, and incremental adds/removes (with compaction) = rebuild.
import { analyze } from './analyzer';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/random-vectors';
import { keywordDocument } from './keyword-document';
import { LUCENE_BM25, bagOfWords, bm25Idf, type KeywordHit, type KeywordQuery } from './bm25';
import { KeywordIndex } from './keyword-index';

const query = (...terms: string[]): KeywordQuery => ({ terms: bagOfWords(terms) });
const where = (hits: KeywordHit[]) => hits.map((h) => `${h.docId}#${h.chunk}`);

/**
 * The tiny corpus (the words are their own Porter stems):
 *   a#0 "cat cat dog"            length 3: cat 2, dog 1
 *   a#1 "fish"                   length 1: fish 1
 *   b#0 "dog bird bird fish cat" length 5: dog 1, bird 2, fish 1, cat 1
 *   c#0 "bird dog"               length 2: bird 1, dog 1
 * N = 4 chunks, total length 3 + 1 + 5 + 2 = 11, avgdl = 11 / 4 = 2.75.
 * Document frequencies: cat 2 (a#0, b#0), dog 3 (a#0, b#0, c#0), fish 2 (a#1, b#0), bird 2 (b#0, c#0).
 */
function corpus(params = LUCENE_BM25): KeywordIndex {
  const index = new KeywordIndex(params);
  index.add('a', keywordDocument(['cat cat dog', 'fish']));
  index.add('b', keywordDocument(['dog bird bird fish cat']));
  index.add('c', keywordDocument(['bird dog']));
  return index;
}

// idf = ln(1 + (N − n + 0.5) / (n + 0.5)) with N = 4.
const IDF_2 = Math.log(1 + (4 - 2 + 0.5) / (2 + 0.5)); // = ln 2 (cat, fish, bird)
const IDF_3 = Math.log(1 + (4 - 3 + 0.5) / (3 + 0.5)); // = ln(10 / 7) (dog)
// k1 · (1 − b + b · dl / avgdl) with k1 0.9, b 0.4, avgdl 2.75, per chunk length.
const NORM_3 = 0.9 * (1 - 0.4 + (0.4 * 3) / 2.75); // a#0
const NORM_1 = 0.9 * (1 - 0.4 + (0.4 * 1) / 2.75); // a#1
const NORM_5 = 0.9 * (1 - 0.4 + (0.4 * 5) / 2.75); // b#0
const NORM_2 = 0.9 * (1 - 0.4 + (0.4 * 2) / 2.75); // c#0

function expectHits(hits: KeywordHit[], expected: Array<[string, number, number]>): void {
  expect(where(hits)).toEqual(expected.map(([docId, chunk]) => `${docId}#${chunk}`));
  hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]![2], 12));
}

describe('bagOfWords and bm25Idf', () => {
  it('counts repeated query terms', () => {
    expect(bagOfWords(['cat', 'dog', 'cat'])).toEqual(
      new Map([
        ['cat', 2],
        ['dog', 1],
      ]),
    );
    expect(bagOfWords([])).toEqual(new Map());
  });

  it("is Lucene's idf, positive even for a term in every chunk", () => {
    expect(bm25Idf(4, 2)).toBeCloseTo(Math.LN2, 14); // ln(1 + 2.5 / 2.5)
    expect(bm25Idf(10, 0)).toBeCloseTo(Math.log(1 + 10.5 / 0.5), 14); // ln 22
    expect(bm25Idf(10, 10)).toBeCloseTo(Math.log(1 + 0.5 / 10.5), 14);
    expect(bm25Idf(10, 10)).toBeGreaterThan(0);
    expect(LUCENE_BM25).toEqual({ k1: 0.9, b: 0.4 });
  });
});

describe('BM25 scores', () => {
  it('match hand-computed Lucene BM25 for one term', () => {
    // cat: a#0 tf 2, b#0 tf 1; score = idf · tf / (tf + norm).
    expectHits(corpus().search(query('cat'), 10), [
      ['a', 0, (IDF_2 * 2) / (2 + NORM_3)], // ≈ 0.6931 · 2 / 2.9327 ≈ 0.4727
      ['b', 0, (IDF_2 * 1) / (1 + NORM_5)], // ≈ 0.6931 / 2.1945 ≈ 0.3159
    ]);
  });

  it('sum over query terms', () => {
    const a0 = (IDF_3 * 1) / (1 + NORM_3); // dog ≈ 0.3567 / 1.9327 ≈ 0.1846
    const b0 = (IDF_3 * 1) / (1 + NORM_5) + (IDF_2 * 2) / (2 + NORM_5); // ≈ 0.1625 + 0.4340
    const c0 = (IDF_3 * 1) / (1 + NORM_2) + (IDF_2 * 1) / (1 + NORM_2); // ≈ 0.1980 + 0.3847
    expectHits(corpus().search(query('dog', 'bird'), 10), [
      ['b', 0, b0],
      ['c', 0, c0],
      ['a', 0, a0],
    ]);
    const fish = corpus().search(query('fish'), 10);
    // a#1 is short (length 1): ln 2 / (1 + NORM_1) ≈ 0.6931 / 1.6709 ≈ 0.4148.
    expectHits(fish, [
      ['a', 1, (IDF_2 * 1) / (1 + NORM_1)],
      ['b', 0, (IDF_2 * 1) / (1 + NORM_5)],
    ]);
  });

  it('weigh a repeated query term by its count', () => {
    const index = corpus();
    const once = index.search(query('cat', 'dog'), 10);
    const twice = index.search(query('cat', 'dog', 'cat'), 10);
    // a#0: 2 · cat + dog against cat + dog.
    const catA0 = (IDF_2 * 2) / (2 + NORM_3);
    const dogA0 = (IDF_3 * 1) / (1 + NORM_3);
    expect(once.find((h) => h.docId === 'a')!.score).toBeCloseTo(catA0 + dogA0, 12);
    expect(twice.find((h) => h.docId === 'a')!.score).toBeCloseTo(2 * catA0 + dogA0, 12);
    const single = index.search({ terms: new Map([['cat', 2]]) }, 10);
    expectHits(single, [
      ['a', 0, 2 * catA0],
      ['b', 0, (2 * IDF_2 * 1) / (1 + NORM_5)],
    ]);
  });

  it('take custom k1 and b', () => {
    // k1 1.2, b 0.75: a#0 norm = 1.2 · (0.25 + 0.75 · 3 / 2.75), b#0 norm with length 5.
    expectHits(corpus({ k1: 1.2, b: 0.75 }).search(query('cat'), 10), [
      ['a', 0, (IDF_2 * 2) / (2 + 1.2 * (0.25 + (0.75 * 3) / 2.75))],
      ['b', 0, (IDF_2 * 1) / (1 + 1.2 * (0.25 + (0.75 * 5) / 2.75))],
    ]);
    // b 0: no length normalisation, norm = k1.
    expectHits(corpus({ k1: 2, b: 0 }).search(query('fish'), 10), [
      ['a', 1, IDF_2 / (1 + 2)],
      ['b', 0, IDF_2 / (1 + 2)],
    ]);
    // The parameters are copied, and can be changed afterwards.
    const params = { k1: 0.9, b: 0.4 };
    const index = corpus(params);
    params.k1 = 100;
    expect(index.params).toEqual({ k1: 0.9, b: 0.4 });
    index.params = { k1: 2, b: 0 };
    expect(index.search(query('cat'), 1)[0]!.score).toBeCloseTo((IDF_2 * 2) / (2 + 2), 12);
  });

  it('keep the best k, and none for k ≤ 0, unknown terms or an empty index', () => {
    const index = corpus();
    expect(where(index.search(query('dog', 'bird'), 1))).toEqual(['b#0']);
    expect(index.search(query('cat'), 0)).toEqual([]);
    expect(index.search(query('cat'), -3)).toEqual([]);
    expect(index.search(query('unicorn'), 10)).toEqual([]);
    expect(index.search(query(), 10)).toEqual([]);
    expect(new KeywordIndex().search(query('cat'), 10)).toEqual([]);
  });
});

describe('required and excluded terms', () => {
  it('keep chunks with every term of every required group', () => {
    const index = corpus();
    // dog scores a#0, b#0, c#0; b#0 and c#0 have both dog and bird (c#0, shorter, first).
    expect(where(index.search({ ...query('dog'), required: [['dog', 'bird']] }, 10))).toEqual([
      'c#0',
      'b#0',
    ]);
    expect(where(index.search({ ...query('dog'), required: [['bird'], ['cat']] }, 10))).toEqual([
      'b#0',
    ]);
    // A required term need not be scored; a chunk that only has it is not found.
    expect(where(index.search({ ...query('fish'), required: [['cat']] }, 10))).toEqual(['b#0']);
    // A required term nobody has leaves nothing; an empty group asks nothing.
    expect(index.search({ ...query('dog'), required: [['unicorn']] }, 10)).toEqual([]);
    expect(where(index.search({ ...query('fish'), required: [[]] }, 10))).toEqual(['a#1', 'b#0']);
  });

  it('leave out chunks with any excluded term, keeping their scores otherwise', () => {
    const index = corpus();
    const hits = index.search({ ...query('dog'), excluded: ['fish', 'unicorn'] }, 10);
    // c#0 (length 2) before a#0 (length 3), both dog tf 1; b#0 has fish.
    expectHits(hits, [
      ['c', 0, (IDF_3 * 1) / (1 + NORM_2)],
      ['a', 0, (IDF_3 * 1) / (1 + NORM_3)],
    ]);
    expect(where(index.search({ ...query('dog'), excluded: ['cat', 'bird'] }, 10))).toEqual([]);
  });

  it('give the same test by (document, chunk) as chunkFilter', () => {
    const index = corpus();
    expect(index.chunkFilter(query('dog'))).toBeUndefined();
    expect(index.chunkFilter({ ...query('dog'), required: [[]], excluded: [] })).toBeUndefined();
    // An excluded term that is not indexed excludes nothing.
    expect(index.chunkFilter({ ...query('dog'), excluded: ['unicorn'] })).toBeUndefined();
    const filter = index.chunkFilter({ terms: new Map(), required: [['dog']], excluded: ['fish'] });
    expect(filter).toBeDefined();
    expect(filter!('a', 0)).toBe(true); // dog, no fish
    expect(filter!('a', 1)).toBe(false); // no dog
    expect(filter!('b', 0)).toBe(false); // fish
    expect(filter!('c', 0)).toBe(true);
    expect(filter!('a', 2)).toBe(false); // no such chunk
    expect(filter!('a', -1)).toBe(false);
    expect(filter!('nobody', 0)).toBe(false);
    const never = index.chunkFilter({ terms: new Map(), required: [['unicorn']] })!;
    expect(never('a', 0)).toBe(false);
  });
});

describe('scope and ties', () => {
  it('searches only documents that allow accepts, asking once per document', () => {
    const index = corpus();
    const asked: string[] = [];
    const allow = (docId: string) => {
      asked.push(docId);
      return docId !== 'b';
    };
    // cat, dog and fish touch a#0, a#1, b#0 and c#0: a is asked once for its two chunks.
    const hits = index.search(query('cat', 'dog', 'fish'), 10, allow);
    expect(hits.map((h) => h.docId).sort()).toEqual(['a', 'a', 'c']);
    expect(asked.sort()).toEqual(['a', 'b', 'c']);
    expect(index.search(query('cat'), 10, () => false)).toEqual([]);
  });

  it('keeps indexing order between equal scores', () => {
    const index = new KeywordIndex();
    index.add('x', keywordDocument(['cat dog']));
    index.add('y', keywordDocument(['cat dog']));
    expect(where(index.search(query('cat'), 10))).toEqual(['x#0', 'y#0']);
    // Replacing x puts it after y.
    index.add('x', keywordDocument(['cat dog']));
    expect(where(index.search(query('cat'), 10))).toEqual(['y#0', 'x#0']);
    expect(where(index.search(query('cat'), 1))).toEqual(['y#0']);
  });

  it('keeps indexing order between equal scores reached through different terms', () => {
    // p#0 "cat" and p#1 "dog": N 2, df 1 each, lengths 1 = avgdl, so each scores
    // ln(1 + 1.5 / 1.5) · 1 / (1 + 0.9) = ln 2 / 1.9. The query names dog first.
    const index = new KeywordIndex();
    index.add('p', keywordDocument(['cat', 'dog']));
    expectHits(index.search(query('dog', 'cat'), 10), [
      ['p', 0, Math.LN2 / 1.9],
      ['p', 1, Math.LN2 / 1.9],
    ]);
    expect(where(index.search(query('dog', 'cat'), 1))).toEqual(['p#0']);
    index.add('q', keywordDocument(['bird']));
    index.add('r', keywordDocument(['fish']));
    // Three one-word chunks of length 1 (avgdl 1), each term in one: equal scores.
    index.remove('p');
    expect(where(index.search(query('fish', 'bird'), 10))).toEqual(['q#0', 'r#0']);
  });
});

describe('statistics', () => {
  it('count chunks, average length, terms and postings', () => {
    const index = corpus();
    expect(index.size).toBe(4);
    // Postings: cat 2 + dog 3 + fish 2 + bird 2 = 9.
    expect(index.stats()).toEqual({ chunks: 4, averageLength: 11 / 4, terms: 4, postings: 9 });
    expect(index.documentFrequency('dog')).toBe(3);
    expect(index.documentFrequency('unicorn')).toBe(0);
    expect(index.idf('dog')).toBeCloseTo(Math.log(10 / 7), 14);
    expect(index.has('a')).toBe(true);
    expect(index.has('z')).toBe(false);
  });

  it('follow removals, keeping removed rows and terms until compaction', () => {
    const index = corpus();
    expect(index.remove('b')).toBe(true);
    expect(index.remove('b')).toBe(false);
    expect(index.has('b')).toBe(false);
    // Left: a#0 (3), a#1 (1), c#0 (2): N 3, average 6 / 3 = 2. Postings stay (1 dead row of 4).
    expect(index.stats()).toEqual({ chunks: 3, averageLength: 2, terms: 4, postings: 9 });
    expect(['cat', 'dog', 'fish', 'bird'].map((t) => index.documentFrequency(t))).toEqual([
      1, 2, 1, 1,
    ]);
    // idf(cat) = ln(1 + (3 − 1 + 0.5) / 1.5) = ln(8 / 3); unknown: ln(1 + 3.5 / 0.5) = ln 8.
    expect(index.idf('cat')).toBeCloseTo(Math.log(8 / 3), 14);
    expect(index.idf('unicorn')).toBeCloseTo(Math.log(8), 14);
    // a#0 now: norm = 0.9 · (0.6 + 0.4 · 3 / 2) = 1.08.
    expectHits(index.search(query('cat'), 10), [['a', 0, (Math.log(8 / 3) * 2) / (2 + 1.08)]]);

    // Removing the rest: nothing to find, and no division by zero.
    index.remove('a');
    index.remove('c');
    expect(index.size).toBe(0);
    expect(index.stats().chunks).toBe(0);
    expect(index.stats().averageLength).toBe(0);
    expect(index.documentFrequency('dog')).toBe(0);
    expect(index.idf('dog')).toBeCloseTo(Math.LN2, 14); // ln(1 + 0.5 / 0.5)
    expect(index.search(query('dog'), 10)).toEqual([]);
  });

  it('replace a document on a second add', () => {
    const index = corpus();
    index.add('a', keywordDocument(['bird']));
    // a#0 "bird" (1), b#0 (5), c#0 (2): N 3, average 8 / 3; cat only in b#0.
    expect(index.stats().chunks).toBe(3);
    expect(index.stats().averageLength).toBeCloseTo(8 / 3, 14);
    expect(index.documentFrequency('cat')).toBe(1);
    expect(index.documentFrequency('bird')).toBe(3);
    expect(where(index.search(query('cat'), 10))).toEqual(['b#0']);
  });

  it('are emptied by clear', () => {
    const index = corpus();
    index.clear();
    expect(index.stats()).toEqual({ chunks: 0, averageLength: 0, terms: 0, postings: 0 });
    expect(index.has('a')).toBe(false);
    expect(index.search(query('cat'), 10)).toEqual([]);
    index.add('d', keywordDocument(['cat']));
    expect(where(index.search(query('cat'), 10))).toEqual(['d#0']);
  });

  it('compact once more than half of max(rows, 1024) rows are removed', () => {
    // Removed rows are compacted away when removed > 0.5 · max(rows, 1024): with 2 live rows,
    // 512 removed of 514 rows stay (512 > 512 is false), 513 removed of 515 rows go.
    const withBig = (chunks: number) => {
      const index = new KeywordIndex();
      index.add('big', keywordDocument(Array.from({ length: chunks }, () => 'cat')));
      index.add('small', keywordDocument(['fish cat', 'dog']));
      index.remove('big');
      return index;
    };
    // small: fish, cat in chunk 0, dog in chunk 1 = 3 postings.
    expect(withBig(512).stats().postings).toBe(512 + 3);
    const compacted = withBig(513);
    expect(compacted.stats().postings).toBe(3);
    expect(compacted.stats()).toMatchObject({ chunks: 2, averageLength: 3 / 2, terms: 3 });
    // small#0 length 2, small#1 length 1, avgdl 1.5; cat in 1 of 2 chunks: ln(1 + 1.5 / 1.5).
    expectHits(compacted.search(query('cat', 'dog'), 10), [
      ['small', 1, Math.LN2 / (1 + 0.9 * (0.6 + (0.4 * 1) / 1.5))],
      ['small', 0, Math.LN2 / (1 + 0.9 * (0.6 + (0.4 * 2) / 1.5))],
    ]);
    const filter = compacted.chunkFilter({ terms: new Map(), required: [['dog']] })!;
    expect([filter('small', 0), filter('small', 1), filter('big', 0)]).toEqual([
      false,
      true,
      false,
    ]);
    // Adding after compaction continues the renumbered rows.
    compacted.add('late', keywordDocument(['dog dog']));
    expect(where(compacted.search(query('dog'), 10))).toEqual(['late#0', 'small#1']);
  });
});

describe('incremental updates', () => {
  it('give the same hits and scores as a rebuild, through compactions', () => {
    const random = seededRandom(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    // Skewed vocabulary, so document frequencies differ: earlier words are commoner.
    const vocabulary = 'cat dog fish bird mat sun moon star tree leaf rock sand'.split(' ');
    const word = () => vocabulary[Math.floor(vocabulary.length * random() ** 2)]!;
    const chunk = () => Array.from({ length: Math.floor(random() * 9) }, word).join(' ');
    const ids = Array.from({ length: 30 }, (_, i) => `d${i}`);

    const index = new KeywordIndex();
    /** The live documents in indexing order (a replaced one moves to the end). */
    const live = new Map<string, string[]>();
    const queries: KeywordQuery[] = [
      query('cat'),
      query('sand'),
      query('dog', 'moon', 'dog'),
      query('rock', 'leaf', 'tree', 'star', 'unicorn'),
      { ...query('fish', 'bird'), required: [['cat', 'mat']] },
      { ...query('dog', 'sun'), excluded: ['cat'] },
      { ...query('moon', 'mat'), required: [['sun']], excluded: ['dog', 'unicorn'] },
    ];
    const allowEven = (docId: string) => Number(docId.slice(1)) % 2 === 0;

    let compactions = 0;
    let removals = 0;
    let lastPostings = 0;
    for (let step = 0; step < 200; step++) {
      const id = pick(ids);
      if (random() < 0.45) {
        const removed = index.remove(id);
        expect(removed).toBe(live.delete(id));
        if (removed) removals++;
      } else {
        const texts = Array.from({ length: 1 + Math.floor(random() * 40) }, chunk);
        if (live.has(id)) removals++;
        index.add(id, keywordDocument(texts));
        live.delete(id);
        live.set(id, texts);
      }
      const postings = index.stats().postings;
      const rebuilt = new KeywordIndex();
      for (const [docId, texts] of live) rebuilt.add(docId, keywordDocument(texts));
      if (postings < lastPostings) {
        // Only compaction drops postings; right after it none are dead.
        compactions++;
        expect(postings).toBe(rebuilt.stats().postings);
      }
      lastPostings = postings;

      const got = index.stats();
      const want = rebuilt.stats();
      expect(got.chunks).toBe(want.chunks);
      expect(got.averageLength).toBeCloseTo(want.averageLength, 12);
      expect(got.terms).toBeGreaterThanOrEqual(want.terms);
      expect(got.postings).toBeGreaterThanOrEqual(want.postings);
      for (const term of vocabulary) {
        expect(index.documentFrequency(term)).toBe(rebuilt.documentFrequency(term));
      }
      for (const q of queries) {
        for (const [k, allow] of [
          [1000, undefined],
          [7, undefined],
          [1000, allowEven],
        ] as const) {
          const a = index.search(q, k, allow);
          const b = rebuilt.search(q, k, allow);
          expect(where(a)).toEqual(where(b));
          a.forEach((hit, i) => expect(hit.score).toBeCloseTo(b[i]!.score, 12));
        }
        const fa = index.chunkFilter(q);
        const fb = rebuilt.chunkFilter(q);
        expect(fa === undefined).toBe(fb === undefined);
        if (fa && fb) {
          for (let probe = 0; probe < 20; probe++) {
            const docId = pick(ids);
            const c = Math.floor(random() * 42) - 1;
            expect(fa(docId, c)).toBe(fb(docId, c));
          }
        }
      }
    }
    // The sequence did remove enough rows to compact, more than once.
    expect(removals).toBeGreaterThan(50);
    expect(compactions).toBeGreaterThanOrEqual(2);
  });
});

describe('KeywordIndex.addMany', () => {
  it('gives the same postings, statistics and scores as adding one by one', () => {
    const docs: Array<[string, ReturnType<typeof keywordDocument>]> = [
      ['a', keywordDocument(['pumps move water', 'the valve seals the pump'])],
      ['b', keywordDocument(['valve maintenance', 'water water everywhere'])],
      ['c', keywordDocument(['shaft seal wear'])],
    ];
    const single = new KeywordIndex();
    for (const [id, doc] of docs) single.add(id, doc);
    const bulk = new KeywordIndex();
    bulk.add('a', keywordDocument(['an older version of a']));
    bulk.addMany(docs);
    const query = { terms: bagOfWords(analyze('water valve seal pump')) };
    expect(bulk.search(query, 10)).toEqual(single.search(query, 10));
    expect(bulk.stats().chunks).toBe(single.stats().chunks);
    expect(bulk.stats().averageLength).toBe(single.stats().averageLength);
    expect(bulk.documentFrequency('water')).toBe(2);
    expect(bulk.search({ terms: bagOfWords(analyze('older')) }, 10)).toEqual([]);
  });
});
