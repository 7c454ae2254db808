// The library list's filter, sort and row window.
import { describe, expect, it } from 'vitest';
import { filterDocuments, rowWindow, sortDocuments, type ListedDocument } from './document-list';

const doc = (name: string, size: number, chunkCount: number, addedAt: number): ListedDocument => ({
  id: name,
  name,
  path: `notes/${name}`,
  size,
  chunkCount,
  addedAt,
});
const DOCS = [
  doc('report 10.pdf', 300, 9, 3),
  doc('report 9.pdf', 100, 2, 1),
  doc('Alpha.md', 200, 2, 2),
  doc('beta.txt', 200, 5, 4),
];
const names = (docs: ListedDocument[]) => docs.map((d) => d.name);

describe('document list', () => {
  it('sorts by each key, numbers in names by value, ties by name', () => {
    expect(names(sortDocuments(DOCS, 'name'))).toEqual([
      'Alpha.md',
      'beta.txt',
      'report 9.pdf',
      'report 10.pdf',
    ]);
    expect(names(sortDocuments(DOCS, 'newest'))).toEqual([
      'beta.txt',
      'report 10.pdf',
      'Alpha.md',
      'report 9.pdf',
    ]);
    expect(names(sortDocuments(DOCS, 'added'))).toEqual([
      'report 9.pdf',
      'Alpha.md',
      'report 10.pdf',
      'beta.txt',
    ]);
    expect(names(sortDocuments(DOCS, 'size'))).toEqual([
      'report 10.pdf',
      'Alpha.md',
      'beta.txt',
      'report 9.pdf',
    ]);
    expect(names(sortDocuments(DOCS, 'chunks'))[0]).toBe('report 10.pdf');
    expect(names(DOCS)[0]).toBe('report 10.pdf'); // the input is left alone
  });

  it('filters by every typed word in the path, ignoring case', () => {
    expect(names(filterDocuments(DOCS, 'REPORT pdf'))).toEqual(['report 10.pdf', 'report 9.pdf']);
    expect(names(filterDocuments(DOCS, 'notes alpha'))).toEqual(['Alpha.md']);
    expect(filterDocuments(DOCS, '  ')).toHaveLength(4);
    expect(filterDocuments(DOCS, 'nothing')).toEqual([]);
  });

  it('windows the rows around the scroll position', () => {
    expect(rowWindow(0, 400, 50, 10_000, 5)).toEqual({ start: 0, end: 14 });
    expect(rowWindow(5_000, 400, 50, 10_000, 5)).toEqual({ start: 95, end: 114 });
    expect(rowWindow(499_990, 400, 50, 10_000, 5)).toEqual({ start: 9_994, end: 10_000 });
    expect(rowWindow(0, 400, 50, 3)).toEqual({ start: 0, end: 3 });
    expect(rowWindow(100, 400, 50, 0)).toEqual({ start: 0, end: 0 });
  });
});
