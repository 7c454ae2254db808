// Ingestion of dropped files, one at a time: checks, decoding, token-aware chunking, embedding
// and an atomic save. A bad file gets its own failed row; the rest of the batch goes on.
// Runs in the embedder worker.

import { chunkText } from '../core/chunking';
import { checkFileMeta, decodeText } from '../core/text-file';
import type { IngestUpdate } from '../../workers/embedder/api';
import type { Library } from './library';
import type { Qwen3Embedder } from './qwen3-embedder';

export interface IngestContext {
  library: Library;
  embedder: () => Promise<Qwen3Embedder>;
  maxFileBytes: number;
  overlapTokens: number;
}

async function contentId(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

function describeError(error: unknown): string {
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return 'Browser storage is full: free some space or remove documents, then try again.';
  }
  return error instanceof Error ? error.message : String(error);
}

async function ingestOne(
  file: File,
  fileIndex: number,
  ctx: IngestContext,
  report: (u: Omit<IngestUpdate, 'fileIndex' | 'name'>) => void,
): Promise<void> {
  const problem = checkFileMeta(file.name, file.size, ctx.maxFileBytes);
  if (problem) {
    report({
      status: problem.kind === 'unsupported' ? 'skipped' : 'failed',
      message: problem.message,
    });
    return;
  }
  report({ status: 'reading' });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const id = await contentId(bytes);
  if (ctx.library.has(id)) {
    report({ status: 'duplicate', message: 'Already in the library.' });
    return;
  }
  const decoded = decodeText(bytes);
  if ('kind' in decoded) {
    report({ status: 'failed', message: decoded.message });
    return;
  }
  report({ status: 'chunking' });
  const embedder = await ctx.embedder();
  const chunks = chunkText(decoded.text, embedder.countTokens, {
    maxTokens: embedder.maxTokens - 1,
    overlapTokens: ctx.overlapTokens,
  });
  report({ status: 'embedding', done: 0, total: chunks.length });
  const vectors = await embedder.embedDocuments(
    chunks.map((c) => c.text),
    (done, total) => report({ status: 'embedding', done, total }),
  );
  report({ status: 'saving' });
  await ctx.library.add(
    {
      record: {
        id,
        name: file.name,
        size: file.size,
        addedAt: Date.now(),
        chunkCount: chunks.length,
        tokenCount: chunks.reduce((sum, c) => sum + c.tokens, 0),
      },
      source: decoded.text,
      chunks: {
        starts: Uint32Array.from(chunks, (c) => c.start),
        ends: Uint32Array.from(chunks, (c) => c.end),
      },
    },
    vectors,
  );
  report({ status: 'done', message: `${chunks.length} chunk${chunks.length === 1 ? '' : 's'}` });
}

export async function ingestFiles(
  files: readonly File[],
  ctx: IngestContext,
  onUpdate: (update: IngestUpdate) => void,
): Promise<void> {
  files.forEach((file, fileIndex) => onUpdate({ fileIndex, name: file.name, status: 'queued' }));
  for (const [fileIndex, file] of files.entries()) {
    const report = (u: Omit<IngestUpdate, 'fileIndex' | 'name'>) =>
      onUpdate({ fileIndex, name: file.name, ...u });
    try {
      await ingestOne(file, fileIndex, ctx, report);
    } catch (error) {
      report({ status: 'failed', message: describeError(error) });
    }
  }
}
