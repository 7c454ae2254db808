// The documents' source texts in the embedder worker: read from IndexedDB on demand (start-up
// reads none) and the most recently used few kept in memory for results and re-indexing.
import type { LibraryStore } from './library-store';

/** Source texts kept in memory. */
const CACHED_TEXTS = 32;

export class SourceTexts {
  #texts = new Map<string, string>();

  constructor(private readonly store: LibraryStore) {}

  async get(id: string): Promise<string> {
    let text = this.#texts.get(id);
    if (text === undefined) {
      const [stored] = await this.store.getSources([id]);
      if (stored === undefined) throw new Error(`The text of document ${id} is missing.`);
      text = stored;
    }
    this.remember(id, text);
    return text;
  }

  /** Most recently used last; the oldest text leaves once the cache is full. */
  remember(id: string, text: string): void {
    this.#texts.delete(id);
    this.#texts.set(id, text);
    if (this.#texts.size > CACHED_TEXTS) this.#texts.delete(this.#texts.keys().next().value!);
  }

  forget(id: string): void {
    this.#texts.delete(id);
  }

  clear(): void {
    this.#texts.clear();
  }
}
