// The built keyword index as a few flat typed arrays (pure): what start-up reads instead of
// rebuilding the postings from every document's keyword record. KeywordIndex writes and reads it;
// `snapshotProblem` rejects a damaged one before anything is built from it.

export const KEYWORD_SNAPSHOT_VERSION = 1;

export interface KeywordSnapshot {
  version: number;
  /** Documents in row order, and how many chunks (rows) each has. */
  docIds: string[];
  docChunks: Uint32Array;
  /** Indexed terms per row (BM25's document length). */
  rowLengths: Uint32Array;
  /** The terms that have postings, joined by '\n'. */
  terms: string;
  /** Term i's postings are [termEnds[i - 1] ?? 0, termEnds[i]) of `rows` and `counts`. */
  termEnds: Uint32Array;
  /** Ascending rows per term. */
  rows: Uint32Array;
  counts: Uint16Array;
}

/** Why `s` cannot be a KeywordSnapshot's content, or null when its arrays fit together. */
export function snapshotProblem(s: KeywordSnapshot): string | null {
  if (s.version !== KEYWORD_SNAPSHOT_VERSION) return `version ${s.version} is not supported`;
  const arrays: Array<[unknown, typeof Uint32Array | typeof Uint16Array, string]> = [
    [s.docChunks, Uint32Array, 'docChunks'],
    [s.rowLengths, Uint32Array, 'rowLengths'],
    [s.termEnds, Uint32Array, 'termEnds'],
    [s.rows, Uint32Array, 'rows'],
    [s.counts, Uint16Array, 'counts'],
  ];
  for (const [array, type, name] of arrays) {
    if (!(array instanceof type)) return `${name} is not a ${type.name}`;
  }
  if (!Array.isArray(s.docIds) || s.docIds.length !== s.docChunks.length) {
    return 'document ids and chunk counts differ in number';
  }
  let rowCount = 0;
  for (const chunks of s.docChunks) rowCount += chunks;
  if (rowCount !== s.rowLengths.length) return 'row lengths do not match the chunk counts';
  const termCount = s.terms === '' ? 0 : s.terms.split('\n').length;
  if (termCount !== s.termEnds.length) return 'term list and term ends differ in number';
  if (s.rows.length !== s.counts.length || (s.termEnds.at(-1) ?? 0) !== s.rows.length) {
    return 'postings arrays do not match the term ends';
  }
  let start = 0;
  for (const end of s.termEnds) {
    if (end < start) return 'term ends go backwards';
    for (let i = start; i < end; i++) {
      const row = s.rows[i]!;
      if (row >= rowCount || (i > start && row <= s.rows[i - 1]!)) {
        return 'a postings list is out of order or out of range';
      }
    }
    start = end;
  }
  return null;
}
