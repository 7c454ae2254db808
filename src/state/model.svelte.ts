// One model as the page sees it (embedder or reranker): the status its worker reports, held here
// and nowhere else on the page; its download (size, stored part); and the user's actions on it.

import { missingBytes } from '../core/model-storage';
import {
  canStartLoad,
  IDLE_STATUS,
  type ModelFiles,
  type ModelSource,
  type ModelStatus,
} from '../core/types/models';
import type { ModelClient, ModelClientOptions } from '../clients/model-client';
import { downloadConsent } from './download-consent';
import type { StorageState } from './storage.svelte';

/** What a model client needs from its ModelState: where to report status, and the backend. */
export type StatusLink = Pick<ModelClientOptions<unknown>, 'onStatus' | 'backend'>;

export class ModelState<Client extends ModelClient = ModelClient> {
  status = $state.raw<ModelStatus>(IDLE_STATUS);
  /** The planned dtype's download (size, stored part); null until known. */
  files = $state.raw<ModelFiles | null>(null);
  readonly client: Client;

  constructor(
    connect: (link: StatusLink) => Client,
    /** Which model from which source: the user's download consent is kept per pair. */
    private readonly identity: () => { source: ModelSource; modelId: string },
    private readonly storage: StorageState,
  ) {
    this.client = connect({
      onStatus: (status) => (this.status = status),
      backend: () => this.status.backend,
    });
  }

  get ready(): boolean {
    return this.status.phase === 'ready';
  }

  /** Bytes a Download would fetch now (0 while loading or when stored). */
  get downloadBytes(): number {
    return canStartLoad(this.status) ? missingBytes(this.files) : 0;
  }

  /** The user's go-ahead: downloads (remembered per source), loads and warms the model up. */
  async load(): Promise<void> {
    const { source, modelId } = this.identity();
    downloadConsent.give(source, modelId);
    // Hundreds of MB are worth keeping: ask the browser when the user asks for a model.
    if (this.storage.persisted !== true) void this.storage.persist().catch(() => {});
    try {
      await this.client.load();
    } catch {
      // The status has already reported the error.
    }
    await Promise.all([this.refreshFiles(), this.storage.refresh()]);
  }

  /**
   * Back online: a download that failed on the network resumes by itself, and files waiting for
   * the tokenizer retry (the worker knows what failed and why).
   */
  async reconnected(): Promise<void> {
    const failed = this.status.phase === 'error';
    await this.client.reconnected().catch(() => {});
    // Only a download that ran again changed what is stored: no metadata requests otherwise.
    if (failed) await this.refreshFiles();
  }

  /** Deletes the stored files; downloading them again needs a new go-ahead. */
  async deleteFiles(): Promise<void> {
    const { source, modelId } = this.identity();
    downloadConsent.withdraw(source, modelId);
    this.files = await this.client.deleteFiles();
    await this.storage.refresh();
  }

  /** Sizes and stored state of the files (metadata requests only). */
  async refreshFiles(): Promise<void> {
    this.files = await this.client.files().catch(() => null);
  }

  /** Applies new settings at the next start (a fresh worker; the status goes back to idle). */
  reset(): void {
    this.client.reset();
  }
}
