// IndexedDB helpers over an idb-keyval store: several puts and deletes committed in one
// transaction (all or nothing, optionally only if guard records are unchanged) and prefix reads.
// Runs in the embedder worker (or a page).

import { promisifyRequest, type UseStore } from 'idb-keyval';

export interface WriteBatch {
  puts: Array<[IDBValidKey, unknown]>;
  deletes: IDBValidKey[];
}

/** The write only goes ahead while `holds` accepts what `key` currently stores. */
export interface WriteGuard {
  key: IDBValidKey;
  holds: (stored: unknown) => boolean;
  /** Why the write was refused, in words. */
  conflict: string;
}

export class WriteConflictError extends Error {
  override name = 'WriteConflictError';
}

export function mergeBatches(...batches: WriteBatch[]): WriteBatch {
  return {
    puts: batches.flatMap((b) => b.puts),
    deletes: batches.flatMap((b) => b.deletes),
  };
}

/**
 * Commits `batch` atomically: deletes first, then puts, in one readwrite transaction that is
 * aborted (nothing written) when a guard fails or any put cannot be stored.
 */
export function commit(
  store: UseStore,
  batch: WriteBatch,
  guards: readonly WriteGuard[] = [],
): Promise<void> {
  return store('readwrite', (objects) => {
    const tx = objects.transaction;
    let failure: unknown;
    const abort = (error: unknown) => {
      failure ??= error;
      try {
        tx.abort();
      } catch {
        // Already finished or aborting.
      }
    };
    const write = () => {
      try {
        for (const key of batch.deletes) objects.delete(key);
        for (const [key, value] of batch.puts) objects.put(value, key);
      } catch (error) {
        // A put that throws (e.g. DataCloneError) must not let the earlier ones commit.
        abort(error);
      }
    };
    let pending = guards.length;
    if (pending === 0) write();
    for (const guard of guards) {
      const read = objects.get(guard.key);
      read.onsuccess = () => {
        if (failure !== undefined) return;
        if (!guard.holds(read.result)) abort(new WriteConflictError(guard.conflict));
        else if (--pending === 0) write();
      };
    }
    return new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = tx.onerror = () =>
        reject(failure ?? tx.error ?? new Error('The IndexedDB transaction was aborted.'));
    });
  });
}

function prefixRange(prefix: string): IDBKeyRange {
  return IDBKeyRange.bound(prefix, `${prefix}\uffff`);
}

/** Keys and values of every record whose (string) key starts with `prefix`, in key order. */
export function entriesWithPrefix<T>(store: UseStore, prefix: string): Promise<Array<[string, T]>> {
  return store('readonly', async (objects) => {
    const range = prefixRange(prefix);
    const [keys, values] = await Promise.all([
      promisifyRequest(objects.getAllKeys(range)),
      promisifyRequest(objects.getAll(range)),
    ]);
    return keys.map((key, i) => [key as string, values[i] as T]);
  });
}

export function keysWithPrefix(store: UseStore, prefix: string): Promise<string[]> {
  return store('readonly', (objects) =>
    promisifyRequest(objects.getAllKeys(prefixRange(prefix))).then((keys) => keys as string[]),
  );
}
