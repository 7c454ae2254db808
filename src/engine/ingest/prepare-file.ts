// A file's bytes made ready to embed, as the app and the `sieve` CLI both do it (embedder worker or
// Node): its content id, the checks before reading, extraction, lone headings joined, section-aware
// chunking with the embedder's tokenizer, and each chunk's embedder input (heading path + text).

import { formatBytes } from '../../core/format';
import { chunkSections, embeddingInput, joinLoneHeadings } from '../../core/section-chunks';
import type { LocatedChunk, TextSection } from '../../core/section-chunks';
import type { FileLimits } from '../../core/types/library';
import { extractDocument, formatOf, unsupportedMessage, type ExtractedDocument } from '../extract';
import type { TokenCounter } from '../qwen3/token-counter';

/** First 16 bytes of the file's SHA-256, hex: equal files get equal ids. */
export async function contentId(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The file's problem before any byte is read (its type and size), or null. */
export function fileProblem(
  path: string,
  size: number,
  maxBytes: number,
): { status: 'skipped' | 'failed'; message: string } | null {
  if (formatOf(path) === null) return { status: 'skipped', message: unsupportedMessage(path) };
  if (size === 0) return { status: 'failed', message: 'The file is empty.' };
  if (size > maxBytes) {
    return {
      status: 'failed',
      message: `The file is too large (${formatBytes(size)}; the limit is ${formatBytes(maxBytes)}, set in Model settings).`,
    };
  }
  return null;
}

/** How chunks are cut: the app's chunk-size setting, overlap and file limits. */
export interface ChunkSettings extends Omit<FileLimits, 'maxFileBytes'> {
  chunkTokens: number;
  overlapTokens: number;
}

export interface PreparedFile {
  extracted: ExtractedDocument;
  sections: TextSection[];
  /** Empty when the file has no text to index. */
  chunks: LocatedChunk[];
  /** What the embedder and the keyword index read for each chunk. */
  inputs: string[];
}

/** The tokens per chunk the chunker aims at: the setting, within the embedder's own input cap. */
export const chunkMaxTokens = (chunkTokens: number, tokens: TokenCounter) =>
  Math.min(chunkTokens, tokens.maxTokens - 1);

/**
 * Extracts and chunks a file. `tokens` is asked for only after extraction succeeds (so a file
 * that cannot be read fails as itself, not on the tokenizer). Throws ExtractionError for the
 * file's own problems and TooManyChunksError past `maxChunks`.
 */
export async function prepareFile(
  name: string,
  bytes: Uint8Array,
  tokens: () => Promise<TokenCounter>,
  settings: ChunkSettings,
): Promise<PreparedFile> {
  const extracted = await extractDocument(name, bytes, settings);
  const counter = await tokens();
  const sections = joinLoneHeadings(extracted.text, extracted.sections);
  // Throws TooManyChunksError as soon as it passes maxChunks.
  const chunks = chunkSections(extracted.text, sections, (text) => counter.countTokens(text), {
    maxTokens: chunkMaxTokens(settings.chunkTokens, counter),
    overlapTokens: settings.overlapTokens,
    maxChunks: settings.maxChunks,
  });
  const inputs = chunks.map((c) => embeddingInput(c.text, sections[c.section]));
  return { extracted, sections, chunks, inputs };
}
