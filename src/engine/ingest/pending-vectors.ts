// Vectors of chunks embedded for a file that is not saved yet (embedder worker), kept in the
// queue's IndexedDB by vector space and chunk hash: after a reload or crash mid-file, indexing
// resumes without embedding those chunks again. Cleared once the queue is empty.
import { delMany, getMany, setMany, type UseStore } from 'idb-keyval';
import { keysWithPrefix } from '../storage/idb-batch';

const PREFIX = 'pending:';

export class PendingVectors {
  constructor(private readonly db: UseStore) {}

  async get(space: string, hashKeys: readonly string[]): Promise<Array<Float32Array | undefined>> {
    if (hashKeys.length === 0) return [];
    return getMany(
      hashKeys.map((k) => `${PREFIX}${space}:${k}`),
      this.db,
    );
  }

  /** Copies are stored: a view would store its whole underlying buffer. */
  async put(
    space: string,
    entries: ReadonlyArray<readonly [hashKey: string, vector: Float32Array]>,
  ) {
    if (entries.length === 0) return;
    await setMany(
      entries.map(([k, v]) => [`${PREFIX}${space}:${k}`, v.slice()]),
      this.db,
    );
  }

  async clear(): Promise<void> {
    await delMany(await keysWithPrefix(this.db, PREFIX), this.db);
  }
}
