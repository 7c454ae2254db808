// The library's keyword index in the embedder worker (or Node): BM25 postings of every stored
// document. Start-up reads one snapshot of the built index and reconciles it with the stored
// documents: only documents added or changed since it was written are read from their own keyword
// records (the source of truth, written with each document), or analysed again from their text.

import { ANALYZER_ID } from '../../core/keyword/analyzer';
import type { Bm25Params } from '../../core/keyword/bm25';
import { keywordDocument, type KeywordDocument } from '../../core/keyword/keyword-document';
import { KeywordIndex } from '../../core/keyword/keyword-index';
import { errorMessage } from '../../core/errors';
import { commit, mergeBatches, type WriteBatch } from '../storage/idb-batch';
import {
  chunkInputsOf,
  type ChunkRanges,
  type DocumentEntry,
  type LibraryStore,
} from './library-store';

/** The keyword record of a document's chunks as the embedder reads them (heading path + text). */
export function keywordsOf(entry: DocumentEntry, source: string): KeywordDocument {
  return keywordDocument(chunkInputsOf(entry.chunks, source));
}

/**
 * A 32-bit FNV-1a hash of a document's chunk boundaries: with the id (a content hash) it tells
 * whether a snapshot's rows for the document are still its chunks.
 */
export function chunkSignature(chunks: ChunkRanges): number {
  let hash = 0x811c9dc5;
  for (const array of [chunks.starts, chunks.ends]) {
    hash = Math.imul(hash ^ array.length, 0x01000193);
    for (const value of array) hash = Math.imul(hash ^ value, 0x01000193);
  }
  return hash >>> 0;
}

export interface KeywordLoad {
  /** Documents whose rows came from the snapshot. */
  fromSnapshot: number;
  /** Documents read from their keyword records (new or changed since the snapshot). */
  fromRecords: number;
  /** Documents analysed again from their text (record missing or made by another analyzer). */
  rebuilt: number;
  /** Why a stored snapshot could not be used, if one could not. */
  snapshotProblem?: string;
}

/** What the keyword index needs of the library that holds it. */
export interface KeywordsHost {
  /** The stored documents (the index holds exactly these once loaded). */
  documents: () => ReadonlyMap<string, DocumentEntry>;
  sourceOf: (id: string) => Promise<string>;
  /** Runs `work` in the library's queue of changes. */
  serial: <T>(work: () => Promise<T>) => Promise<T>;
  note: (message: string) => void;
}

/** How long changes must pause before the snapshot is written again (one write per burst). */
const SNAPSHOT_DELAY_MS = 5_000;

