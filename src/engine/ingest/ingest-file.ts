// Ingestion of one file in the embedder worker: checks, text extraction (PDF, DOCX, HTML,
// Markdown, text, code, CSV/JSON), section-aware chunking (the tokenizer alone), keyword
// analysis, reuse of vectors of chunks seen before, embedding of the rest when the model is
// available (kept as it goes, so a reload does not redo it) and one atomic save that replaces the
// file's earlier version. Without the model the file is saved for keyword search; its vectors
// follow once the model loads. Problems end as a failed or skipped status.

import { errorMessage } from '../../core/errors';
import { DEFAULT_COLLECTION } from '../../core/types/library';
import type { FileLimits, IngestItem, IngestUpdate, QueueBlock } from '../../core/types/library';
import { chunkHashKey, hashChunks } from '../library/chunk-hashes';
import type { Library } from '../library/library';
import { documentIdIn } from '../library/library-store';
import type { Qwen3Embedder } from '../qwen3/embedder';
import type { TokenCounter } from '../qwen3/token-counter';
import { keywordDocument } from '../../core/keyword/keyword-document';
import type { PendingVectors } from './pending-vectors';
import { contentId, fileProblem, prepareFile } from './prepare-file';
import { blockOf, modelBlock, QueueBlockedError } from './queue-block';

/** What ingest needs, with the file limits (file size, unpacked size, text, chunks). */
export interface IngestContext extends FileLimits {
  library: Library;
  /** The embedder's tokenizer, for chunking (a failure blocks the queue: nothing can be chunked). */
  tokens: () => Promise<TokenCounter>;
  /** The embedder when it is loaded or may load now; undefined saves the file without vectors. */
  embedder: () => Promise<Qwen3Embedder | undefined>;
  /** Upper bound of tokens per chunk (the model's own limit applies too). */
  chunkTokens: number;
  overlapTokens: number;
  /** Runs between steps and embedding batches: waits while paused, throws when cancelled. */
  checkpoint?: () => Promise<void>;
  /** Where vectors of a file still being embedded are kept, by vector space. */
  pending?: { store: PendingVectors; space: string };
  /**
   * Runs the save alone across tabs, on a library read again first if another tab changed it
   * (see TabSync); without it the save just runs.
   */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Each embedded slice: its content tokens and embedding time (pauses left out), for the ETA. */
  onEmbedded?: (tokens: number, ms: number) => void;
}

export type Report = (u: Omit<IngestUpdate, 'key' | 'name'>) => void;

/** Thrown by a checkpoint when the user cancels indexing. */
export class IngestCancelledError extends Error {
  override name = 'IngestCancelledError';
  constructor() {
    super('Indexing was cancelled.');
  }
}

/** Chunks embedded between saves of pending vectors. */
const EMBED_SLICE = 32;

/** Vectors for every chunk input: reused where an equal chunk has one, embedded otherwise. */
async function vectorsFor(
  inputs: string[],
  ctx: IngestContext,
  embedder: Qwen3Embedder,
  report: Report,
): Promise<{ vectors: Float32Array; hashes: Uint8Array; reused: number }> {
  const hashes = await hashChunks(inputs);
  const keys = inputs.map((_, i) => chunkHashKey(hashes, i));
  const firstOf = new Map<string, number>();
  keys.forEach((key, i) => firstOf.has(key) || firstOf.set(key, i));
  const unique = [...firstOf.keys()];
  const stored = await ctx.library.vectorsForChunks(unique);
  const known = new Map(unique.map((key, i) => [key, stored[i]]));
  // Vectors a reload interrupted before saving, for the chunks the library does not have.
  const pending = ctx.pending;
  const unknown = unique.filter((key) => !known.get(key));
  if (pending && unknown.length > 0) {
    const kept = await pending.store.get(pending.space, unknown);
    unknown.forEach((key, i) => known.set(key, kept[i]));
  }
  const missing = [...firstOf].filter(([key]) => !known.get(key)).map(([, i]) => i);
  const dim = embedder.dimension;
  // Content tokens per chunk to embed: the page's estimate and the measured speed count these.
  const tokens = missing.map((i) => embedder.countTokens(inputs[i]!));
  const total = { total: missing.length, tokens: tokens.reduce((sum, n) => sum + n, 0) };
  let paused = 0;
  const checkpoint = ctx.checkpoint && timed(ctx.checkpoint, (ms) => (paused += ms));
  for (let from = 0; from < missing.length; from += EMBED_SLICE) {
    report({ status: 'embedding', done: from, ...total });
    const slice = missing.slice(from, from + EMBED_SLICE);
    const started = performance.now();
    paused = 0;
    const embedded = await embedder.embedDocuments(
      slice.map((i) => inputs[i]!),
      (done) => report({ status: 'embedding', done: from + done, ...total }),
      checkpoint,
    );
    const sliceTokens = tokens.slice(from, from + EMBED_SLICE).reduce((sum, n) => sum + n, 0);
    ctx.onEmbedded?.(sliceTokens, performance.now() - started - paused);
    const rows = slice.map(
      (i, m) => [keys[i]!, embedded.subarray(m * dim, (m + 1) * dim)] as const,
    );
    for (const [key, row] of rows) known.set(key, row);
    if (pending) await pending.store.put(pending.space, rows);
  }
  const vectors = new Float32Array(inputs.length * dim);
  keys.forEach((key, i) => vectors.set(known.get(key)!, i * dim));
  return { vectors, hashes, reused: inputs.length - missing.length };
}

