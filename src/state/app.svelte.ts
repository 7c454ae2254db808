// The app's root state: owns the model worker clients and the state objects the UI reads.
// Applying new settings restarts the embedder worker and resets the reranker.

import type { ModelFiles, ModelStatus } from '../../workers/model-types';
import { IDLE_STATUS } from '../../workers/model-types';
import { EmbedderClient } from '../clients/embedder-client';
import { RerankerClient } from '../clients/reranker-client';
import { LibraryState } from './library.svelte';
import { SearchOptions } from './search-options.svelte';
import { SearchState } from './search.svelte';
import { DeviceState } from './device.svelte';
import { downloadConsent } from './download-consent';
import { LocalModelsState } from './local-models.svelte';
import { StorageState } from './storage.svelte';
import { OfflineState } from './offline.svelte';
import { canStartLoad, isLoading, missingBytes } from '../core/model-storage';
import { DEFAULT_EMBEDDING_MODEL, DEFAULT_RERANKER_MODEL, SettingsState } from './settings.svelte';
import { SourceState } from './source.svelte';

export class AppState {
  readonly settings = new SettingsState();
  readonly searchOptions = new SearchOptions();
  model = $state.raw<ModelStatus>(IDLE_STATUS);
  rerankerModel = $state.raw<ModelStatus>(IDLE_STATUS);
  /** Each model's download (size, cached part) for the planned dtype; null until known. */
  modelFiles = $state.raw<ModelFiles | null>(null);
  rerankerFiles = $state.raw<ModelFiles | null>(null);
  startupError = $state<string | null>(null);
  readonly library: LibraryState;
  readonly search: SearchState;
  readonly source: SourceState;
  readonly device: DeviceState;
  readonly localModels: LocalModelsState;
  readonly storage = new StorageState();
  /** The service worker; its one isolation reload waits while a model loads or files index. */
  readonly offline = new OfflineState({
    busy: () =>
      isLoading(this.model) ||
      isLoading(this.rerankerModel) ||
      this.library.queueState.remaining > 0 ||
      this.localModels.importing,
  });
  readonly embedder: EmbedderClient;
  readonly reranker: RerankerClient;

  constructor() {
    this.embedder = new EmbedderClient({
      settings: () => this.settings.engineSettings(),
      onStatus: (status) => this.#onEmbedderStatus(status),
      onOpened: (documents) => (this.library.documents = documents),
      onNotice: (message) => (this.library.error = message),
      onQueue: (event) => this.library.onQueue(event),
    });
    this.reranker = new RerankerClient({
      settings: () => this.settings.rerankerSettings(),
      onStatus: (status) => (this.rerankerModel = status),
      onNotice: (message) => (this.search.notice = message),
      idleMs: () => this.searchOptions.idleMinutes * 60_000,
    });
    this.library = new LibraryState(this.embedder);
    this.source = new SourceState(this.embedder);
    this.device = new DeviceState(this.embedder);
    this.localModels = new LocalModelsState(
      this.embedder,
      () => [
        this.settings.modelId,
        this.settings.rerankerModelId,
        DEFAULT_EMBEDDING_MODEL,
        DEFAULT_RERANKER_MODEL,
      ],
      async () => {
        // Importing with "Local folder" chosen applies it; workers remember which files exist
        // (dtype plans, file metadata), so they start afresh either way.
        if (this.settings.source === 'local') await this.applySettings();
      },
    );
    this.search = new SearchState(
      this.embedder,
      this.reranker,
      this.searchOptions,
      () => this.model.phase === 'ready',
      () => this.library.scope(),
    );
  }

  /** Opens the library (reads IndexedDB, plans devices); no model is downloaded yet. */
  async start(): Promise<void> {
    try {
      // Opening the worker reads the library and reports it through `onOpened`.
      await this.embedder.prepare();
      await this.library.loadCollections();
      this.startupError = null;
    } catch (error) {
      this.startupError = error instanceof Error ? error.message : String(error);
    }
    // Plans the reranker's device so that candidate counts fit its backend.
    void this.reranker.prepare().catch(() => {});
    void this.refreshFiles();
  }

  async loadModel(): Promise<void> {
    downloadConsent.give(this.settings.modelSource(), this.settings.modelId);
    this.#askToKeepData();
    try {
      await this.embedder.call((api) => api.loadModel());
    } catch {
      // The status callback has already reported the error.
    }
    await this.refreshFiles();
  }

  /** What "Download models" would fetch: both models' missing files, unless already loading. */
  get downloadBytes(): number {
    return (
      (canStartLoad(this.model) ? missingBytes(this.modelFiles) : 0) +
      (canStartLoad(this.rerankerModel) ? missingBytes(this.rerankerFiles) : 0)
    );
  }

  /** The user's go-ahead for both models: the embedder first, as indexing waits for it. */
  async downloadModels(): Promise<void> {
    await this.loadModel();
    await this.loadReranker();
  }

  async loadReranker(): Promise<void> {
    downloadConsent.give(this.settings.modelSource(), this.settings.rerankerModelId);
    this.#askToKeepData();
    try {
      await this.reranker.load();
    } catch {
      // Reported through the reranker's status.
    }
    await this.refreshFiles();
  }

  /** Sizes and cache status of both models' files (metadata requests only), and storage use. */
  async refreshFiles(): Promise<void> {
    const [embedder, reranker] = await Promise.all([
      this.embedder.call((api) => api.modelFiles()).catch(() => null),
      this.reranker.files().catch(() => null),
      this.storage.refresh(),
    ]);
    this.modelFiles = embedder;
    this.rerankerFiles = reranker;
  }

  async deleteModelFiles(which: 'embedder' | 'reranker'): Promise<void> {
    const { modelId, rerankerModelId } = this.settings;
    downloadConsent.withdraw(
      this.settings.modelSource(),
      which === 'embedder' ? modelId : rerankerModelId,
    );
    if (which === 'embedder')
      this.modelFiles = await this.embedder.call((api) => api.deleteModelFiles());
    else this.rerankerFiles = await this.reranker.deleteFiles();
    await this.storage.refresh();
  }

  async applySettings(): Promise<void> {
    this.settings.save();
    await this.restartModels();
  }

  /** Fresh model workers with the current settings; the library and queue carry on. */
  async restartModels(): Promise<void> {
    this.embedder.restart();
    this.model = IDLE_STATUS;
    this.reranker.reset();
    await this.start();
  }

  /** Hundreds of MB are worth keeping: ask the browser when the user asks for a model. */
  #askToKeepData(): void {
    if (this.storage.persisted !== true) void this.storage.persist().catch(() => {});
  }

  #onEmbedderStatus(status: ModelStatus): void {
    const reindexed = this.model.reindex && status.reindex?.done !== this.model.reindex.done;
    this.model = status;
    if (reindexed) void this.library.refresh();
  }
}