export class LibraryKeywords {
  #index: KeywordIndex;
  /** Whether the index differs from the stored snapshot. */
  #unsaved = false;
  #snapshotTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly store: LibraryStore,
    private readonly host: KeywordsHost,
    private readonly params?: Bm25Params,
  ) {
    this.#index = new KeywordIndex(params);
  }

  get index(): KeywordIndex {
    return this.#index;
  }

  /**
   * Queues loading the host's documents (settles when searches can run; failures become notes)
   * and then writing a snapshot if the stored one was out of date.
   */
  open(): Promise<void> {
    clearTimeout(this.#snapshotTimer);
    this.#index = new KeywordIndex(this.params);
    const loaded = this.host.serial(async () => {
      try {
        const { rebuilt, snapshotProblem } = await this.load(
          [...this.host.documents().values()],
          this.host.sourceOf,
        );
        if (snapshotProblem !== undefined) {
          this.host.note(`The saved keyword index was unusable (${snapshotProblem}); rebuilt.`);
        }
        if (rebuilt > 0) {
          this.host.note(`Keyword index: ${rebuilt} document records were made again.`);
        }
      } catch (error) {
        this.host.note(`The keyword index could not be loaded: ${errorMessage(error)}`);
      }
    });
    void this.host.serial(() => this.#saveIfUnsaved());
    return loaded;
  }

  /** The index changed (a document added or removed): a snapshot follows once changes pause. */
  changed(): void {
    this.#unsaved = true;
    clearTimeout(this.#snapshotTimer);
    this.#snapshotTimer = setTimeout(
      () => void this.host.serial(() => this.#saveIfUnsaved()),
      SNAPSHOT_DELAY_MS,
    );
  }

  /** Writes the snapshot now if it is out of date. */
  flush(): Promise<void> {
    clearTimeout(this.#snapshotTimer);
    return this.host.serial(() => this.#saveIfUnsaved());
  }

  /** A failed snapshot write costs only start-up time: the records stay the truth. */
  async #saveIfUnsaved(): Promise<void> {
    if (!this.#unsaved) return;
    try {
      await this.saveSnapshot(this.host.documents());
    } catch (error) {
      this.host.note(`The keyword index snapshot could not be saved: ${errorMessage(error)}`);
    }
  }

  /**
   * Fills the index with `docs`: the snapshot's rows of documents that are unchanged, the stored
   * records of the others (made again from the text where missing or out of date, and stored);
   * records of documents no longer stored are deleted.
   */
  async load(
    docs: readonly DocumentEntry[],
    sourceOf: (id: string) => Promise<string>,
  ): Promise<KeywordLoad> {
    const byId = new Map(docs.map((entry) => [entry.record.id, entry]));
    const restored = await this.#restore(byId);
    const index = restored.index;
    const missing = docs.filter((entry) => !index.has(entry.record.id));
    // Without a snapshot every record is read anyway, and its keys name the orphans too.
    const readAll = missing.length === docs.length;
    const stored = readAll
      ? await this.store.listKeywords()
      : await this.store.keywordRecords(missing.map((entry) => entry.record.id));
    const writes: WriteBatch[] = [];
    let rebuilt = 0;
    const records: Array<[string, KeywordDocument]> = [];
    for (const entry of missing) {
      const id = entry.record.id;
      let keywords = stored.get(id);
      if (
        keywords?.analyzer !== ANALYZER_ID ||
        keywords.lengths.length !== entry.chunks.starts.length
      ) {
        keywords = keywordsOf(entry, await sourceOf(id));
        writes.push(this.store.keywordsWrite(id, keywords));
        rebuilt++;
      }
      records.push([id, keywords]);
    }
    index.addMany(records);
    const recordIds = readAll ? stored.keys() : await this.store.keywordRecordIds();
    for (const id of recordIds) {
      if (!byId.has(id)) writes.push(this.store.keywordsDelete(id));
    }
    if (writes.length > 0) await commit(this.store.db, mergeBatches(...writes), []);
    this.#index = index;
    this.#unsaved = restored.dropped > 0 || missing.length > 0 || restored.problem !== undefined;
    return {
      fromSnapshot: docs.length - missing.length,
      fromRecords: missing.length - rebuilt,
      rebuilt,
      snapshotProblem: restored.problem,
    };
  }

  /** The index of the stored snapshot, less documents that are gone or changed. */
  async #restore(
    byId: ReadonlyMap<string, DocumentEntry>,
  ): Promise<{ index: KeywordIndex; dropped: number; problem?: string }> {
    let dropped = 0;
    try {
      const snapshot = await this.store.keywordSnapshot();
      if (snapshot === undefined) return { index: new KeywordIndex(this.params), dropped };
      // Another analyzer's snapshot is simply out of date: every document is read again.
      if (snapshot.analyzer !== ANALYZER_ID)
        return { index: new KeywordIndex(this.params), dropped };
      const index = KeywordIndex.fromSnapshot(snapshot.index, this.params);
      snapshot.index.docIds.forEach((id, i) => {
        const entry = byId.get(id);
        if (!entry || chunkSignature(entry.chunks) !== snapshot.signatures[i]) {
          index.remove(id);
          dropped++;
        }
      });
      return { index, dropped };
    } catch (error) {
      return { index: new KeywordIndex(this.params), dropped, problem: errorMessage(error) };
    }
  }

  /**
   * Stores the index as a snapshot for the next start-up, each document with the signature of
   * its chunks in `docs` (the documents the index holds).
   */
  async saveSnapshot(docs: ReadonlyMap<string, DocumentEntry>): Promise<void> {
    const index = this.#index.toSnapshot();
    const signatures = Uint32Array.from(index.docIds, (id) => {
      const entry = docs.get(id);
      return entry ? chunkSignature(entry.chunks) : 0;
    });
    this.#unsaved = false;
    await commit(
      this.store.db,
      this.store.keywordSnapshotWrite({
        analyzer: ANALYZER_ID,
        signatures,
        index,
      }),
    );
  }
}
