// Plain data about a hosted Sieve pack opened read-only (`?pack=<url>`), as the embedder worker
// reports it to the page: what the pack holds, its download progress, and when it is searchable.

/** A pack the embedder worker opened (or is opening). */
export interface PackInfo {
  /** The pack's folder URL (ending in `/`). */
  url: string;
  title: string;
  createdAt: string;
  generator: string;
  documents: number;
  chunks: number;
  /** Bytes per part of the pack (documents, keywords, vectors, exact, chunks). */
  bytes: Record<string, number>;
  /** What opening downloads: everything except the chunk texts. */
  downloadBytes: number;
  modelId: string;
  dtype: string;
  dimension: number;
  instruction: string;
  /** Milliseconds from asking for the pack until it was searchable. */
  loadMs?: number;
  /** Milliseconds from the last byte downloaded until it was searchable (checks, index build). */
  readyMs?: number;
  /** The vector index built over the pack's rows. */
  indexDescription?: string;
}

export type PackEvent =
  /** The manifest was read: the pack's contents and model are known, its files download next. */
  | { kind: 'manifest'; info: PackInfo }
  | { kind: 'progress'; loaded: number; total: number }
  | { kind: 'ready'; info: PackInfo }
  | { kind: 'error'; message: string };
