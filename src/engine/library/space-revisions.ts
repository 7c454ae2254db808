// Which stored vector space holds the vectors of the loaded weights. A space is named by model,
// dtype and dimension (its base key); when the weights under that name change (downloaded again
// from a changed repository), vectors go to a new space of the same base, recorded here, and the
// old space is kept until every document has new vectors: never a mix. Embedder worker.
import { get, set, type UseStore } from 'idb-keyval';

interface SpaceRecord {
  /** Where the base's vectors go now. */
  key: string;
  /** The weights' revision those vectors come from, once known. */
  revision?: string;
  /** The complete space of the weights before, kept until `key` is complete. */
  previous?: string;
}

export interface SpaceChoice {
  key: string;
  /** The weights changed just now: `key` starts empty and replaces this space once complete. */
  replacing?: string;
  /** A space left unfinished by an earlier change, to drop. */
  abandoned?: string;
}

const recordKey = (base: string) => `space:${base}`;

export class SpaceRevisions {
  constructor(private readonly db: UseStore) {}

  /** Where the base's vectors live now (the base key itself until its weights ever changed). */
  async current(base: string): Promise<string> {
    return (await this.#record(base)).key;
  }

  /** The space for weights of `revision` (unknown: the current one). */
  async choose(base: string, revision: string | undefined): Promise<SpaceChoice> {
    const record = await this.#record(base);
    if (revision === undefined || record.revision === revision) return { key: record.key };
    if (record.revision === undefined) {
      // Vectors stored before revisions were recorded: they are taken to be of these weights.
      await set(recordKey(base), { ...record, revision }, this.db);
      return { key: record.key };
    }
    const key = `${base}@${revision}`;
    const previous = record.previous ?? record.key;
    const abandoned = record.previous !== undefined ? record.key : undefined;
    const next: SpaceRecord = previous === key ? { key, revision } : { key, revision, previous };
    await set(recordKey(base), next, this.db);
    return {
      key,
      ...(next.previous ? { replacing: next.previous } : {}),
      ...(abandoned && abandoned !== key ? { abandoned } : {}),
    };
  }

  /** The current space is complete: returns the replaced one (to drop), now forgotten. */
  async finish(base: string): Promise<string | undefined> {
    const { previous, ...rest } = await this.#record(base);
    if (previous === undefined) return undefined;
    await set(recordKey(base), rest, this.db);
    return previous;
  }

  async #record(base: string): Promise<SpaceRecord> {
    return (await get<SpaceRecord>(recordKey(base), this.db)) ?? { key: base };
  }
}
