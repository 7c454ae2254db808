import { describe, expect, it } from 'vitest';
import { ExactCosineIndex } from './vector-index';
import { l2NormalizeInPlace } from './vectors';

function randomUnitVectors(count: number, dim: number, seed: number): Float32Array {
  const out = new Float32Array(count * dim);
  for (let i = 0; i < out.length; i++) {
    seed = (seed * 16807) % 2147483647;
    out[i] = seed / 2147483647 - 0.5;
  }
  for (let r = 0; r < count; r++) l2NormalizeInPlace(out.subarray(r * dim, (r + 1) * dim));
  return out;
}

function bruteForce(docs: Map<string, Float32Array>, query: Float32Array, k: number) {
  const dim = query.length;
  const all: Array<{ docId: string; chunk: number; score: number }> = [];
  for (const [docId, vectors] of docs) {
    for (let c = 0; c < vectors.length / dim; c++) {
      let s = 0;
      for (let i = 0; i < dim; i++) s += vectors[c * dim + i]! * query[i]!;
      all.push({ docId, chunk: c, score: s });
    }
  }
  return all.sort((a, b) => b.score - a.score).slice(0, k);
}

describe('ExactCosineIndex', () => {
  const dim = 32;
  const docs = new Map([
    ['a', randomUnitVectors(5, dim, 1)],
    ['b', randomUnitVectors(8, dim, 2)],
    ['c', randomUnitVectors(3, dim, 3)],
  ]);

  it('returns the same hits and scores as brute force', () => {
    const index = new ExactCosineIndex(dim);
    for (const [id, v] of docs) index.add(id, v);
    expect(index.size).toBe(16);
    const query = randomUnitVectors(1, dim, 99);
    const hits = index.search(query, 6);
    const expected = bruteForce(docs, query, 6);
    expect(hits.map((h) => [h.docId, h.chunk])).toEqual(expected.map((h) => [h.docId, h.chunk]));
    hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 5));
  });

  it('never returns a removed document, and compacts its rows', () => {
    const index = new ExactCosineIndex(dim);
    for (const [id, v] of docs) index.add(id, v);
    expect(index.remove('b')).toBe(true);
    expect(index.remove('b')).toBe(false);
    expect(index.size).toBe(8);
    const remaining = new Map([...docs].filter(([id]) => id !== 'b'));
    for (let q = 0; q < 10; q++) {
      const query = randomUnitVectors(1, dim, 1000 + q);
      const hits = index.search(query, 20);
      expect(hits.every((h) => h.docId !== 'b')).toBe(true);
      expect(hits.map((h) => `${h.docId}${h.chunk}`)).toEqual(
        bruteForce(remaining, query, 20).map((h) => `${h.docId}${h.chunk}`),
      );
    }
  });

  it('replaces a document added twice and rejects mismatched dimensions', () => {
    const index = new ExactCosineIndex(dim);
    index.add('a', docs.get('a')!);
    index.add('a', docs.get('c')!);
    expect(index.size).toBe(3);
    expect(() => index.add('x', new Float32Array(dim + 1))).toThrow(
      /multiple of the index dimension/,
    );
    expect(() => index.search(new Float32Array(dim - 1), 3)).toThrow(/dimension/);
  });
});
