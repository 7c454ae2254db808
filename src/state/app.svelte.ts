// The app's root state: owns the embedder worker and the state objects the UI reads.
// Applying new settings restarts the worker, which frees the old model.

import type { ModelStatus } from '../../workers/embedder/api';
import { callback, startEmbedderWorker, type EmbedderClient } from '../clients/embedder-client';
import { LibraryState } from './library.svelte';
import { SearchState } from './search.svelte';
import { SettingsState } from './settings.svelte';

export class AppState {
  readonly settings = new SettingsState();
  model = $state.raw<ModelStatus>({ phase: 'idle', modelId: '', reasons: [], files: {} });
  startupError = $state<string | null>(null);
  readonly library: LibraryState;
  readonly search: SearchState;
  #client: EmbedderClient = startEmbedderWorker();

  constructor() {
    this.library = new LibraryState(() => this.#client.api);
    this.search = new SearchState(
      () => this.#client.api,
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
  }

  async loadModel(): Promise<void> {
    try {
      await this.#client.api.loadModel();
    } catch {
      // The status callback has already reported the error.
    }
  }

  async applySettings(): Promise<void> {
    this.settings.save();
    this.#client.terminate();
    this.#client = startEmbedderWorker();
    this.model = { phase: 'idle', modelId: '', reasons: [], files: {} };
    await this.start();
  }
}
