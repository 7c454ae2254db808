// Chunking of a document that has sections (PDF pages, heading-delimited parts) and the location
// each chunk keeps (pure). Chunks never cross a section, so every chunk has one page and one
// heading path; the heading path is also given to the embedder as context.
import {
  chunkText,
  TooManyChunksError,
  type ChunkOptions,
  type TextChunk,
  type TokenCounter,
} from './chunking';

/** A run of a document's text and where it came from (PDF page, 1-based; heading path). */
export interface TextSection {
  start: number;
  end: number;
  page?: number;
  headings?: string[];
}

export interface LocatedChunk extends TextChunk {
  /** Index of the section the chunk lies in. */
  section: number;
}

/** Fewest content tokens a chunk keeps however long its heading context is. */
const MIN_CONTENT_TOKENS = 32;
const HEADING_SEPARATOR = ' › ';

export function headingContext(section: TextSection | undefined): string {
  return section?.headings?.filter((h) => h.trim() !== '').join(HEADING_SEPARATOR) ?? '';
}

/** "Page 3 · Setup › Install", or undefined when the section says nothing. */
export function locationLabel(section: TextSection | undefined): string | undefined {
  const parts = [
    section?.page !== undefined ? `Page ${section.page}` : '',
    headingContext(section),
  ].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** What the embedder reads for a chunk: its heading path (if any) as context, then the chunk. */
export function embeddingInput(chunk: string, section: TextSection | undefined): string {
  const context = headingContext(section);
  return context === '' ? chunk : `${context}\n\n${chunk}`;
}

/**
 * Sections with nothing but one short line (a heading followed straight by a subheading) join
 * the section after them, so no chunk is a lone heading; the joined section keeps the later,
 * deeper location.
 */
export function joinLoneHeadings(text: string, sections: readonly TextSection[]): TextSection[] {
  const out: TextSection[] = [];
  let carry: number | undefined;
  sections.forEach((section, i) => {
    const body = text.slice(section.start, section.end).trim();
    const lone = !body.includes('\n') && body.length <= 120 && i < sections.length - 1;
    if (lone && section.page === sections[i + 1]!.page) {
      carry ??= section.start;
      return;
    }
    out.push(carry === undefined ? section : { ...section, start: carry });
    carry = undefined;
  });
  return out;
}

/**
 * Chunks each section on its own (offsets stay absolute, indexes run across the document); a
 * section's heading context is taken off its token budget so the embedder input still fits.
 * `maxChunks` holds for the whole document: TooManyChunksError as soon as a chunk passes it.
 */
export function chunkSections(
  text: string,
  sections: readonly TextSection[],
  count: TokenCounter,
  options: ChunkOptions,
): LocatedChunk[] {
  const limit = options.maxChunks ?? Infinity;
  const chunks: LocatedChunk[] = [];
  const all = sections.length > 0 ? sections : [{ start: 0, end: text.length }];
  all.forEach((section, s) => {
    const context = headingContext(section);
    const contextTokens = context === '' ? 0 : count(`${context}\n\n`);
    const maxTokens = Math.max(
      Math.min(options.maxTokens, MIN_CONTENT_TOKENS),
      options.maxTokens - contextTokens,
    );
    const overlapTokens = Math.min(options.overlapTokens, Math.floor(maxTokens / 4));
    const part = text.slice(section.start, section.end);
    let sectionChunks: TextChunk[];
    try {
      const maxChunks = limit - chunks.length;
      sectionChunks = chunkText(part, count, { maxTokens, overlapTokens, maxChunks });
    } catch (error) {
      // The section ran out of what was left; the message names the document's limit.
      if (error instanceof TooManyChunksError) throw new TooManyChunksError(limit);
      throw error;
    }
    for (const chunk of sectionChunks) {
      chunks.push({
        ...chunk,
        index: chunks.length,
        start: chunk.start + section.start,
        end: chunk.end + section.start,
        section: s,
      });
    }
  });
  return chunks;
}
