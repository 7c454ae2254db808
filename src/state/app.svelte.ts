// The app's root state: owns the model workers and the state objects the UI reads.
// Applying new settings restarts the embedder worker and resets the reranker.

import type { ModelStatus } from '../../workers/model-types';
import { IDLE_STATUS } from '../../workers/model-types';
import { callback, startEmbedderWorker, type EmbedderClient } from '../clients/embedder-client';
import { RerankerClient } from '../clients/reranker-client';
import { LibraryState } from './library.svelte';
import { SearchOptions } from './search-options.svelte';
import { SearchState } from './search.svelte';
import { SettingsState } from './settings.svelte';

export class AppState {
  readonly settings = new SettingsState();
  readonly searchOptions = new SearchOptions();
  model = $state.raw<ModelStatus>(IDLE_STATUS);
  rerankerModel = $state.raw<ModelStatus>(IDLE_STATUS);
  startupError = $state<string | null>(null);
  readonly library: LibraryState;
  readonly search: SearchState;
  readonly reranker: RerankerClient;
  #client: EmbedderClient = startEmbedderWorker();

  constructor() {
    this.library = new LibraryState(() => this.#client.api);
    this.reranker = new RerankerClient({
      settings: () => this.settings.rerankerSettings(),
      onStatus: (status) => (this.rerankerModel = status),
      onNotice: (message) => (this.search.notice = message),
      idleMs: () => this.searchOptions.idleMinutes * 60_000,
    });
    this.search = new SearchState(
      () => this.#client.api,
      this.reranker,
      this.searchOptions,
      () => this.model.phase === 'ready',
    );
  }

  async start(): Promise<void> {
    try {
      const onStatus = callback((status: ModelStatus) => {
        const reindexed = this.model.reindex && status.reindex?.done !== this.model.reindex.done;
        this.model = status;
        if (reindexed) void this.library.refresh();
      });
      this.library.documents = await this.#client.api.open(
        this.settings.engineSettings(),
        onStatus,
      );
      this.startupError = null;
    } catch (error) {
      this.startupError = error instanceof Error ? error.message : String(error);
    }
    // Plans the reranker's device (no download) so candidate counts fit its backend.
    void this.reranker.prepare().catch(() => {});
  }

  async loadModel(): Promise<void> {
    try {
      await this.#client.api.loadModel();
    } catch {
      // The status callback has already reported the error.
    }
  }

  async loadReranker(): Promise<void> {
    try {
      await this.reranker.load();
    } catch {
      // Reported through the reranker's status.
    }
  }

  async applySettings(): Promise<void> {
    this.settings.save();
    this.#client.terminate();
    this.#client = startEmbedderWorker();
    this.model = IDLE_STATUS;
    this.reranker.reset();
    await this.start();
  }
}
