// What both model clients (embedder and reranker) offer the page, and the options both take.
// Main thread.

import type { Backend, ModelFiles, ModelStatus } from '../core/types/models';
import type { WorkerConnectGrant } from '../core/types/service-worker';
import type { WorkerHandle } from './supervised-worker';

export interface ModelClientOptions<Settings> {
  /** Read at every (re)start of the worker. */
  settings: () => Settings;
  /** Awaited before a fresh worker reads `settings` (the page chooses WASM threads first). */
  beforeStart?: () => Promise<void>;
  /** Every status the worker reports; the page holds it (see `backend`). */
  onStatus: (status: ModelStatus) => void;
  /** The backend of the last reported status: a restart after a crash on WebGPU uses WASM. */
  backend: () => Backend | undefined;
  /** Shown to the user when the worker was restarted. */
  onNotice: (message: string) => void;
  /**
   * What the worker may connect to (its model source, a hosted pack), told to the service worker
   * before each start: it sends the worker's script with that policy. Read at every (re)start.
   */
  connections: () => WorkerConnectGrant;
  createWorker?: () => WorkerHandle | Promise<WorkerHandle>;
}

export interface ModelClient {
  /** Starts the worker and plans its device, without downloading the model. */
  prepare(): Promise<void>;
  /** Downloads (the user asked), loads and warms up the model. */
  load(): Promise<void>;
  /** The browser is back online: a download that failed on the network is tried again. */
  reconnected(): Promise<void>;
  /** The planned dtype's files and what of them is stored (downloads nothing). */
  files(): Promise<ModelFiles>;
  deleteFiles(): Promise<ModelFiles>;
  /** New settings apply from the next start; a WebGPU crash is forgotten. */
  reset(): void;
}
