// Keyword index snapshots: an index restored from one (after a structured clone, as IndexedDB
// stores it) scores, filters and changes exactly like a rebuild; damaged snapshots are refused.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../test/random-vectors';
import { bagOfWords, type KeywordQuery } from './bm25';
import { keywordDocument } from './keyword-document';
import { KeywordIndex } from './keyword-index';
import { snapshotProblem, type KeywordSnapshot } from './keyword-snapshot';

const query = (...terms: string[]): KeywordQuery => ({ terms: bagOfWords(terms) });
const QUERIES: KeywordQuery[] = [
  query('cat'),
  query('dog', 'moon', 'dog'),
  query('rock', 'leaf', 'tree', 'star', 'unicorn'),
  { ...query('fish', 'bird'), required: [['cat', 'mat']] },
  { ...query('moon', 'mat'), required: [['sun']], excluded: ['dog'] },
];
const VOCABULARY = 'cat dog fish bird mat sun moon star tree leaf rock sand'.split(' ');

const restore = (index: KeywordIndex) =>
  KeywordIndex.fromSnapshot(structuredClone(index.toSnapshot()));

function expectSame(got: KeywordIndex, want: KeywordIndex): void {
  expect(got.size).toBe(want.size);
  expect(got.stats().averageLength).toBeCloseTo(want.stats().averageLength, 12);
  for (const term of VOCABULARY)
    expect(got.documentFrequency(term)).toBe(want.documentFrequency(term));
  for (const q of QUERIES) {
    const a = got.search(q, 1000);
    const b = want.search(q, 1000);
    expect(a.map((h) => `${h.docId}#${h.chunk}`)).toEqual(b.map((h) => `${h.docId}#${h.chunk}`));
    a.forEach((hit, i) => expect(hit.score).toBeCloseTo(b[i]!.score, 12));
  }
}

describe('KeywordIndex snapshots', () => {
  it('restore an index that searches and changes like a rebuild', () => {
    const random = seededRandom(11);
    const word = () => VOCABULARY[Math.floor(VOCABULARY.length * random() ** 2)]!;
    const chunk = () => Array.from({ length: Math.floor(random() * 9) }, word).join(' ');
    const ids = Array.from({ length: 25 }, (_, i) => `d${i}`);
    let index = new KeywordIndex();
    const live = new Map<string, string[]>();
    let restores = 0;
    for (let step = 0; step < 150; step++) {
      const id = ids[Math.floor(random() * ids.length)]!;
      if (random() < 0.4) {
        expect(index.remove(id)).toBe(live.delete(id));
      } else {
        const texts = Array.from({ length: 1 + Math.floor(random() * 30) }, chunk);
        index.add(id, keywordDocument(texts));
        live.delete(id);
        live.set(id, texts);
      }
      // Every few steps the index carries on from its own snapshot, dead rows and all.
      if (step % 7 === 3) {
        index = restore(index);
        restores++;
      }
      const rebuilt = new KeywordIndex();
      for (const [docId, texts] of live) rebuilt.add(docId, keywordDocument(texts));
      expectSame(index, rebuilt);
      expect(index.has(id)).toBe(live.has(id));
    }
    expect(restores).toBeGreaterThan(20);
  });

  it('hold only live rows, and an empty index restores empty', () => {
    const index = new KeywordIndex();
    index.add('a', keywordDocument(['cat dog', 'fish']));
    index.add('b', keywordDocument(['cat']));
    index.remove('a');
    const snapshot = index.toSnapshot();
    expect(snapshot.docIds).toEqual(['b']);
    expect([...snapshot.docChunks]).toEqual([1]);
    expect(snapshot.terms).toBe('cat');
    expect([...snapshot.rows]).toEqual([0]);
    expect(restore(new KeywordIndex()).search(query('cat'), 5)).toEqual([]);
    expect(restore(index).search(query('cat'), 5)).toMatchObject([{ docId: 'b', chunk: 0 }]);
  });

  it('that are damaged are refused with the reason', () => {
    const index = new KeywordIndex();
    index.add('a', keywordDocument(['cat dog', 'fish cat']));
    const good = index.toSnapshot();
    expect(snapshotProblem(good)).toBeNull();
    const damaged: Array<[Partial<KeywordSnapshot>, RegExp]> = [
      [{ version: 99 }, /version 99/],
      [{ rows: new Uint32Array([5, 0, 1, 1]) }, /out of order or out of range/],
      [{ rows: new Uint32Array([1, 0, 0, 1]) }, /out of order/],
      [{ counts: new Uint16Array(1) }, /postings arrays/],
      [{ docChunks: new Uint32Array([3]) }, /row lengths/],
      [{ terms: 'cat' }, /term list/],
      [{ rowLengths: [2, 2] as unknown as Uint32Array }, /rowLengths is not a Uint32Array/],
    ];
    for (const [change, reason] of damaged) {
      const snapshot = { ...structuredClone(good), ...change };
      expect(snapshotProblem(snapshot)).toMatch(reason);
      expect(() => KeywordIndex.fromSnapshot(snapshot)).toThrow(/damaged/);
    }
  });
});
