// The app's root state: creates the two models (each with its worker client) and the state
// objects the UI reads, and wires the workers' reports to them. Applying new settings restarts
// both model workers; the library and the queue carry on.

import { EmbedderClient } from '../clients/embedder-client';
import type { ModelClient } from '../clients/model-client';
import { RerankerClient } from '../clients/reranker-client';
import { workerConnectGrant } from '../core/content-security-policy';
import { errorMessage } from '../core/errors';
import type { WorkerConnectGrant } from '../core/types/service-worker';
import { isLoading } from '../core/types/models';
import { DEFAULT_COLLECTION } from '../core/types/library';
import { searchInUrl, withSearch } from '../core/search-url';
import { DeviceState } from './device.svelte';
import { LibraryState } from './library.svelte';
import { LocalModelsState } from './local-models.svelte';
import { ModelState, type StatusLink } from './model.svelte';
import { OfflineState } from './offline.svelte';
import { PackFileState } from './pack-files.svelte';
import { PackSiteState } from './pack-site.svelte';
import { SearchOptions } from './search-options.svelte';
import { SearchState } from './search.svelte';
import { RerankLanes } from '../core/eval/rerank-lanes';
import { EvaluationState } from './evaluation.svelte';
import {
  DEFAULT_EMBEDDING_MODEL,
  DEFAULT_RERANKER_MODEL,
  SettingsState,
  type AlternativeSource,
} from './settings.svelte';
import { SourceState } from './source.svelte';
import { StorageState } from './storage.svelte';
import { chooseWasmThreads } from './wasm-threads';

export class AppState {
  readonly settings = new SettingsState();
  readonly searchOptions = new SearchOptions();
  readonly storage = new StorageState();
  startupError = $state<string | null>(null);
  /**
   * The read-only pack mode (`?pack=`), or null: the hosted pack replaces the stored library, and
   * its manifest names the embedding model of this session.
   */
  readonly pack = PackSiteState.fromLocation(location, (id) => this.settings.chooseModel(id));
  readonly embedderModel: ModelState<EmbedderClient>;
  readonly rerankerModel: ModelState<RerankerClient>;
  readonly library: LibraryState;
  /** Exporting a collection to a pack file and importing one. */
  readonly packFiles: PackFileState;
  readonly search: SearchState;
  readonly evaluation: EvaluationState;
  readonly source: SourceState;
  readonly device: DeviceState;
  readonly localModels: LocalModelsState;
  /**
   * The service worker; its one isolation reload waits while a model loads, files index, or the
   * user has a query in the box (a reload would wipe what they typed and the results shown).
   */
  readonly offline = new OfflineState({
    busy: () =>
      this.search.query.trim() !== '' ||
      this.search.busy ||
      isLoading(this.embedderModel.status) ||
      isLoading(this.rerankerModel.status) ||
      this.library.busy ||
      this.evaluation.running ||
      this.localModels.importing ||
      this.pack?.loading === true,
  });

