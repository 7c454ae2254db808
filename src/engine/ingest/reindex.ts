// Re-embedding in the embedder worker: documents stored under another model, dtype or dimension
// get vectors for the current one, from their saved text, one document at a time.

import { errorMessage } from '../../core/errors';
import type { Library } from '../library/library';
import type { Qwen3Embedder } from '../qwen3/embedder';

export interface ReindexEvents {
  /** Documents done so far of those that lacked vectors; `undefined` once finished. */
  onProgress(progress: { done: number; total: number } | undefined): void;
  /** A document that could not be re-embedded (the others carry on). */
  onNote(message: string): void;
}

export async function reindexMissing(
  library: Library,
  embedder: Qwen3Embedder,
  events: ReindexEvents,
): Promise<void> {
  const failed = new Set<string>();
  // Documents saved for keyword search meanwhile are picked up by the next round.
  for (;;) {
    const pending = (await library.withoutVectors()).filter((d) => !failed.has(d.record.id));
    if (pending.length === 0) break;
    for (const [done, doc] of pending.entries()) {
      events.onProgress({ done, total: pending.length });
      try {
        const texts = await library.embeddingInputs(doc);
        await library.setVectors(doc.record.id, await embedder.embedDocuments(texts));
      } catch (error) {
        failed.add(doc.record.id);
        events.onNote(`Re-indexing ${doc.record.name} failed: ${errorMessage(error)}`);
      }
    }
  }
  events.onProgress(undefined);
}
