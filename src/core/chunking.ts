// Token-aware chunking with overlap (pure). Splits at paragraph, line and sentence boundaries and
// cuts what is still too long into counted windows; work stays linear in the text (a 20 MB line
// included) and a text over its chunk limit stops as soon as the chunk past it is formed.
// Character offsets map every chunk back to its exact range in the source text.

export type TokenCounter = (text: string) => number;

/** Overlap the app chunks with (about two sentences of context carried into the next chunk). */
export const DEFAULT_OVERLAP_TOKENS = 48;

export interface ChunkOptions {
  /** Upper bound of content tokens per chunk (the embedder appends its EOS on top). */
  maxTokens: number;
  /** Tokens of trailing context repeated at the start of the next chunk (whole sentences). */
  overlapTokens: number;
  /** Most chunks allowed: forming one more throws TooManyChunksError (no limit when absent). */
  maxChunks?: number;
}

export interface TextChunk {
  index: number;
  /** `source.slice(start, end) === text` */
  start: number;
  end: number;
  text: string;
  tokens: number;
}

/** A file that would make more chunks than its limit; thrown while chunking, not after. */
export class TooManyChunksError extends Error {
  override name = 'TooManyChunksError';
  constructor(readonly limit: number) {
    const n = limit.toLocaleString('en-US');
    super(
      `This file makes more than ${n} chunks; the limit is ${n} chunks per file, set in Model settings.`,
    );
  }
}

type Boundary = 'paragraph' | 'sentence' | 'word';

interface Piece {
  start: number;
  end: number;
  tokens: number;
  boundary: Boundary;
}

/** What the splitters share: the text, the counter, the budget and where pieces go. */
interface Splitter {
  text: string;
  count: TokenCounter;
  maxTokens: number;
  emit: (piece: Piece) => void;
}

/**
 * Longer than this many characters per budget token, a run is never counted whole: it cannot fit,
 * and tokenising is the chunker's main cost.
 */
const LONG_RUN_CHARS_PER_TOKEN = 32;
/**
 * Sentences are looked for in windows of this many characters per budget token (at least
 * MIN_SENTENCE_WINDOW): V8's Intl.Segmenter (Node 20) copies its whole input for every segment it
 * returns, so segmenting a long line whole is quadratic, and a window keeps memory flat.
 */
const SENTENCE_WINDOW_CHARS_PER_TOKEN = 8;
const MIN_SENTENCE_WINDOW = 2048;
/** First guess of characters per token when cutting a run into windows; each count refines it. */
const FIRST_CHARS_PER_TOKEN = 4;
const PARAGRAPH_BREAK = /\n[ \t]*\n\s*/g;
const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** Paragraph spans one at a time: a text of blank lines never becomes a huge array. */
function* paragraphSpans(text: string): Generator<[number, number]> {
  let start = 0;
  for (const match of text.matchAll(PARAGRAPH_BREAK)) {
    const end = match.index + match[0].length;
    yield [start, end];
    start = end;
  }
  if (start < text.length) yield [start, text.length];
}

/** Splits [start, end) into pieces that each fit in the budget. */
function splitToFit(
  sp: Splitter,
  start: number,
  end: number,
  boundary: Boundary,
  level: 'paragraph' | 'line' | 'sentence' = 'paragraph',
): void {
  const { text, maxTokens } = sp;
  const long = end - start > maxTokens * LONG_RUN_CHARS_PER_TOKEN;
  const tokens = long ? Infinity : sp.count(text.slice(start, end));
  if (tokens <= maxTokens) return sp.emit({ start, end, tokens, boundary });
  // A paragraph's span ends at its break, so this never searches past it.
  const newline = level === 'paragraph' ? text.indexOf('\n', start) : -1;
  if (newline !== -1 && newline < end) {
    // Lines first: CSV rows and log lines stay whole, and no sentence splitter sees a table.
    let s = start;
    for (let nl = newline; nl !== -1 && nl < end; nl = text.indexOf('\n', s)) {
      splitToFit(sp, s, nl + 1, s === start ? boundary : 'sentence', 'line');
      s = nl + 1;
    }
    if (s < end) splitToFit(sp, s, end, s === start ? boundary : 'sentence', 'line');
    return;
  }
  if (level === 'sentence') cutRun(sp, start, end, boundary);
  else splitSentences(sp, start, end, boundary);
}

/**
 * Splits [start, end) at its sentences, looked for one window at a time: each sentence a window
 * finishes is split to fit; the last one, which the window may have cut, starts the next window.
 * A window that finishes no sentence (minified JSON, base64) is cut at words through most of it.
 */
