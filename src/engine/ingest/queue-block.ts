// Which failures are not a file's own fault: the model cannot be had, storage is full, another
// tab changed the library, or the site's storage went away. They pause the indexing queue with
// the file kept in it, instead of failing the file. Runs in the embedder worker (or Node tests).

import { errorMessage } from '../../core/errors';
import type { QueueBlock } from '../../core/types/library';
import { WriteConflictError } from '../storage/idb-batch';

/** Thrown by a step that needs something outside the file and cannot get it. */
export class QueueBlockedError extends Error {
  override name = 'QueueBlockedError';
  constructor(
    readonly block: QueueBlock,
    options?: ErrorOptions,
  ) {
    super(block.message, options);
  }
}

/** The embedding model failed to load (download cut, offline, wrong source…). */
export function modelBlock(error: unknown): QueueBlock {
  const reason = errorMessage(error).replace(/\.?$/, '.');
  return {
    cause: 'model',
    message: `Indexing waits for the embedding model. ${reason} Queued files are kept and indexed as soon as the model loads (by itself when back online), or press Retry.`,
  };
}

const STORAGE_FULL: QueueBlock = {
  cause: 'storage-full',
  message:
    'Browser storage is full. Queued files are kept: free some space (remove documents, or models in Models & storage), then press Retry.',
};

const STORAGE_CONFLICT: QueueBlock = {
  cause: 'storage-conflict',
  message: 'The library was changed in another tab: reading it again before going on.',
};

const STORAGE_LOST: QueueBlock = {
  cause: 'storage-lost',
  message:
    "The browser closed this site's storage (was site data cleared?). Press Retry to open it again, or reload the page.",
};

/** The block `error` stands for, or undefined when the failure is the file's own. */
export function blockOf(error: unknown): QueueBlock | undefined {
  // idb-keyval rejects with the transaction's error, which is null when the browser aborted the
  // transaction itself (its connection was closed).
  if (error === null) return STORAGE_LOST;
  for (let e: unknown = error; e; e = e instanceof Error ? e.cause : undefined) {
    if (e instanceof QueueBlockedError) return e.block;
    if (e instanceof WriteConflictError) return STORAGE_CONFLICT;
    if (!(e instanceof DOMException)) continue;
    if (e.name === 'QuotaExceededError') return STORAGE_FULL;
    // A closed or closing connection, or a transaction aborted under us (our own refusals are
    // WriteConflictError or QuotaExceededError): site data cleared, or the database deleted.
    if (e.name === 'InvalidStateError' || e.name === 'AbortError') return STORAGE_LOST;
  }
  return undefined;
}
