// The library as every tab of the origin shares it, in the embedder worker: documents,
// collections and the index of the current vector space. Writes run one at a time across tabs, on
// a library read again first when another tab changed it; other tabs' changes are read here.

import { errorMessage } from '../../core/errors';
import type { CollectionSummary, IndexBackend, LibraryChange } from '../../core/types/library';
import type { VectorIdentity } from '../index/vector-store/layout';
import { Collections } from './collections';
import { Library, type LibraryEvents, type NewDocument } from './library';
import type { LibraryStore } from './library-store';
import { TabSync, type LockManagerLike } from './tab-sync';
import { SpaceRevisions } from './space-revisions';
import { dropStoredIndex } from './library-tidy';
import { VectorStore } from '../index/vector-store/vector-store';

export interface SharedLibraryEvents extends LibraryEvents {
  /** Every document and collection change, from this tab or (after re-reading) another. */
  onChange(change: LibraryChange): void;
}

const weightsChanged = (documents: number) =>
  `The embedding model's files changed since your documents were indexed: re-embedding ${documents} document${documents === 1 ? '' : 's'} from their saved text. Until then, search covers those already done; the old vectors are kept until all are.`;

const STORAGE_CLEARED =
  "This site's stored data was cleared (by the browser or in its settings): the library starts again, empty.";

/** Which vector space is open here, to open it again after another tab's change. */
interface OpenSpace {
  /** Model, dtype and dimension (SpaceRevisions says which stored space holds them now). */
  base: string;
  backend: IndexBackend;
  /** Set once the embedder is loaded and its index attached. */
  identity?: VectorIdentity;
  /** Of the loaded weights, when known. */
  revision?: string;
}

export class SharedLibrary {
  readonly library: Library;
  readonly #collections: Collections;
  readonly #tabs: TabSync;
  readonly #events: SharedLibraryEvents;
  readonly #store: LibraryStore;
  readonly #revisions: SpaceRevisions;
  #space: OpenSpace | undefined;

  constructor(store: LibraryStore, events: SharedLibraryEvents, locks?: LockManagerLike) {
    this.#events = events;
    this.#store = store;
    this.#revisions = new SpaceRevisions(store.db);
    this.library = new Library(store, events);
    this.#collections = new Collections(store, this.library, (collections) =>
      events.onChange({ collections }),
    );
    this.#tabs = new TabSync({
      locks,
      onOtherTab: () => {
        void this.rereadAlone().catch((error: unknown) =>
          events.onNote?.(`Reading another tab's changes failed: ${errorMessage(error)}`),
        );
      },
    });
  }

  /** Reads documents, collections and the manifest of `base` (announced through onChange). */
  async open(base: string, backend: IndexBackend): Promise<void> {
    this.#space = { base, backend };
    await this.library.open(await this.#revisions.current(base), backend);
    this.#events.onChange({ collections: await this.#collections.list() });
  }

  /**
   * Makes `identity`'s index ready for writes and searches (see Library.attachIndex), in the space
   * of the loaded weights' `revision`: a new one when the weights changed, which the documents'
   * saved texts then fill (re-indexing) while the old one is kept until finishRevision.
   */
  async attach(
    base: string,
    identity: VectorIdentity,
    backend: IndexBackend,
    revision?: string,
  ): Promise<void> {
    this.#space = { base, backend, identity, ...(revision ? { revision } : {}) };
    const choice = await this.#revisions.choose(base, revision);
    if (choice.abandoned) await this.#drop(choice.abandoned);
    await this.library.attachIndex(choice.key, identity, backend);
    if (choice.replacing)
      this.#events.onChange({ notice: weightsChanged(this.library.summaries().length) });
  }

  /** Once every document has vectors of the current weights, drops the space they replaced. */
  async finishRevision(): Promise<void> {
    const space = this.#space;
    if (!space) return;
    await this.write(async () => {
      if ((await this.library.withoutVectors()).length > 0) return;
      const replaced = await this.#revisions.finish(space.base);
      if (replaced) await this.#drop(replaced);
    });
  }

  async #drop(key: string): Promise<void> {
    await dropStoredIndex(this.#store.db, new VectorStore(this.#store.db, key));
  }

  /** Reads the stored library again, as another tab may have changed it, and re-attaches. */
  async reread(): Promise<void> {
    const space = this.#space;
    if (!space) return;
    await this.open(space.base, space.backend);
    if (space.identity) {
      await this.attach(space.base, space.identity, space.backend, space.revision);
    }
  }

  /** The same, while no tab writes. */
  rereadAlone(): Promise<void> {
    return this.#tabs.exclusive(() => this.reread());
  }

  /** The browser closed or deleted the database (site data cleared): start again, empty, and say so. */
  async recoverStorage(): Promise<void> {
    try {
      await this.rereadAlone();
      this.#events.onChange({ notice: STORAGE_CLEARED });
    } catch (error) {
      const reason = errorMessage(error);
      this.#events.onChange({
        notice: `${STORAGE_CLEARED} Opening it again failed (${reason}): reload the page.`,
      });
    }
  }

  /** Runs `work` alone across tabs on a current library, then tells the other tabs. */
  write<T>(work: () => Promise<T>): Promise<T> {
    return this.#tabs.exclusive(async () => {
      if (!(await this.library.isCurrent())) await this.reread();
      const result = await work();
      this.#tabs.announce();
      return result;
    });
  }

  remove(ids: () => string[]): Promise<void> {
    return this.write(() => this.library.remove(ids()));
  }

  collections(): Promise<CollectionSummary[]> {
    return this.#collections.list();
  }

  createCollection(name: string): Promise<CollectionSummary> {
    return this.write(() => this.#collections.create(name));
  }

  renameCollection(id: string, name: string): Promise<void> {
    return this.write(() => this.#collections.rename(id, name));
  }

  /** See Collections.createWith (a pack's import): one transaction, announced to every tab. */
  importCollection(
    id: string,
    name: string,
    documents: readonly NewDocument[],
  ): Promise<CollectionSummary> {
    return this.write(() => this.#collections.createWith(id, name, documents));
  }

  /** The loaded weights' revision, when known (packs record it). */
  get revision(): string | undefined {
    return this.#space?.revision;
  }

  deleteCollection(id: string): Promise<void> {
    return this.write(() => this.#collections.delete(id));
  }

  close(): void {
    this.#tabs.close();
  }
}
