// The library's keyword index in the embedder worker (or Node): BM25 postings of every stored
// document, loaded from the keyword records stored beside each document's chunks. A document
// whose record is missing or was made by another analyzer is analysed again from its text.

import { ANALYZER_ID } from '../../core/keyword/analyzer';
import { keywordDocument, type KeywordDocument } from '../../core/keyword/keyword-document';
import { KeywordIndex, type Bm25Params } from '../../core/keyword/keyword-index';
import { commit, mergeBatches, type WriteBatch } from '../storage/idb-batch';
import { chunkInputsOf, type DocumentEntry, type LibraryStore } from './library-store';

/** The keyword record of a document's chunks as the embedder reads them (heading path + text). */
export function keywordsOf(entry: DocumentEntry, source: string): KeywordDocument {
  return keywordDocument(chunkInputsOf(entry.chunks, source));
}

export class LibraryKeywords {
  readonly index: KeywordIndex;

  constructor(
    private readonly store: LibraryStore,
    params?: Bm25Params,
  ) {
    this.index = new KeywordIndex(params);
  }

  /**
   * Fills the index with `docs`' stored records; records that are missing or out of date are
   * made again from the text and stored, records of documents no longer stored are deleted.
   * Returns how many documents had to be analysed again.
   */
  async load(
    docs: readonly DocumentEntry[],
    sourceOf: (id: string) => Promise<string>,
  ): Promise<number> {
    this.index.clear();
    const stored = await this.store.listKeywords();
    const writes: WriteBatch[] = [];
    let rebuilt = 0;
    const present = new Set<string>();
    const records: Array<[string, KeywordDocument]> = [];
    for (const entry of docs) {
      const id = entry.record.id;
      present.add(id);
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
    this.index.addMany(records);
    for (const id of stored.keys()) {
      if (!present.has(id)) writes.push(this.store.keywordsDelete(id));
    }
    if (writes.length > 0) await commit(this.store.db, mergeBatches(...writes), []);
    return rebuilt;
  }
}