  constructor() {
    const { settings, pack } = this;
    this.embedderModel = this.#model(
      (link) =>
        new EmbedderClient({
          ...link,
          settings: () => settings.engineSettings(),
          connections: () => this.#workerConnections(),
          beforeStart: () => this.#chooseWasmThreads(),
          onQueue: (event) => this.library.onQueue(event),
          onLibrary: (change) => this.library.apply(change),
          ...(pack && {
            pack: { url: pack.params.pack, base: pack.base, onPack: (e) => pack.onPack(e) },
          }),
          onNotice: (message) => this.library.notify(message),
        }),
      () => settings.modelId,
    );
    this.rerankerModel = this.#model(
      (link) =>
        new RerankerClient({
          ...link,
          settings: () => settings.rerankerSettings(),
          connections: () => this.#workerConnections(),
          beforeStart: () => this.#chooseWasmThreads(),
          idleMs: () => this.searchOptions.idleMs(),
          onNotice: (message) => this.search.notify(message),
        }),
      () => settings.rerankerModelId,
    );
    const embedder = this.embedderModel.client;
    this.library = new LibraryState(embedder);
    // A pack's documents are announced as the default collection's (not saved as the choice).
    if (pack) this.library.select(DEFAULT_COLLECTION.id, { remember: false });
    this.packFiles = new PackFileState(embedder, this.library, () =>
      this.searchOptions.instruction(),
    );
    this.source = new SourceState(embedder);
    this.device = new DeviceState(embedder);
    this.localModels = new LocalModelsState(
      embedder,
      () => [
        settings.modelId,
        settings.rerankerModelId,
        DEFAULT_EMBEDDING_MODEL,
        DEFAULT_RERANKER_MODEL,
      ],
      async () => {
        // Importing with "Local folder" chosen applies it; workers remember which files exist
        // (dtype plans, file metadata), so they start afresh either way.
        if (settings.source === 'local') await this.applySettings();
      },
    );
    // The search and the evaluation share the reranker, each numbering its own requests.
    const rerankLanes = new RerankLanes(this.rerankerModel.client);
    const rerankerModel = this.rerankerModel;
    this.search = new SearchState(
      embedder,
      {
        get status() {
          return rerankerModel.status;
        },
        client: rerankLanes.lane(),
      },
      this.searchOptions,
      () => this.embedderModel.ready,
      () => this.library.scope(),
    );
    this.evaluation = new EvaluationState({
      embedder,
      reranker: rerankLanes.lane(),
      library: this.library,
      options: this.searchOptions,
      embedderStatus: () => this.embedderModel.status,
      rerankBackend: () => this.rerankerModel.status.backend ?? 'wasm',
    });
    // Workers do not always see `online` (a browser's network emulation, for one): the page tells them.
    globalThis.addEventListener?.('online', () => {
      void this.embedderModel.reconnected();
      void this.rerankerModel.reconnected();
    });
  }

  /** A model of the current source; the user's download consent is kept per source and id. */
  #model<Client extends ModelClient>(
    connect: (link: StatusLink) => Client,
    modelId: () => string,
  ): ModelState<Client> {
    const identity = () => ({ source: this.settings.modelSource(), modelId: modelId() });
    return new ModelState(connect, identity, this.storage);
  }

  /**
   * What the model workers may connect to: the chosen model source and the hosted pack. One grant
   * for both workers (the service worker keeps one per page), so neither start narrows the other.
   */
  #workerConnections(): WorkerConnectGrant {
    const { pack } = this;
    const hosted = pack && { url: pack.params.pack, base: pack.base };
    return workerConnectGrant(this.settings.modelSource(), location.href, hosted ?? undefined);
  }

  #wasmThreads: Promise<void> | undefined;

  /**
   * Once per page, before either model worker starts (whatever starts it: opening the library, a
   * Download click): the stored WASM thread count, or on a device's first visit the probe's.
   */
  #chooseWasmThreads(): Promise<void> {
    this.#wasmThreads ??= chooseWasmThreads().then((verdict) => {
      this.settings.useWasmThreads(verdict);
    });
    return this.#wasmThreads;
  }

  /** Opens the library (reads IndexedDB, plans devices); no model is downloaded yet. */
  async start(): Promise<void> {
    try {
      // Opening the worker announces the library through `onLibrary`.
      await this.embedderModel.client.prepare();
      this.startupError = null;
    } catch (error) {
      this.startupError = errorMessage(error);
    }
    // Plans the reranker's device so that candidate counts fit its backend.
    void this.rerankerModel.client.prepare().catch(() => {});
    void this.refreshFiles();
  }

  /**
   * Runs the query in the box and records it in the address (a new history entry when the search
   * changed), so that it can be bookmarked, shared, and replayed by Back and Forward.
   */
  runSearch(): Promise<void> {
    const query = this.search.query.trim();
    if (query) {
      const collection = this.library.active;
      const next = withSearch(location.href, { query, collection }, DEFAULT_COLLECTION.id);
      if (next !== location.href) history.pushState(null, '', next);
    }
    return this.search.run();
  }

  /** The search the address holds (a bookmark, a shared link, Back/Forward), shown again. */
  async followUrl(): Promise<void> {
    const { query, collection = DEFAULT_COLLECTION.id } = searchInUrl(location.search);
    const known = this.library.collections.some((c) => c.id === collection);
    if (known && collection !== this.library.active) this.library.select(collection);
    if (!query) {
      if (this.search.searchedFor !== '') this.search.clear();
      return;
    }
    if (query === this.search.searchedFor && this.search.like === null) return;
    this.search.setQuery(query);
    await this.search.run();
  }

  /** What "Download models" would fetch: both models' missing files, unless already loading. */
  get downloadBytes(): number {
    return this.embedderModel.downloadBytes + this.rerankerModel.downloadBytes;
  }

  /** The user's go-ahead for both models: the embedder first, as indexing waits for it. */
  async downloadModels(): Promise<void> {
    await this.embedderModel.load();
    await this.rerankerModel.load();
  }

  /** Sizes and stored state of both models' files (metadata requests only), and storage use. */
  async refreshFiles(): Promise<void> {
    await Promise.all([
      this.embedderModel.refreshFiles(),
      this.rerankerModel.refreshFiles(),
      this.storage.refresh(),
    ]);
  }

  /** Whether the model settings panel is open (a model's error can open it on another source). */
  settingsOpen = $state(false);

  /** The user wants the model files from another source (`source`, if named): settings open. */
  chooseSource(source?: AlternativeSource): void {
    if (source) this.settings.chooseSource(source);
    this.settingsOpen = true;
  }

  async applySettings(): Promise<void> {
    this.settings.save();
    await this.restartModels();
  }

  /** Fresh model workers with the current settings; the library and queue carry on. */
  async restartModels(): Promise<void> {
    this.embedderModel.reset();
    this.rerankerModel.reset();
    await this.start();
  }
}
