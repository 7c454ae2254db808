// Plain data about the library that the page and the embedder worker share: documents,
// collections, the indexing queue, the changes the worker announces, and searches. Pure.

import type { Backend, Dtype, ModelSettings } from './models';

/** In-memory indexes that can search the stored vectors (stored vectors are always f32). */
export const INDEX_BACKENDS = ['flat-f32', 'flat-int8', 'voy'] as const;
export type IndexBackend = (typeof INDEX_BACKENDS)[number];

/**
 * Limits on one file, so that a hostile or absurd file (a zip bomb, a 20 MB one-line JSON) is
 * refused early with its own message. Each is far above what a real document needs.
 */
export interface FileLimits {
  /** Largest file as stored (compressed, for a DOCX). */
  maxFileBytes: number;
  /** Most bytes a zip-based file (DOCX) may unpack to, counted while inflating it. */
  maxUnpackedBytes: number;
  /** Most characters of text one file may yield. */
  maxTextChars: number;
  /** Most chunks one file may make. */
  maxChunks: number;
}

const MB = 2 ** 20;

/**
 * Defaults a real library never reaches: 64 MB per file and per unpacked DOCX, 16 × 2^20
 * characters of text (thousands of pages), 20,000 chunks (some 10 million tokens at 512 a chunk).
 */
export const DEFAULT_FILE_LIMITS: Readonly<FileLimits> = {
  maxFileBytes: 64 * MB,
  maxUnpackedBytes: 64 * MB,
  maxTextChars: 16 * MB,
  maxChunks: 20_000,
};

/** The embedder worker's settings: its model, how the library indexes and searches, file limits. */
export interface EngineSettings extends ModelSettings, FileLimits {
  /** Matryoshka dimension; `null` keeps the model's full size. */
  dimension: number | null;
  indexBackend: IndexBackend;
  /** Upper bound of tokens per chunk (the model's own limit applies too). */
  chunkTokens: number;
}

export interface DocumentSummary {
  id: string;
  name: string;
  /** Path within a dropped folder, or the file name. */
  path: string;
  collection: string;
  format?: string;
  pages?: number;
  size: number;
  chunkCount: number;
  tokenCount: number;
  addedAt: number;
  /** Whether vectors for the current model, dtype and dimension exist. */
  indexed: boolean;
}

export interface CollectionSummary {
  id: string;
  name: string;
}

/** The collection every library starts with; it can be renamed, not deleted. */
export const DEFAULT_COLLECTION: CollectionSummary = { id: 'default', name: 'My documents' };

/**
 * What changed in the stored library, announced by the embedder worker after every change (and
 * once on opening); the page applies it and never re-reads the whole list.
 */
export interface LibraryChange {
  /** Every document: replaces the list (on opening, or when the vector space changed). */
  documents?: DocumentSummary[];
  /** Documents added or changed (new vectors, a replaced version). */
  upserted?: DocumentSummary[];
  /** Ids of documents removed. */
  removed?: string[];
  /** Every collection, after one was created, renamed or deleted (and on opening). */
  collections?: CollectionSummary[];
  /** What happened to the library that the user should know (e.g. its storage was cleared). */
  notice?: string;
}

export type IngestStatus =
  | 'queued'
  | 'extracting'
  | 'embedding'
  | 'saving'
  | 'done'
  | 'duplicate'
  | 'skipped'
  | 'failed'
  | 'cancelled';

/**
 * Statuses after which a file leaves the queue: each is the file's own outcome (indexed, a
 * duplicate, skipped by rule, failed for a reason of its own, cancelled by the user). A cause that
 * is not the file's (see QueueBlock) never ends a file: it waits in the queue.
 */
export const FINAL_STATUSES: ReadonlySet<IngestStatus> = new Set<IngestStatus>([
  'done',
  'duplicate',
  'skipped',
  'failed',
  'cancelled',
]);

/** A file to index and its path within the dropped folder (the name for a loose file). */
export interface IngestItem {
  file: File;
  path: string;
  /** The collection it goes into (the default one when absent). */
  collection?: string;
}

export interface IngestUpdate {
  /** The queue entry this is about (stable across reloads while the file waits). */
  key: string;
  /** The file's path. */
  name: string;
  status: IngestStatus;
  /** Chunks embedded so far / in total, while embedding. */
  done?: number;
  total?: number;
  message?: string;
  /** A failed file that can be tried again (Retry) while this page is open. */
  retryable?: boolean;
  /** The file's size in bytes and its format by name, for the page's indexing estimate. */
  size?: number;
  format?: string;
  /** While embedding: content tokens of the `total` chunks to embed. */
  tokens?: number;
}

