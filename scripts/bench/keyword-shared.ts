// Shared parts of `npm run bench:keyword` (Node): the rows written to bench-results/keyword.json,
// what the parent asks of each child process, and what the browser page must find again.

/** One child process's work: one corpus size, measured in Node. */
export interface KeywordRunConfig {
  /** Chunks (SciFact chunks, replicated past the ≈ 16.8k there are). */
  n: number;
  /** SciFact queries timed for the keyword leg alone (all of them when larger). */
  keywordQueries: number;
  /** Queries timed vector-only and hybrid. */
  hybridQueries: number;
  /** Where to write the packed keyword records for the browser, if anywhere. */
  recordsFile?: string;
}

/** What the browser's index, built from the records IndexedDB returns, must reproduce. */
export interface KeywordCheck {
  chunks: number;
  postings: number;
  query: string;
  /** BM25 scores of the query's best 10 chunks. */
  topScores: number[];
}

export interface NodeRow {
  n: number;
  records: number;
  text_mb: number;
  analyze_ms: number;
  analyze_chunks_per_s: number;
  analyze_mb_per_s: number;
  add_ms: number;
  add_chunks_per_s: number;
  add_mb_per_s: number;
  terms: number;
  postings: number;
  record_bytes_per_chunk: number;
  index_array_bytes_per_chunk: number;
  index_heap_bytes_per_chunk: number | null;
  keyword_queries: number;
  keyword_p50_ms: number;
  keyword_p95_ms: number;
  keyword_mean_hits: number;
  vector_build_ms: number;
  hybrid_queries: number;
  vector_p50_ms: number;
  vector_p95_ms: number;
  hybrid_p50_ms: number;
  hybrid_p95_ms: number;
  /** hybrid_p50_ms − vector_p50_ms. */
  added_p50_ms: number;
  /** p50 of each hybrid query's own keyword + fusion time. */
  keyword_leg_p50_ms: number;
  check: KeywordCheck;
}

export interface ChromiumRow {
  n: number;
  records: number;
  /** The keyword records' bytes (keywordDocumentBytes) and the snapshot's arrays and strings. */
  record_mb: number;
  snapshot_mb: number;
  /** idb-keyval setMany of every record (one transaction). */
  idb_save_ms: number | null;
  /** LibraryKeywords.flush after a load from records: toSnapshot + one put. */
  snapshot_save_ms: number | null;
  /** Median LibraryKeywords.load without a snapshot: every record read (getAll) and added. */
  load_records_ms: number | null;
  /** Median LibraryKeywords.load with the snapshot: one get, restore, record ids listed. */
  load_snapshot_ms: number | null;
  note: string;
}

/** Prefix of the one stdout line on which a child process reports its row. */
export const ROW_PREFIX = 'BENCH_KEYWORD_ROW ';

export const KEYWORDS_PREFIX = 'keywords:';
