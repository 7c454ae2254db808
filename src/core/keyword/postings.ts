// One term's postings list (pure): the rows (chunks) containing the term in ascending order, with
// the term's count in each, in typed arrays that grow by doubling. Used by KeywordIndex.

export class Postings {
  // ArrayBufferLike: a restored list is a view into the snapshot's buffer.
  rows: Uint32Array<ArrayBufferLike>;
  counts: Uint16Array<ArrayBufferLike>;
  size: number;
  /** Live rows containing the term (rows of removed documents stay listed until compaction). */
  df: number;

  /** An empty list, or one over `rows`/`counts` as given (a snapshot's views: all live rows). */
  constructor(
    rows: Uint32Array<ArrayBufferLike> = new Uint32Array(4),
    counts: Uint16Array<ArrayBufferLike> = new Uint16Array(4),
    size = 0,
  ) {
    this.rows = rows;
    this.counts = counts;
    this.size = size;
    this.df = size;
  }

  /** Room for `capacity` postings in all (one allocation instead of repeated doubling). */
  reserve(capacity: number): void {
    if (capacity <= this.rows.length) return;
    const rows = new Uint32Array(capacity);
    rows.set(this.rows.subarray(0, this.size));
    this.rows = rows;
    const counts = new Uint16Array(capacity);
    counts.set(this.counts.subarray(0, this.size));
    this.counts = counts;
  }

  push(row: number, count: number): void {
    if (this.size === this.rows.length) this.reserve(Math.max(4, this.size * 2));
    this.rows[this.size] = row;
    this.counts[this.size] = count;
    this.size++;
  }

  /** Whether `row` is in the list (rows are ascending). */
  has(row: number): boolean {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.rows[mid]!;
      if (at === row) return true;
      if (at < row) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
