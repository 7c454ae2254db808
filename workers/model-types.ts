// Types shared by the model workers' APIs (embedder and reranker): where models come from,
// how they should run, and the status each worker reports while loading and running one.

import type {
  Backend,
  BackendPreference,
  Dtype,
  DtypePreference,
} from '../src/engine/models/device';

/** The hub, a mirror with the hub's repo layout, or model folders imported into OPFS. */
export type ModelSource = { kind: 'hub' } | { kind: 'url'; baseUrl: string } | { kind: 'local' };

export interface ModelSettings {
  modelId: string;
  source: ModelSource;
  backend: BackendPreference;
  dtype: DtypePreference;
  /** The user has asked for this model before: loading may download (again) without asking. */
  downloadAllowed: boolean;
}

export type ModelPhase = 'idle' | 'detecting' | 'downloading' | 'warming' | 'ready' | 'error';

export interface FileDownload {
  loaded: number;
  total: number;
}

export interface ModelStatus {
  phase: ModelPhase;
  modelId: string;
  backend?: Backend;
  dtype?: Dtype;
  dimension?: number;
  /** Why this backend and dtype were chosen (or why a fallback happened). */
  reasons: string[];
  files: Record<string, FileDownload>;
  loadMs?: number;
  warmupMs?: number;
  error?: string;
  /** Documents stored for another model/dtype/dimension and being re-embedded for this one. */
  reindex?: { done: number; total: number };
  /** Work (indexing) is waiting for the user to allow this model's download. */
  awaitingDownload?: boolean;
  /** Stored vectors read into the search index so far, while it loads at start-up. */
  indexLoad?: { rows: number; total: number };
}

/** A model's download as the chosen dtype needs it, and how much of it is already cached. */
export interface ModelFiles {
  modelId: string;
  dtype: string;
  files: Array<{ name: string; bytes?: number; cached: boolean }>;
  totalBytes: number;
  cachedBytes: number;
  /** Where "cached" files are: transformers.js' Cache Storage, or the imported local folder. */
  store: 'browser-cache' | 'local-folder';
}

export const IDLE_STATUS: ModelStatus = { phase: 'idle', modelId: '', reasons: [], files: {} };
