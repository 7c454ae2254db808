// Which errors are a file's own and which pause the queue (pure classification).
import { describe, expect, it } from 'vitest';
import { WriteConflictError } from '../storage/idb-batch';
import { blockOf, modelBlock, QueueBlockedError } from './queue-block';

describe('blockOf', () => {
  it('sorts storage and model causes from failures of the file itself', () => {
    const cause = (error: unknown) => blockOf(error)?.cause;
    expect(cause(new DOMException('no space', 'QuotaExceededError'))).toBe('storage-full');
    expect(cause(new WriteConflictError('changed'))).toBe('storage-conflict');
    expect(
      cause(new DOMException('The database connection is closing.', 'InvalidStateError')),
    ).toBe('storage-lost');
    expect(cause(new DOMException('The connection was closed.', 'AbortError'))).toBe(
      'storage-lost',
    );
    expect(cause(new QueueBlockedError(modelBlock(new Error('offline'))))).toBe('model');
    // Found through a wrapping error's cause.
    const wrapped = new Error('save failed', {
      cause: new DOMException('no space', 'QuotaExceededError'),
    });
    expect(cause(wrapped)).toBe('storage-full');
    // The file's own problems.
    expect(cause(new Error('The PDF is damaged.'))).toBeUndefined();
    expect(
      cause(new DOMException('The file changed on disk.', 'NotReadableError')),
    ).toBeUndefined();
    expect(cause(new DOMException('The transaction was aborted.', 'AbortError'))).toBe(
      'storage-lost',
    );
    expect(cause('a string')).toBeUndefined();
    // What an IndexedDB request aborted by a closed connection rejects with.
    expect(cause(null)).toBe('storage-lost');
  });

  it("names the model's error and what happens to the files", () => {
    const { message } = modelBlock(new Error('Could not download org/m: host unreachable'));
    expect(message).toMatch(/^Indexing waits for the embedding model\. Could not download org\/m/);
    expect(message).toMatch(/Queued files are kept/);
  });
});
