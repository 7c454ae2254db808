// Named collections of documents in the embedder worker: each document belongs to one, and
// search runs within one (or within chosen files of it). The default collection always exists.
import { commit } from '../storage/idb-batch';
import type { Library, NewDocument } from './library';
import type { LibraryStore } from './library-store';
import { DEFAULT_COLLECTION, type CollectionSummary } from '../../core/types/library';

const MAX_NAME = 80;

/** A new collection's id (documents' ids in it start with it). */
export const newCollectionId = () =>
  `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export class Collections {
  constructor(
    private readonly store: LibraryStore,
    private readonly library: Library,
    /** Called with every collection after one was created, renamed or deleted. */
    private readonly onChange: (collections: CollectionSummary[]) => void = () => {},
  ) {}

  /** Every collection, the default one first (document counts come with the documents). */
  async list(): Promise<CollectionSummary[]> {
    return (await this.store.listCollections()).map(({ id, name }) => ({ id, name }));
  }

  /** Creates a collection and returns it. */
  async create(name: string): Promise<CollectionSummary> {
    const clean = await this.#checkName(name);
    const id = newCollectionId();
    await commit(
      this.store.db,
      this.store.collectionWrite({ id, name: clean, createdAt: Date.now() }),
    );
    await this.#announce();
    return { id, name: clean };
  }

  /**
   * Stores a new collection with its documents in one transaction (a pack's import); its name is
   * `name`, or "name (2)"… when that is taken.
   */
  async createWith(
    id: string,
    name: string,
    documents: readonly NewDocument[],
  ): Promise<CollectionSummary> {
    const base = (name.trim().replace(/\s+/g, ' ') || 'Imported pack').slice(0, MAX_NAME - 5);
    const taken = new Set((await this.store.listCollections()).map((c) => c.name.toLowerCase()));
    let clean = base;
    for (let n = 2; taken.has(clean.toLowerCase()); n++) clean = `${base} (${n})`;
    const record = { id, name: clean, createdAt: Date.now() };
    await this.library.addMany(documents, [this.store.collectionWrite(record)]);
    await this.#announce();
    return { id, name: clean };
  }

  async rename(id: string, name: string): Promise<void> {
    const records = await this.store.listCollections();
    const record = records.find((c) => c.id === id);
    if (!record) throw new Error('That collection no longer exists.');
    const clean = await this.#checkName(name, id);
    await commit(this.store.db, this.store.collectionWrite({ ...record, name: clean }));
    await this.#announce();
  }

  /** Deletes a collection with its documents (one transaction); the default one cannot go. */
  async delete(id: string): Promise<void> {
    if (id === DEFAULT_COLLECTION.id) throw new Error('The default collection cannot be deleted.');
    await this.library.remove(this.library.idsIn(id), [this.store.collectionDelete(id)]);
    await this.#announce();
  }

  async #announce(): Promise<void> {
    this.onChange(await this.list());
  }

  async #checkName(name: string, renaming?: string): Promise<string> {
    const clean = name.trim().replace(/\s+/g, ' ');
    if (clean === '') throw new Error('A collection needs a name.');
    if (clean.length > MAX_NAME) throw new Error(`Names are at most ${MAX_NAME} characters.`);
    const taken = (await this.store.listCollections()).some(
      (c) => c.id !== renaming && c.name.toLowerCase() === clean.toLowerCase(),
    );
    if (taken) throw new Error(`There is already a collection called “${clean}”.`);
    return clean;
  }
}
