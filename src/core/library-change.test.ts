import { describe, expect, it } from 'vitest';
import { applyDocumentChange } from './library-change';
import type { DocumentSummary } from './types/library';

const doc = (id: string, indexed = true): DocumentSummary => ({
  id,
  name: `${id}.txt`,
  path: `${id}.txt`,
  collection: 'default',
  size: 1,
  chunkCount: 1,
  tokenCount: 1,
  addedAt: 0,
  indexed,
});
const ids = (list: DocumentSummary[] | undefined) =>
  list?.map((d) => `${d.id}${d.indexed ? '' : '?'}`);

describe('applyDocumentChange', () => {
  const list = [doc('a'), doc('b', false), doc('c')];

  it('updates changed documents in place and appends new ones', () => {
    expect(ids(applyDocumentChange(list, { upserted: [doc('b'), doc('d')] }))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('drops removed documents; a replaced version goes last, as the worker lists it', () => {
    expect(ids(applyDocumentChange(list, { removed: ['a'], upserted: [doc('a2')] }))).toEqual([
      'b?',
      'c',
      'a2',
    ]);
    expect(ids(applyDocumentChange(list, { removed: ['c', 'x'] }))).toEqual(['a', 'b?']);
  });

  it('replaces the whole list when given, and ignores changes about collections only', () => {
    expect(ids(applyDocumentChange(list, { documents: [doc('z', false)] }))).toEqual(['z?']);
    expect(applyDocumentChange(list, { collections: [] })).toBeUndefined();
  });
});
