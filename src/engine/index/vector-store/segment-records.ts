// Building and reading segment records (pure data work, no storage): a new segment assembled
// from appended document rows (quantised here) and rows of stored segments, and the loader's
// regrouping of segment rows into whole documents for the index.
import { quantizeRowsInt8, type Int8Rows } from '../../../core/int8';
import type { VectorIndex } from '../../../core/vector-index';
import type { PlannedSegment, SegmentInfo } from './layout';

/** A stored segment: `rows × dimension` floats, as many int8 codes and one scale per row. */
export interface SegmentRecord extends Int8Rows {
  vectors: Float32Array;
}

/**
 * A segment of `rows` rows from `parts`: stored segments' rows (copied with their codes) or
 * appended documents' rows (quantised). appendedRows(i) = -1 - i, so document i is -1 - source.
 */
export function assembleSegment(
  rows: number,
  dim: number,
  parts: PlannedSegment['parts'],
  stored: ReadonlyMap<number, SegmentRecord>,
  appended: readonly Float32Array[],
): SegmentRecord {
  const record: SegmentRecord = {
    vectors: new Float32Array(rows * dim),
    codes: new Int8Array(rows * dim),
    scales: new Float32Array(rows),
  };
  let at = 0;
  for (const { source, range } of parts) {
    if (source < 0) {
      const slice = appended[-1 - source]!.subarray(range.from * dim, range.to * dim);
      const int8 = quantizeRowsInt8(slice, dim);
      record.vectors.set(slice, at * dim);
      record.codes.set(int8.codes, at * dim);
      record.scales.set(int8.scales, at);
    } else {
      const from = stored.get(source)!;
      record.vectors.set(from.vectors.subarray(range.from * dim, range.to * dim), at * dim);
      record.codes.set(from.codes.subarray(range.from * dim, range.to * dim), at * dim);
      record.scales.set(from.scales.subarray(range.from, range.to), at);
    }
    at += range.to - range.from;
  }
  return record;
}

/** Collects a document's rows across segments and adds each document once it is complete. */
export class DocumentRows {
  #doc: string | undefined;
  #parts: SegmentRecord[] = [];

  constructor(
    private readonly dimension: number,
    private readonly index: VectorIndex,
  ) {}

  take(info: SegmentInfo, record: SegmentRecord): void {
    const dim = this.dimension;
    let at = 0;
    info.docs.forEach((doc, i) => {
      const rows = info.rows[i]!;
      if (doc !== this.#doc) this.flush();
      this.#doc = doc;
      this.#parts.push({
        vectors: record.vectors.subarray(at * dim, (at + rows) * dim),
        codes: record.codes.subarray(at * dim, (at + rows) * dim),
        scales: record.scales.subarray(at, at + rows),
      });
      at += rows;
    });
  }

  flush(): void {
    const doc = this.#doc;
    const parts = this.#parts;
    this.#doc = undefined;
    this.#parts = [];
    if (doc === undefined || parts.length === 0) return;
    const whole = parts.length === 1 ? parts[0]! : concatRecords(parts);
    this.index.add(doc, whole.vectors, { codes: whole.codes, scales: whole.scales });
  }
}

function concatRecords(parts: readonly SegmentRecord[]): SegmentRecord {
  const cat = <T extends Float32Array | Int8Array>(arrays: T[], make: (n: number) => T): T => {
    const out = make(arrays.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of arrays) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  };
  return {
    vectors: cat(
      parts.map((p) => p.vectors),
      (n) => new Float32Array(n),
    ),
    codes: cat(
      parts.map((p) => p.codes),
      (n) => new Int8Array(n),
    ),
    scales: cat(
      parts.map((p) => p.scales),
      (n) => new Float32Array(n),
    ),
  };
}