/** Why the queue waits with files in it: causes that are not the files' own. */
export type QueueBlockCause = 'model' | 'storage-full' | 'storage-conflict' | 'storage-lost';

export interface QueueBlock {
  cause: QueueBlockCause;
  /** What is wrong and what to do, for the user. */
  message: string;
}

export interface QueueState {
  paused: boolean;
  /** Files waiting or being indexed. */
  remaining: number;
  /** Estimated time to finish them, once there is a measured rate. */
  etaMs?: number;
  /** Set while the queue waits for a cause to go away (it retries then, or on Retry). */
  blocked?: QueueBlock;
  /** This device's measured embedding speed, once there is one (stored or measured now). */
  throughput?: EmbeddingThroughput;
  /** The chunk size setting the queue indexes with (tokens per chunk, at most). */
  chunkTokens?: number;
}

/** Content tokens the embedder embeds per second on this device, and where the figure came from. */
export interface EmbeddingThroughput {
  tokensPerSecond: number;
  /** The timed passage after the model's warm-up, or chunks embedded while indexing. */
  source: 'warm-up' | 'indexing';
  /** Read from an earlier visit's measurement: nothing was measured in this session yet. */
  stored?: boolean;
  backend: Backend;
  dtype: Dtype;
}

/** What the indexing queue reports: changed rows and its state. */
export interface QueueEvent {
  updates: IngestUpdate[];
  state: QueueState;
}

/** Which legs stage 1 runs: both fused (the default), the vectors only, or BM25 only. */
export const SEARCH_MODES = ['hybrid', 'meaning', 'keywords'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

/** Stage 1's request: the query text (with "phrases" and -exclusions) and how to rank. */
export interface SearchRequest {
  query: string;
  /** Candidates to return (the reranker's input, or the final list without reranking). */
  k: number;
  mode: SearchMode;
  /** Hits taken from each leg before fusion (N). */
  perLeg: number;
  /** Reciprocal rank fusion's k. */
  rrfK: number;
  /** The embedding task instruction (a default when absent). */
  instruction?: string;
  scope?: SearchScope;
  /**
   * "More like this": the stored chunk is the query (its vector and its salient terms) instead of
   * `query`; the chunk itself is left out of the results.
   */
  like?: { docId: string; chunk: number };
}

/** Where a search looks: one collection, optionally only some of its documents. */
export interface SearchScope {
  collection: string;
  documents?: string[];
}

export interface SearchHit {
  docId: string;
  docName: string;
  docPath: string;
  /** How the document's text was extracted (markdown, pdf, code…), when known. */
  format?: string;
  chunk: number;
  /** Where the chunk is, e.g. "Page 3" or "Guide › Install", when the document says. */
  location?: string;
  /** Chunk text, to be rendered as text only. */
  text: string;
  start: number;
  end: number;
  /** The stage-1 score: fused RRF score in hybrid mode, else the leg's own (cosine or BM25). */
  score: number;
  /** 1-based ranks in the legs that found the chunk. */
  legs?: { keywords?: number; meaning?: number };
  /** Query words as they occur in the chunk text ([start, end) offsets into `text`). */
  marks?: Array<[number, number]>;
}

/** A search's stage timings as the page measured and shows them. */
export interface SearchTimings {
  keywordSearchMs: number;
  queryEmbeddingMs: number;
  vectorSearchMs: number;
  /** Stage 1 as the user waits for it (includes a model load when cold). */
  stage1Ms: number;
  embedderCold: boolean;
  rerankMs?: number;
  perCandidateMs?: number;
  /** Reranker load time when this search had to load it (cold), else 0. */
  rerankLoadMs?: number;
  /** From the click to the final list. */
  endToEndMs?: number;
  searched: number;
}

export interface SearchResponse {
  hits: SearchHit[];
  /** Vectors compared. */
  searched: number;
  /** The legs that ran (keywords alone when the embedding model is not available). */
  legs: Array<'keywords' | 'meaning'>;
  /** Why the search ran differently from what was asked (e.g. keywords only, no model yet). */
  notice?: string;
  timings: {
    queryEmbeddingMs: number;
    vectorSearchMs: number;
    keywordSearchMs: number;
    workerMs: number;
  };
}

/** One file of the sample collection, as scripts/make-samples.ts lists it in index.json. */
export interface SampleEntry {
  name: string;
  type: string;
  bytes: number;
}

/** A document as the source view shows it: its whole text (passages come from the hits). */
export interface DocumentView {
  id: string;
  name: string;
  path: string;
  format?: string;
  /** Untrusted document text: render as text only. */
  text: string;
}
