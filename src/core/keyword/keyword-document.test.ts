// A document's keyword record: per-chunk lengths, entry ends, term indices and counts, the joined
// term list and its round trip, empty chunks and documents, and the record's size in bytes.
import { describe, expect, it } from 'vitest';
import { ANALYZER_ID } from './analyzer';
import { keywordDocument, keywordDocumentBytes, recordTerms } from './keyword-document';

/** Chunk i's terms and counts, decoded from the record's typed arrays. */
function chunkBags(doc: ReturnType<typeof keywordDocument>): Array<Map<string, number>> {
  const terms = recordTerms(doc);
  const bags: Array<Map<string, number>> = [];
  let entry = 0;
  for (const end of doc.ends) {
    const bag = new Map<string, number>();
    for (; entry < end; entry++) bag.set(terms[doc.termOf[entry]!]!, doc.counts[entry]!);
    bags.push(bag);
  }
  return bags;
}

describe('keywordDocument', () => {
  it('records lengths, ends, term indices and counts for two chunks', () => {
    // Chunk 0: cats→cat, and (stop), dogs→dog, the (stop), cats→cat: [cat, dog, cat], length 3.
    // Chunk 1: dogs→dog, running→run: [dog, run], length 2.
    const doc = keywordDocument(['Cats and dogs; the cats!', 'Dogs running']);
    expect(doc.analyzer).toBe(ANALYZER_ID);
    // Distinct terms in order of first appearance in the document: cat 0, dog 1, run 2.
    expect(doc.terms).toBe('cat\ndog\nrun');
    expect([...doc.lengths]).toEqual([3, 2]);
    // Chunk 0 has 2 distinct terms (entries 0..2), chunk 1 has 2 more (entries 2..4).
    expect([...doc.ends]).toEqual([2, 4]);
    // Entries in order of first appearance within each chunk: (cat 2, dog 1), (dog 1, run 1).
    expect([...doc.termOf]).toEqual([0, 1, 1, 2]);
    expect([...doc.counts]).toEqual([2, 1, 1, 1]);
    expect(doc.lengths).toBeInstanceOf(Uint32Array);
    expect(doc.ends).toBeInstanceOf(Uint32Array);
    expect(doc.termOf).toBeInstanceOf(Uint32Array);
    expect(doc.counts).toBeInstanceOf(Uint16Array);
  });

  it('handles empty chunks and chunks of only stop words', () => {
    const doc = keywordDocument(['', 'The cat', 'of the and', '...', 'cat cat']);
    expect([...doc.lengths]).toEqual([0, 1, 0, 0, 2]);
    // Empty chunks have no entries: their end repeats the previous one (0 before chunk 0).
    expect([...doc.ends]).toEqual([0, 1, 1, 1, 2]);
    expect(doc.terms).toBe('cat');
    expect([...doc.termOf]).toEqual([0, 0]);
    expect([...doc.counts]).toEqual([1, 2]);
    expect(chunkBags(doc).map((bag) => bag.size)).toEqual([0, 1, 0, 0, 1]);
  });

  it('makes an empty record for no chunks or no terms', () => {
    const none = keywordDocument([]);
    expect(none.terms).toBe('');
    expect(recordTerms(none)).toEqual([]);
    expect([none.lengths, none.ends, none.termOf, none.counts].map((a) => a.length)).toEqual([
      0, 0, 0, 0,
    ]);
    const stops = keywordDocument(['the', '']);
    expect(recordTerms(stops)).toEqual([]);
    expect([...stops.lengths]).toEqual([0, 0]);
    expect([...stops.ends]).toEqual([0, 0]);
  });

  it('caps counts at 65,535 but not lengths', () => {
    const doc = keywordDocument(['x '.repeat(70_000)]);
    expect([...doc.lengths]).toEqual([70_000]);
    expect([...doc.counts]).toEqual([65_535]);
  });
});

describe('recordTerms', () => {
  it('round-trips the terms, each chunk decoding to its bag of analyzed words', () => {
    const texts = [
      "John's dogs run; the dog runs",
      '',
      '我们喜欢搜索引擎 and 1.8 covid-19',
      'ﬁle FILES',
    ];
    const doc = keywordDocument(texts);
    const terms = recordTerms(doc);
    expect(terms).toEqual([
      'john',
      'dog',
      'run',
      '我们',
      '喜欢',
      '搜索',
      '引擎',
      '1.8',
      'covid',
      '19',
      'file',
    ]);
    expect(new Set(terms).size).toBe(terms.length);
    expect(chunkBags(doc)).toEqual([
      // john, dogs→dog, run, (the), dog, runs→run
      new Map([
        ['john', 1],
        ['dog', 2],
        ['run', 2],
      ]),
      new Map(),
      new Map([
        ['我们', 1],
        ['喜欢', 1],
        ['搜索', 1],
        ['引擎', 1],
        ['1.8', 1],
        ['covid', 1],
        ['19', 1],
      ]),
      // ﬁle→file, FILES→files→file
      new Map([['file', 2]]),
    ]);
    expect([...doc.lengths]).toEqual([5, 0, 7, 2]);
  });
});

describe('keywordDocumentBytes', () => {
  it('adds the term list as UTF-16 and every array', () => {
    const doc = keywordDocument(['Cats and dogs; the cats!', 'Dogs running']);
    // terms "cat\ndog\nrun": 11 chars × 2 = 22; lengths 2 × 4 = 8; ends 2 × 4 = 8;
    // termOf 4 × 4 = 16; counts 4 × 2 = 8. Total 62.
    expect(keywordDocumentBytes(doc)).toBe(22 + 8 + 8 + 16 + 8);
    expect(keywordDocumentBytes(keywordDocument([]))).toBe(0);
  });
});
