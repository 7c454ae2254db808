// Which tab owns each file of the persistent indexing queue (embedder worker, one queue per tab):
// an owner holds a Web Lock for as long as its worker lives, so files whose owner's lock is free
// were left by a closed or crashed tab and are adopted. Without Web Locks every file is taken.
import { setMany, type UseStore } from 'idb-keyval';
import { entriesWithPrefix } from '../storage/idb-batch';
import type { LockManagerLike } from '../library/tab-sync';

/** TabSync's part of the Web Locks API, plus the list of held locks. */
export interface OwnerLocks extends LockManagerLike {
  query(): Promise<{ held?: Array<{ name?: string }> }>;
}

export interface QueueOwnerOptions {
  /** Unique per queue; random by default. */
  id?: string;
  /** Default `navigator.locks`; null where there are none (every stored file is taken). */
  locks?: OwnerLocks | null;
}

/** A stored record; one without an owner was written before owners existed. */
export interface Owned {
  owner?: string;
}

const OWNER_LOCK = 'sieve-queue-owner:';
const ADOPT_LOCK = 'sieve-queue-adopt';

export class QueueOwner {
  readonly id: string;
  #locks: OwnerLocks | undefined;
  /** Files are stored only once the lock is held: no other tab may take them as orphans. */
  readonly held: Promise<void>;

  constructor({ id = randomId(), locks }: QueueOwnerOptions = {}) {
    this.id = id;
    this.#locks =
      locks === null
        ? undefined
        : (locks ?? (globalThis.navigator as { locks?: OwnerLocks } | undefined)?.locks);
    this.held = new Promise<void>((resolve) => {
      const manager = this.#locks;
      if (!manager) return resolve();
      // Never released here: the browser releases it when the tab (its worker) goes away.
      manager
        .request(OWNER_LOCK + id, () => {
          resolve();
          return new Promise<never>(() => {});
        })
        .catch(() => {
          // No lock to show that this tab is alive: others cannot tell, so behave as without locks.
          this.#locks = undefined;
          resolve();
        });
    });
  }

  /**
   * The stored records (keys under `prefix`, in key order) that no open tab owns, made this
   * owner's in one transaction. Records of a tab that is open now (or still closing, as a
   * reloaded page's old worker may be) are handed to `later` once that tab's lock is released.
   */
  async adopt<T extends Owned>(
    db: UseStore,
    prefix: string,
    later: (records: T[]) => void = () => {},
  ): Promise<T[]> {
    await this.held;
    const locks = this.#locks;
    if (!locks) return (await entriesWithPrefix<T>(db, prefix)).map(([, record]) => record);
    const busy = new Set<string>();
    const adopted = await this.#adoptWhere<T>(locks, db, prefix, (owner, live) => {
      const orphaned = owner === undefined || !live.has(OWNER_LOCK + owner);
      if (!orphaned && owner !== this.id) busy.add(owner);
      return orphaned;
    });
    for (const owner of busy) {
      // Granted when that tab goes away; its files are then this tab's (unless another took them).
      void locks
        .request(OWNER_LOCK + owner, () =>
          this.#adoptWhere<T>(locks, db, prefix, (of) => of === owner),
        )
        .then((records) => records.length > 0 && later(records))
        .catch(() => {});
    }
    return adopted;
  }

  /** Makes the records that `take` chooses this owner's; one tab at a time. */
  #adoptWhere<T extends Owned>(
    locks: OwnerLocks,
    db: UseStore,
    prefix: string,
    take: (owner: string | undefined, live: ReadonlySet<string | undefined>) => boolean,
  ): Promise<T[]> {
    // Two tabs opening together must not both adopt the same files.
    return locks.request(ADOPT_LOCK, async () => {
      const live = new Set(((await locks.query()).held ?? []).map((lock) => lock.name));
      const adopted = (await entriesWithPrefix<T>(db, prefix))
        .filter(([, record]) => take(record.owner, live))
        .map(([key, record]): [string, T] => [key, { ...record, owner: this.id }]);
      if (adopted.length > 0) await setMany(adopted, db);
      return adopted.map(([, record]) => record);
    });
  }
}

/** crypto.randomUUID needs a secure context; getRandomValues does not. */
function randomId(): string {
  const { randomUUID } = crypto as Partial<Pick<Crypto, 'randomUUID'>>;
  if (randomUUID) return randomUUID.call(crypto);
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}
