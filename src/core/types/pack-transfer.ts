// What crosses between the page and the embedder worker when a collection is exported to a Sieve
// pack file or a pack file is imported (plain data; the pack's bytes are transferred).

/** How far an export or import has got: a phase and, where it counts something, done of total. */
export interface PackTransferProgress {
  phase: 'reading' | 'checking' | 'building' | 'archiving' | 'preparing' | 'saving';
  done: number;
  total: number;
}

export interface PackExportResult {
  /** `<collection name>.sievepack`. */
  fileName: string;
  bytes: Uint8Array;
  documents: number;
  chunks: number;
}

export interface PackImportOptions {
  /**
   * Import a pack made for another model, dtype or dimension by re-embedding its texts here
   * (its vectors are left out).
   */
  reembed?: boolean;
  /** The picked file's name, for messages. */
  fileName?: string;
}

export type PackImportResult =
  | {
      /** The pack's vector space differs from this browser's embedder: nothing was written. */
      mismatch: string;
    }
  | {
      imported: {
        collection: { id: string; name: string };
        documents: number;
        chunks: number;
        /** Documents stored without vectors, re-embedded with this browser's model. */
        reembedding: boolean;
        /** Whether the embedding model is loaded (re-embedding runs now, not once it loads). */
        modelLoaded: boolean;
      };
    };
