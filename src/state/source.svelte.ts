// The open source view on the main thread: the document a result came from, with every result
// passage of that document as a hit to step through, and the query whose words it marks. Its text
// is fetched from the embedder worker.

import type { EmbedderClient } from '../clients/embedder-client';
import { errorMessage } from '../core/errors';
import type { DocumentView, SearchHit } from '../core/types/library';

export interface SourceHit {
  start: number;
  end: number;
  label?: string;
}

export class SourceState {
  document = $state.raw<DocumentView | null>(null);
  hits = $state.raw<SourceHit[]>([]);
  active = $state(0);
  /** The query the results were for: its words are marked in the text. */
  query = $state('');
  error = $state<string | null>(null);
  #opening = 0;

  constructor(private readonly embedder: Pick<EmbedderClient, 'getDocument'>) {}

  /**
   * Opens `hit`'s document at `hit`; `results` (in their shown order) give the other hits, and
   * `query` (what they were found for) the words to mark.
   */
  async open(hit: SearchHit, results: readonly SearchHit[], query = ''): Promise<void> {
    const opening = ++this.#opening;
    this.error = null;
    try {
      const document = await this.embedder.getDocument(hit.docId);
      if (opening !== this.#opening) return;
      if (!document) throw new Error(`${hit.docName} is no longer in the library.`);
      const passages = results.filter((r) => r.docId === hit.docId);
      this.hits = passages.map((r) => ({
        start: r.start,
        end: r.end,
        label: r.location,
      }));
      this.active = Math.max(
        0,
        passages.findIndex((r) => r.chunk === hit.chunk),
      );
      this.query = query;
      this.document = document;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  navigate(index: number): void {
    this.active = Math.min(Math.max(0, index), this.hits.length - 1);
  }

  close(): void {
    this.#opening++;
    this.document = null;
    this.hits = [];
  }
}