function splitSentences(sp: Splitter, start: number, end: number, boundary: Boundary): void {
  const size = Math.max(MIN_SENTENCE_WINDOW, sp.maxTokens * SENTENCE_WINDOW_CHARS_PER_TOKEN);
  let label = boundary;
  for (let s = start; s < end;) {
    const e = Math.min(end, s + size);
    let next = s;
    for (const part of sentenceSegmenter.segment(sp.text.slice(s, e))) {
      const from = s + part.index;
      const to = from + part.segment.length;
      if (to === e && e < end) break;
      splitToFit(sp, from, to, label, 'sentence');
      label = 'sentence';
      next = to;
    }
    if (next === s) {
      next = cutRun(sp, s, end, label, s + (((e - s) * 3) >> 2));
      label = 'word';
    }
    s = next;
  }
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Where a window [s, e) of a run ending at `end` should stop: the last word boundary in its
 * second half, found by segmenting only that half; without one, at `e`, though never between the
 * two halves of a surrogate pair.
 */
function wordBreakBefore(text: string, s: number, e: number, end: number): number {
  if (e >= end) return end;
  const lo = s + ((e - s) >> 1);
  if (e - lo >= 2) {
    // One character past the window, so a boundary right at `e` is seen as one.
    const tail = text.slice(lo, e + 1);
    const at = wordSegmenter.segment(tail).containing(e - lo)?.index ?? 0;
    if (at > 0) return lo + at;
  }
  return isLowSurrogate(text.charCodeAt(e)) && e - 1 > s ? e - 1 : e;
}

/**
 * Cuts a run that does not fit, from `start` until past `stop` (the run's end by default), into
 * windows of about a quarter budget ending at word boundaries, each counted once (again, smaller,
 * only when it overshoots the budget). The window size follows the characters per token measured
 * so far, so the counter sees each character about once however long the run. Returns where it
 * stopped.
 */
function cutRun(sp: Splitter, start: number, end: number, boundary: Boundary, stop = end): number {
  const { text, count, maxTokens } = sp;
  const target = Math.max(1, maxTokens >> 2);
  let charsPerToken = FIRST_CHARS_PER_TOKEN;
  let s = start;
  while (s < stop) {
    const guess = s + Math.max(1, Math.round(target * charsPerToken));
    let e = wordBreakBefore(text, s, guess, end);
    let tokens = count(text.slice(s, e));
    while (tokens > maxTokens && e - s > 1) {
      const fits = Math.max(1, Math.floor(((e - s) * maxTokens) / tokens / 1.1));
      e = wordBreakBefore(text, s, s + fits, end);
      tokens = count(text.slice(s, e));
    }
    sp.emit({ start: s, end: e, tokens, boundary: s === start ? boundary : 'word' });
    if (tokens > 0) {
      const measured = (e - s) / tokens;
      charsPerToken = Math.min(LONG_RUN_CHARS_PER_TOKEN, Math.max(0.25, measured));
    }
    s = e;
  }
  return s;
}

function trimmedRange(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return [start, end];
}

/**
 * Packs pieces into chunks as they arrive. A chunk is formed once a piece beyond it exists (the
 * pieces it holds and its paragraph-break choice then cannot change), so the result is the same
 * as packing all pieces at the end, and the chunk limit is checked while the text is split.
 */
class Packer {
  readonly chunks: TextChunk[] = [];
  #pieces: Piece[] = [];
  /** First piece of the next chunk, and the tokens of the pieces from it on. */
  #first = 0;
  #pending = 0;

  constructor(
    private readonly text: string,
    private readonly options: Required<ChunkOptions>,
  ) {}

  add = (piece: Piece): void => {
    this.#pieces.push(piece);
    this.#pending += piece.tokens;
    // Until the pending pieces overflow the budget, the next one may still join the chunk.
    while (this.#pending > this.options.maxTokens && this.#pack(false));
  };

  finish(): TextChunk[] {
    while (this.#first < this.#pieces.length) this.#pack(true);
    return this.chunks;
  }

  /** Forms the next chunk; false when that must wait for more pieces or none are left. */
  #pack(final: boolean): boolean {
    const { maxTokens, overlapTokens, maxChunks } = this.options;
    const pieces = this.#pieces;
    const i = this.#first;
    let j = i;
    let tokens = 0;
    while (j < pieces.length && tokens + pieces[j]!.tokens <= maxTokens)
      tokens += pieces[j++]!.tokens;
    if (j === i) tokens = pieces[j++]!.tokens;
    if (j >= pieces.length && !final) return false;
    // Prefer ending at a paragraph break when that still fills at least half the budget.
    if (j < pieces.length && pieces[j]!.boundary !== 'paragraph') {
      let filled = tokens;
      for (let k = j - 1; k > i; k--) {
        filled -= pieces[k]!.tokens;
        if (pieces[k]!.boundary === 'paragraph' && filled >= maxTokens / 2) {
          j = k;
          tokens = filled;
          break;
        }
      }
    }
    const [start, end] = trimmedRange(this.text, pieces[i]!.start, pieces[j - 1]!.end);
    if (end > start) {
      if (this.chunks.length >= maxChunks) throw new TooManyChunksError(maxChunks);
      const text = this.text.slice(start, end);
      this.chunks.push({ index: this.chunks.length, start, end, text, tokens });
    }
    if (j >= pieces.length) {
      this.#first = pieces.length;
      return false;
    }
    let k = j;
    let overlap = 0;
    while (k - 1 > i && overlap + pieces[k - 1]!.tokens <= overlapTokens)
      overlap += pieces[--k]!.tokens;
    for (let m = i; m < k; m++) this.#pending -= pieces[m]!.tokens;
    this.#first = k;
    // Drop the pieces already packed, now and then, so a long text keeps only a few.
    if (k > 4096) {
      this.#pieces = pieces.slice(k);
      this.#first = 0;
    }
    return true;
  }
}

/** Chunks `text`; whitespace-only input gives no chunks. */
export function chunkText(text: string, count: TokenCounter, options: ChunkOptions): TextChunk[] {
  const { maxTokens, overlapTokens, maxChunks = Infinity } = options;
  if (maxTokens < 1) throw new RangeError('maxTokens must be at least 1');
  if (overlapTokens < 0 || overlapTokens >= maxTokens) {
    throw new RangeError('overlapTokens must be in [0, maxTokens)');
  }
  const packer = new Packer(text, { maxTokens, overlapTokens, maxChunks });
  const splitter: Splitter = { text, count, maxTokens, emit: packer.add };
  for (const [s, e] of paragraphSpans(text)) splitToFit(splitter, s, e, 'paragraph');
  return packer.finish();
}
