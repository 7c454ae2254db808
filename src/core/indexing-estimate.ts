// How long the indexing queue's remaining work will take on this device (pure; the page derives
// it from the queue's rows and the worker's measured tokens per second): chunks and tokens still to
// embed per file, from the file's actual counts once chunked, else from its size and format.

import { formatEta } from './format';
import { FINAL_STATUSES, type IngestStatus } from './types/library';

/**
 * Embedded content tokens per byte of file, by format (the worker's format names). Measured with
 * the Qwen3 tokenizer on the sample collection (public/samples, built from samples/source/: 9
 * Markdown, 5 text, 3 HTML, 2 code files and one each of PDF, DOCX, JSON and CSV, ≈1.3–4.3 KB
 * each): the embedder's inputs (chunk text with its heading path), less the chunker's overlap.
 * PDF and DOCX vary most (fonts, images and zip overhead are bytes without text), which is what
 * the library's own documents of the format then correct (see `tokensPerByte`).
 */
export const DEFAULT_TOKENS_PER_BYTE: Readonly<Record<string, number>> = {
  markdown: 0.26,
  html: 0.22,
  docx: 0.17,
  pdf: 0.15,
  text: 0.22,
  code: 0.23,
  json: 0.42,
  csv: 0.45,
};
/** A file of unknown format: the plain-text ratio. */
const FALLBACK_TOKENS_PER_BYTE = 0.22;

/**
 * Tokens of a typical section in formats with headings (same samples): their chunks end at
 * section boundaries, well below the chunk size. Other formats fill each chunk.
 */
export const DEFAULT_SECTION_TOKENS: Readonly<Record<string, number>> = {
  markdown: 120,
  html: 70,
  docx: 115,
};

/**
 * The defaults count as this many bytes of evidence: observed documents of a format take over once
 * they add up to more than a few sample files.
 */
const PRIOR_BYTES = 16 * 1024;

/** One row of the queue as the estimate needs it. */
export interface EstimateFile {
  status: IngestStatus;
  size?: number;
  format?: string;
  /** While embedding: chunks embedded so far, chunks and content tokens to embed in all. */
  done?: number;
  total?: number;
  tokens?: number;
}

/** A document already in the library: what its format really gave per byte. */
export interface FormatSample {
  format?: string;
  size: number;
  tokenCount: number;
}

export interface EstimateInput {
  files: readonly EstimateFile[];
  /** Documents extracted before (any format); refine the per-byte ratios. */
  observed?: readonly FormatSample[];
  /** The chunk size setting (tokens per chunk, at most) and the chunker's overlap. */
  chunkTokens: number;
  overlapTokens: number;
  /** This device's measured embedding speed, if any. */
  tokensPerSecond?: number;
}

export interface IndexingEstimate {
  /** Files still to embed (waiting, being read or being embedded). */
  files: number;
  chunks: number;
  tokens: number;
  /** Embedding time, when a speed is known. */
  ms?: number;
}

/** Tokens per byte by format: the defaults, refined by the library's documents of each format. */
export function tokensPerByte(observed: readonly FormatSample[] = []): Map<string, number> {
  const seen = new Map<string, { bytes: number; tokens: number }>();
  for (const doc of observed) {
    if (!doc.format || !(doc.size > 0) || !(doc.tokenCount > 0)) continue;
    const sum = seen.get(doc.format) ?? { bytes: 0, tokens: 0 };
    sum.bytes += doc.size;
    sum.tokens += doc.tokenCount;
    seen.set(doc.format, sum);
  }
  const ratios = new Map(Object.entries(DEFAULT_TOKENS_PER_BYTE));
  for (const [format, { bytes, tokens }] of seen) {
    const prior = ratios.get(format) ?? FALLBACK_TOKENS_PER_BYTE;
    ratios.set(format, (prior * PRIOR_BYTES + tokens) / (PRIOR_BYTES + bytes));
  }
  return ratios;
}

/** Chunks and embedded tokens of a file of `content` tokens, as the chunker would cut it. */
export function chunksOf(
  content: number,
  format: string | undefined,
  chunkTokens: number,
  overlapTokens: number,
): { chunks: number; tokens: number } {
  if (content <= 0) return { chunks: 0, tokens: 0 };
  const section = format === undefined ? undefined : DEFAULT_SECTION_TOKENS[format];
  // Sections smaller than a chunk become chunks of their own, without overlap.
  if (section !== undefined && section < chunkTokens) {
    return { chunks: Math.ceil(content / section), tokens: content };
  }
  const step = Math.max(1, chunkTokens - overlapTokens);
  const chunks = Math.max(1, Math.ceil((content - overlapTokens) / step));
  return { chunks, tokens: content + (chunks - 1) * overlapTokens };
}

