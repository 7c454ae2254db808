// Token-aware chunking with overlap (pure). Splits at paragraph, then sentence, then word
// boundaries, counts tokens once per piece (no quadratic re-tokenising) and keeps character
// offsets so every chunk maps back to its exact range in the source text.

export type TokenCounter = (text: string) => number;

export interface ChunkOptions {
  /** Upper bound of content tokens per chunk (the embedder appends its EOS on top). */
  maxTokens: number;
  /** Tokens of trailing context repeated at the start of the next chunk (whole sentences). */
  overlapTokens: number;
}

export interface TextChunk {
  index: number;
  /** `source.slice(start, end) === text` */
  start: number;
  end: number;
  text: string;
  tokens: number;
}

type Boundary = 'paragraph' | 'sentence' | 'word';

interface Piece {
  start: number;
  end: number;
  tokens: number;
  boundary: Boundary;
}

/** Longer than this many characters per budget token, a run is split without counting it whole. */
const LONG_RUN_CHARS_PER_TOKEN = 32;
const PARAGRAPH_BREAK = /\n[ \t]*\n\s*/g;
const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

function paragraphSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = 0;
  for (const match of text.matchAll(PARAGRAPH_BREAK)) {
    const end = match.index + match[0].length;
    spans.push([start, end]);
    start = end;
  }
  if (start < text.length) spans.push([start, text.length]);
  return spans;
}

/** Splits [start, end) of `text` into pieces that each fit in `maxTokens`. */
function splitToFit(
  text: string,
  start: number,
  end: number,
  boundary: Boundary,
  count: TokenCounter,
  maxTokens: number,
  out: Piece[],
  level: 'paragraph' | 'line' | 'sentence' = 'paragraph',
): void {
  const slice = text.slice(start, end);
  // A run this long cannot fit: skip counting it whole (tokenising is the chunker's main cost).
  const tokens = slice.length > maxTokens * LONG_RUN_CHARS_PER_TOKEN ? Infinity : count(slice);
  if (tokens <= maxTokens) {
    out.push({ start, end, tokens, boundary });
    return;
  }
  if (level === 'paragraph' && slice.includes('\n')) {
    // Lines first: CSV rows and log lines stay whole, and the sentence splitter (superlinear on
    // long strings in some engines) never sees a whole table.
    let s = start;
    for (const match of slice.matchAll(/\n/g)) {
      const e = start + match.index + 1;
      splitToFit(text, s, e, s === start ? boundary : 'sentence', count, maxTokens, out, 'line');
      s = e;
    }
    if (s < end) splitToFit(text, s, end, 'sentence', count, maxTokens, out, 'line');
    return;
  }
  if (level === 'sentence') {
    packWords(text, start, [...wordSegmenter.segment(slice)], count, maxTokens, boundary, out);
    return;
  }
  [...sentenceSegmenter.segment(slice)].forEach((part, i) => {
    const s = start + part.index;
    const label = i === 0 ? boundary : 'sentence';
    splitToFit(text, s, s + part.segment.length, label, count, maxTokens, out, 'sentence');
  });
}

/** One unbreakable run longer than the budget (e.g. base64): cut by characters. */
function cutCharacters(
  text: string,
  start: number,
  end: number,
  boundary: Boundary,
  count: TokenCounter,
  maxTokens: number,
  out: Piece[],
): void {
  for (let s = start; s < end;) {
    let step = Math.min(end - s, maxTokens * 4);
    let tokens = count(text.slice(s, s + step));
    while (tokens > maxTokens && step > 1) {
      step = Math.max(1, Math.floor((step * maxTokens) / tokens / 1.1));
      tokens = count(text.slice(s, s + step));
    }
    out.push({ start: s, end: s + step, tokens, boundary: s === start ? boundary : 'word' });
    s += step;
  }
}

function packWords(
  text: string,
  base: number,
  parts: Intl.SegmentData[],
  count: TokenCounter,
  maxTokens: number,
  boundary: Boundary,
  out: Piece[],
): void {
  let groupStart = base;
  let groupEnd = base;
  let groupTokens = 0;
  let first = true;
  const flush = () => {
    if (groupEnd > groupStart) {
      out.push({
        start: groupStart,
        end: groupEnd,
        tokens: groupTokens,
        boundary: first ? boundary : 'word',
      });
      first = false;
    }
    groupStart = groupEnd;
    groupTokens = 0;
  };
  for (const part of parts) {
    const s = base + part.index;
    const e = s + part.segment.length;
    const t = count(part.segment);
    if (t > maxTokens) {
      flush();
      cutCharacters(text, s, e, first ? boundary : 'word', count, maxTokens, out);
      groupStart = groupEnd = e;
      first = false;
      continue;
    }
    // Word-sized groups of about a quarter budget keep later packing flexible.
    if (groupTokens + t > Math.max(1, maxTokens >> 2)) flush();
    groupEnd = e;
    groupTokens += t;
  }
  flush();
}

function trimmedRange(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return [start, end];
}

/** Chunks `text`; whitespace-only input gives no chunks. */
export function chunkText(text: string, count: TokenCounter, options: ChunkOptions): TextChunk[] {
  const { maxTokens, overlapTokens } = options;
  if (maxTokens < 1) throw new RangeError('maxTokens must be at least 1');
  if (overlapTokens < 0 || overlapTokens >= maxTokens) {
    throw new RangeError('overlapTokens must be in [0, maxTokens)');
  }
  const pieces: Piece[] = [];
  for (const [s, e] of paragraphSpans(text)) {
    splitToFit(text, s, e, 'paragraph', count, maxTokens, pieces);
  }
  const chunks: TextChunk[] = [];
  let i = 0;
  while (i < pieces.length) {
    let j = i;
    let tokens = 0;
    while (j < pieces.length && tokens + pieces[j]!.tokens <= maxTokens)
      tokens += pieces[j++]!.tokens;
    if (j === i) tokens = pieces[j++]!.tokens;
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
    const [start, end] = trimmedRange(text, pieces[i]!.start, pieces[j - 1]!.end);
    if (end > start) {
      chunks.push({ index: chunks.length, start, end, text: text.slice(start, end), tokens });
    }
    if (j >= pieces.length) break;
    let k = j;
    let overlap = 0;
    while (k - 1 > i && overlap + pieces[k - 1]!.tokens <= overlapTokens)
      overlap += pieces[--k]!.tokens;
    i = k;
  }
  return chunks;
}
