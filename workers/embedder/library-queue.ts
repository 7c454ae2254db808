// The embedder worker's indexing queue: files wait in IndexedDB ('sieve-queue') and are indexed
// one at a time into the shared library with the open settings' limits and chunk size, their
// vectors kept as they are embedded, each embedded slice timed for this device's speed. Runs in
// the worker.

import type { UseStore } from 'idb-keyval';
import { DEFAULT_OVERLAP_TOKENS } from '../../src/core/chunking';
import type { EngineSettings, QueueEvent, QueueState } from '../../src/core/types/library';
import { ingestFile } from '../../src/engine/ingest/ingest-file';
import { IngestQueue } from '../../src/engine/ingest/ingest-queue';
import { PendingVectors } from '../../src/engine/ingest/pending-vectors';
import type { SharedLibrary } from '../../src/engine/library/shared-library';
import type { Qwen3Embedder } from '../../src/engine/qwen3/embedder';
import type { TokenCounter } from '../../src/engine/qwen3/token-counter';
import type { DeviceThroughput } from './device-throughput';

export interface QueueModels {
  shared: SharedLibrary;
  /** The embedder's tokenizer, for chunking. */
  tokens: () => Promise<TokenCounter>;
  /** The embedder when it is loaded or may load now; undefined saves files without vectors. */
  embedder: () => Promise<Qwen3Embedder | undefined>;
  /** This device's embedding speed: fed by every embedded slice, reported in the queue's state. */
  throughput: DeviceThroughput;
}

export function createIngestQueue(
  db: UseStore,
  settings: EngineSettings,
  onQueue: (event: QueueEvent) => void,
  { shared, tokens, embedder, throughput }: QueueModels,
): IngestQueue {
  const pending = new PendingVectors(db);
  const library = shared.library;
  // What the page's estimate needs besides the rows: the speed and the chunk size.
  const withBasis = (state: QueueState): QueueState => ({
    ...state,
    throughput: throughput.current,
    chunkTokens: settings.chunkTokens,
  });
  const queue = new IngestQueue(db, {
    process: (item, report, checkpoint) =>
      ingestFile(
        item,
        {
          library,
          tokens,
          embedder,
          maxFileBytes: settings.maxFileBytes,
          maxUnpackedBytes: settings.maxUnpackedBytes,
          maxTextChars: settings.maxTextChars,
          maxChunks: settings.maxChunks,
          chunkTokens: settings.chunkTokens,
          overlapTokens: DEFAULT_OVERLAP_TOKENS,
          checkpoint,
          pending: { store: pending, space: library.indexKey ?? '' },
          exclusive: (work) => shared.write(work),
          onEmbedded: (tokens, ms) => throughput.record(tokens, ms),
        },
        report,
      ),
    emit: (event) => onQueue({ ...event, state: withBasis(event.state) }),
    drained: () => pending.clear(),
    // Another tab's write needs nothing here: the retried save re-reads a stale library under
    // the lock (SharedLibrary.write). Storage that went away is opened again first.
    recover: async ({ cause }) => {
      if (cause === 'storage-lost') await shared.reread();
    },
  });
  throughput.onChange(() => onQueue({ updates: [], state: withBasis(queue.state()) }));
  return queue;
}