/** The queue's remaining embedding work; finished rows (done, failed, duplicate…) count nothing. */
export function estimateIndexing(input: EstimateInput): IndexingEstimate {
  const ratios = tokensPerByte(input.observed);
  let files = 0;
  let chunks = 0;
  let tokens = 0;
  for (const file of input.files) {
    if (FINAL_STATUSES.has(file.status) || file.status === 'saving') continue;
    const ratio = (file.format && ratios.get(file.format)) || FALLBACK_TOKENS_PER_BYTE;
    const cut = chunksOf(
      (file.size ?? 0) * ratio,
      file.format,
      input.chunkTokens,
      input.overlapTokens,
    );
    if (file.status === 'embedding' && file.total !== undefined) {
      // Chunked: its own counts, less what is embedded already.
      const left = Math.max(0, file.total - (file.done ?? 0));
      if (left === 0) continue;
      chunks += left;
      tokens +=
        ((file.tokens ?? (cut.tokens * file.total) / Math.max(1, cut.chunks)) * left) / file.total;
      files++;
    } else if (cut.chunks > 0) {
      chunks += cut.chunks;
      tokens += cut.tokens;
      files++;
    }
  }
  const estimate: IndexingEstimate = { files, chunks, tokens: Math.round(tokens) };
  if (input.tokensPerSecond && input.tokensPerSecond > 0) {
    estimate.ms = (tokens / input.tokensPerSecond) * 1000;
  }
  return estimate;
}

/** Worth a line of its own: a minute or more, or at least this many chunks. */
export const ESTIMATE_MIN_MS = 60_000;
export const ESTIMATE_MIN_CHUNKS = 100;

export const isLargeEstimate = (estimate: IndexingEstimate): boolean =>
  estimate.chunks >= ESTIMATE_MIN_CHUNKS || (estimate.ms ?? 0) >= ESTIMATE_MIN_MS;

/** "about 25 min", "about 40 s", "under a minute", "a few seconds". */
export function formatEstimateTime(ms: number): string {
  if (ms >= 45_000 && ms < 60_000) return 'under a minute';
  return formatEta(ms);
}

/** "≈1,200": two significant figures from 100 on; an estimate is no more exact than that. */
export function formatChunkCount(chunks: number): string {
  const digits = Math.floor(Math.log10(Math.max(1, chunks)));
  const unit = digits >= 2 ? 10 ** (digits - 1) : 1;
  return `≈${(Math.round(chunks / unit) * unit).toLocaleString('en')}`;
}

const BACKEND_NAMES: Record<string, string> = { wasm: 'WASM', webgpu: 'WebGPU' };

/** Where a speed came from, in words. */
export interface SpeedBasis {
  tokensPerSecond: number;
  backend: string;
  source: 'warm-up' | 'indexing';
  stored?: boolean;
}

/**
 * The queue panel's line, or undefined for a handful of small files: "About 25 min for ≈1,200
 * chunks on this device (measured 410 tokens/s on WASM while indexing)".
 */
export function estimateText(
  estimate: IndexingEstimate,
  speed: SpeedBasis | undefined,
): string | undefined {
  if (!isLargeEstimate(estimate)) return undefined;
  const chunks = `${formatChunkCount(estimate.chunks)} chunk${estimate.chunks === 1 ? '' : 's'}`;
  if (!speed || estimate.ms === undefined) {
    return `${chunks} to embed: the time estimate appears once the model has measured this device.`;
  }
  const time = formatEstimateTime(estimate.ms);
  const when = speed.stored
    ? 'on an earlier visit'
    : speed.source === 'indexing'
      ? 'while indexing'
      : 'at model load';
  const rate = Math.round(speed.tokensPerSecond).toLocaleString('en');
  const backend = BACKEND_NAMES[speed.backend] ?? speed.backend;
  return `${time[0]!.toUpperCase()}${time.slice(1)} for ${chunks} on this device (measured ${rate} tokens/s on ${backend} ${when})`;
}