/** `work` with the time each call takes passed to `spent` (a pause is no embedding time). */
function timed(work: () => Promise<void>, spent: (ms: number) => void): () => Promise<void> {
  return async () => {
    const started = performance.now();
    try {
      await work();
    } finally {
      spent(performance.now() - started);
    }
  };
}

/** The file's bytes; a file the browser can no longer read gets a message that says why. */
async function readBytes(file: File): Promise<ArrayBuffer> {
  try {
    return await file.arrayBuffer();
  } catch (error) {
    if (!(error instanceof DOMException && error.name === 'NotReadableError')) throw error;
    throw new Error(
      'The file could not be read any more (moved or changed on disk, or its queued copy was cleared with the site data): add it again.',
      { cause: error },
    );
  }
}

/**
 * Indexes one file; its last report is its final status. A failure that is not the file's own
 * (model, storage) reports it queued again and returns the block the queue must wait out.
 */
export async function ingestFile(
  item: IngestItem,
  ctx: IngestContext,
  report: Report,
): Promise<QueueBlock | undefined> {
  try {
    await ingestOne(item, ctx, report);
    return undefined;
  } catch (error) {
    if (error instanceof IngestCancelledError) {
      report({ status: 'cancelled' });
      return undefined;
    }
    const block = blockOf(error);
    report(block ? { status: 'queued' } : { status: 'failed', message: errorMessage(error) });
    return block;
  }
}

async function ingestOne(item: IngestItem, ctx: IngestContext, report: Report): Promise<void> {
  const { file, path } = item;
  const problem = fileProblem(item.path, item.file.size, ctx.maxFileBytes);
  if (problem) return report(problem);
  await ctx.checkpoint?.();
  report({ status: 'extracting' });
  const bytes = new Uint8Array(await readBytes(file));
  const collection = item.collection ?? DEFAULT_COLLECTION.id;
  const id = documentIdIn(collection, await contentId(bytes));
  if (ctx.library.has(id))
    return report({ status: 'duplicate', message: 'Already in the library.' });
  const { extracted, sections, chunks, inputs } = await prepareFile(
    file.name,
    bytes,
    () =>
      ctx.tokens().catch((error: unknown) => {
        throw new QueueBlockedError(modelBlock(error), { cause: error });
      }),
    ctx,
  );
  if (chunks.length === 0) return report({ status: 'failed', message: 'No text to index.' });
  const keywords = keywordDocument(inputs);
  const embedder = await ctx.embedder();
  const { vectors, hashes, reused } = embedder
    ? await vectorsFor(inputs, ctx, embedder, report)
    : { vectors: undefined, hashes: await hashChunks(inputs), reused: 0 };
  await ctx.checkpoint?.();
  report({ status: 'saving' });
  const exclusive = ctx.exclusive ?? ((work) => work());
  const saved = await exclusive(async () => {
    // Another tab may have indexed the same file meanwhile.
    if (ctx.library.has(id)) return undefined;
    const previous = ctx.library.atPath(path, collection);
    await ctx.library.add(
      {
        record: {
          id,
          name: file.name,
          path,
          collection,
          format: extracted.format,
          pages: extracted.pages,
          size: file.size,
          addedAt: Date.now(),
          chunkCount: chunks.length,
          tokenCount: chunks.reduce((sum, c) => sum + c.tokens, 0),
        },
        source: extracted.text,
        chunks: {
          starts: Uint32Array.from(chunks, (c) => c.start),
          ends: Uint32Array.from(chunks, (c) => c.end),
          sectionOf: Uint32Array.from(chunks, (c) => c.section),
          sections,
          hashes,
        },
        keywords,
      },
      vectors,
      previous?.record.id,
    );
    return { replaced: previous !== undefined };
  });
  if (!saved) return report({ status: 'duplicate', message: 'Already in the library.' });
  const parts = [`${chunks.length} chunk${chunks.length === 1 ? '' : 's'}`];
  if (reused > 0) parts.push(`${reused} reused`);
  if (saved.replaced) parts.push('replaced the earlier version');
  if (!vectors) parts.push('keyword search only until the embedding model loads');
  const warnings = extracted.warnings.length > 0 ? ` (${extracted.warnings.join('; ')})` : '';
  report({ status: 'done', message: parts.join(', ') + warnings });
}
