import { describe, expect, it } from 'vitest';
import {
  appendedRows,
  COMPACTION_SLACK,
  emptyManifest,
  manifestProblem,
  needsCompaction,
  planAppend,
  planCompaction,
  planRemoval,
  rowsByDoc,
  SEGMENT_ROWS,
  type VectorManifest,
} from './layout';

const KEY = 'm|q8|4';
const base = () => emptyManifest(KEY, { modelId: 'm', dtype: 'q8', dimension: 4 });

function appendAll(docs: Array<[string, number]>): VectorManifest {
  return docs.reduce((m, doc) => planAppend(m, [doc]).next, base());
}

describe('vector store layout', () => {
  it('splits a large document into full segments and counts rows per document', () => {
    const plan = planAppend(base(), [['big', SEGMENT_ROWS * 2 + 3]]);
    expect(plan.write.map((w) => w.parts[0]!.range)).toEqual([
      { from: 0, to: SEGMENT_ROWS },
      { from: SEGMENT_ROWS, to: 2 * SEGMENT_ROWS },
      { from: 2 * SEGMENT_ROWS, to: 2 * SEGMENT_ROWS + 3 },
    ]);
    expect(plan.next.count).toBe(2 * SEGMENT_ROWS + 3);
    expect(plan.next.generation).toBe(1);
    expect(rowsByDoc(plan.next)).toEqual(new Map([['big', 2 * SEGMENT_ROWS + 3]]));
    expect(manifestProblem(plan.next, KEY)).toBeNull();
  });

  it('packs several documents into full segments, splitting one across a boundary', () => {
    const plan = planAppend(base(), [
      ['a', 1000],
      ['b', 30],
      ['c', 5],
    ]);
    expect(plan.write.map((w) => w.info.docs)).toEqual([
      ['a', 'b'],
      ['b', 'c'],
    ]);
    expect(plan.write.map((w) => w.info.rows)).toEqual([
      [1000, 24],
      [6, 5],
    ]);
    expect(plan.write[1]!.parts).toEqual([
      { source: appendedRows(1), range: { from: 24, to: 30 } },
      { source: appendedRows(2), range: { from: 0, to: 5 } },
    ]);
    expect(manifestProblem(plan.next, KEY)).toBeNull();
  });

  it('rewrites only the segments that hold removed rows, under new ids, and drops emptied ones', () => {
    const merged = planCompaction(
      appendAll([
        ['a', 2],
        ['b', 3],
        ['c', 4],
      ]),
    )!.next;
    const withD = planAppend(merged, [['d', 5]]).next;
    const plan = planRemoval(withD, new Set(['b', 'd']));
    expect(plan.drop).toEqual([merged.segments[0]!.id, withD.segments[1]!.id]);
    expect(plan.write).toHaveLength(1);
    expect(plan.write[0]!.info.docs).toEqual(['a', 'c']);
    expect(plan.write[0]!.parts).toEqual([
      { source: merged.segments[0]!.id, range: { from: 0, to: 2 } },
      { source: merged.segments[0]!.id, range: { from: 5, to: 9 } },
    ]);
    expect(plan.write[0]!.info.id).toBeGreaterThanOrEqual(withD.nextSegment);
    expect(plan.next.count).toBe(6);
  });

  it('compacts many small segments into few, keeping their order', () => {
    const docs: Array<[string, number]> = Array.from({ length: 40 }, (_, i) => [`d${i}`, 100]);
    const fragmented = appendAll(docs);
    expect(needsCompaction(fragmented)).toBe(true);
    const plan = planCompaction(fragmented)!;
    expect(plan.next.segments.map((s) => s.rows.reduce((a, b) => a + b))).toEqual([
      1000, 1000, 1000, 1000,
    ]);
    expect(plan.next.segments.flatMap((s) => s.docs)).toEqual(docs.map(([id]) => id));
    expect(plan.drop).toHaveLength(40);
    expect(needsCompaction(plan.next)).toBe(false);
    expect(planCompaction(plan.next)).toBeNull();
  });

  it('asks for compaction only when segments are far more than the rows need', () => {
    const halfFull = Array.from({ length: 40 }, (_, i): [string, number] => [`h${i}`, 600]);
    expect(needsCompaction(appendAll(halfFull))).toBe(false);
    const tiny = (n: number) => Array.from({ length: n }, (_, i): [string, number] => [`t${i}`, 1]);
    expect(needsCompaction(appendAll(tiny(2 + COMPACTION_SLACK)))).toBe(false);
    expect(needsCompaction(appendAll(tiny(3 + COMPACTION_SLACK)))).toBe(true);
  });

  it('rejects manifests that are not this schema, key or shape', () => {
    const good = appendAll([
      ['a', 2],
      ['b', 1],
    ]);
    expect(manifestProblem(good, KEY)).toBeNull();
    expect(manifestProblem(null, KEY)).toBe('not an object');
    expect(manifestProblem({ ...good, schema: 0 }, KEY)).toMatch(/schema 0/);
    expect(manifestProblem(good, 'other|q8|4')).toMatch(/belongs to m\|q8\|4/);
    expect(manifestProblem({ ...good, count: 4 }, KEY)).toMatch(/holds 3 rows, not 4/);
    const scattered = planAppend(good, [['a', 1]]).next;
    expect(manifestProblem(scattered, KEY)).toMatch(/rows of a are not contiguous/);
  });
});
