// Rows of `npm run bench:ingest` (Node): one flat object per format, large file or folder run,
// the same shape in the console tables and in bench-results/ingest.json.

export type RowKind = 'format' | 'large-file' | 'folder';

export interface Row {
  kind: RowKind;
  format: string;
  files: number;
  /** Input file bytes, MiB. */
  megabytes: number;
  /** Extracted text (UTF-8), MiB: what the chunker reads. */
  text_megabytes: number | null;
  extract_ms: number | null;
  /** Input MiB per second of extraction. */
  extract_mb_s: number | null;
  /** Heading joins + section chunking with the Qwen3 token counter + embedder inputs. */
  chunk_ms: number | null;
  /** Text MiB per second of chunking. */
  chunk_mb_s: number | null;
  /** Part of chunk_ms spent in the Qwen3 token counter. */
  tokenize_ms: number | null;
  /** SHA-256 chunk hashes (vector reuse). */
  hash_ms: number | null;
  chunks: number;
  tokens: number | null;
  /** Chunks per second of the whole run (total_ms). */
  chunks_per_s: number;
  total_ms: number;
  peak_rss_mb: number | null;
  files_per_s: number | null;
  input_latency_p50_ms: number | null;
  input_latency_p95_ms: number | null;
  input_latency_max_ms: number | null;
  failed: number | null;
  note: string;
}

export const MIB = 2 ** 20;

/** Lines a child process prints its rows on. */
export const ROWS_PREFIX = 'INGEST_ROWS ';

export const round = (x: number, digits = 0) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Three significant digits or so: enough for tables that are noisy in the second digit. */
export const sig = (x: number) => (x >= 100 ? round(x) : x >= 10 ? round(x, 1) : round(x, 2));

/** Amount per second, given milliseconds. */
export const perSecond = (amount: number, ms: number) => (ms > 0 ? sig((amount / ms) * 1000) : 0);

export function emptyRow(kind: RowKind, format: string): Row {
  return {
    kind,
    format,
    files: 0,
    megabytes: 0,
    text_megabytes: null,
    extract_ms: null,
    extract_mb_s: null,
    chunk_ms: null,
    chunk_mb_s: null,
    tokenize_ms: null,
    hash_ms: null,
    chunks: 0,
    tokens: null,
    chunks_per_s: 0,
    total_ms: 0,
    peak_rss_mb: null,
    files_per_s: null,
    input_latency_p50_ms: null,
    input_latency_p95_ms: null,
    input_latency_max_ms: null,
    failed: null,
    note: '',
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

/**
 * Sentence segmentation of one 320 KB paragraph, in ms. Node 20's Intl.Segmenter slows down more
 * than linearly on long strings, and the chunker splits any paragraph over the token budget into
 * sentences with it: part of why CSV and JSON (one paragraph without blank lines) chunk slower in
 * Node than in the browser. Self-contained, so `page.evaluate` can run it in Chromium too.
 */
export function sentenceSegmenterMs(): number {
  const text = 'The quick brown fox jumps over the lazy dog near the bank. '.repeat(5425);
  const start = performance.now();
  let n = 0;
  for (const s of new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text)) {
    n += s.segment.length;
  }
  return n > 0 ? performance.now() - start : NaN;
}
