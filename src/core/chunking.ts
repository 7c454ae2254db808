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
): void {
  const slice = text.slice(start, end);
  const tokens = count(slice);
  if (tokens <= maxTokens) {
    out.push({ start, end, tokens, boundary });
    return;
  }
  if (boundary !== 'word') {
    const segmenter = boundary === 'paragraph' ? sentenceSegmenter : wordSegmenter;
    const next: Boundary = boundary === 'paragraph' ? 'sentence' : 'word';
    const parts = [...segmenter.segment(slice)];
    if (parts.length > 1) {
      // Word segments are tiny: regroup them greedily rather than emitting one piece per word.
      if (next === 'word') return packWords(text, start, parts, count, maxTokens, boundary, out);
      parts.forEach((part, i) => {
        const s = start + part.index;
        splitToFit(
          text,
          s,
          s + part.segment.length,
          i === 0 ? boundary : next,
          count,
          maxTokens,
          out,
        );
      });
      return;
    }
  }
  // One unbreakable run longer than the budget (e.g. base64): cut by characters.
  const step = Math.max(1, Math.floor((slice.length * maxTokens) / tokens / 1.25));
  for (let s = start; s < end; s += step) {
    const e = Math.min(end, s + step);
    out.push({
      start: s,
      end: e,
      tokens: count(text.slice(s, e)),
      boundary: s === start ? boundary : 'word',
    });
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
      splitToFit(text, s, e, 'word', count, maxTokens, out);
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
