// The "local folder" model source on the main thread: models imported into OPFS, importing a
// picked folder (copied by the embedder worker, with progress) and deleting stored models.

import type { EmbedderClient } from '../clients/embedder-client';
import { errorMessage } from '../core/errors';
import type { LocalModel, ModelImportProgress, ModelImportResult } from '../core/types/models';

export class LocalModelsState {
  models = $state.raw<LocalModel[]>([]);
  progress = $state.raw<ModelImportProgress | null>(null);
  result = $state.raw<ModelImportResult | null>(null);
  error = $state<string | null>(null);

  constructor(
    private readonly embedder: EmbedderClient,
    /** Model ids a folder named like their repository should be stored as. */
    private readonly knownIds: () => string[],
    /** Called after models were added or deleted. */
    private readonly onChange: () => Promise<void>,
  ) {}

  get importing(): boolean {
    return this.progress !== null;
  }

  async refresh(): Promise<void> {
    await this.#run(async () => {
      this.models = await this.embedder.localModels();
    });
  }

  /** Copies the model repositories in the picked folder (files with `webkitRelativePath`). */
  async importFolder(files: readonly File[]): Promise<void> {
    if (files.length === 0 || this.importing) return;
    const items = files.map((file) => ({ file, path: file.webkitRelativePath || file.name }));
    this.result = null;
    this.progress = { done: 0, total: 0, modelId: '' };
    let copying = true;
    // Progress comes on its own message port and can arrive after the call has settled.
    const onProgress = (progress: ModelImportProgress) => {
      if (copying) this.progress = progress;
    };
    await this.#run(async () => {
      const knownIds = this.knownIds();
      const result = await this.embedder.importModelFolder(items, knownIds, onProgress);
      this.result = result;
      this.models = result.stored;
    });
    copying = false;
    this.progress = null;
    if (this.result) await this.onChange();
  }

  async remove(modelId: string): Promise<void> {
    await this.#run(async () => {
      this.models = await this.embedder.deleteLocalModel(modelId);
      await this.onChange();
    });
  }

  async #run(action: () => Promise<void>): Promise<void> {
    try {
      this.error = null;
      await action();
    } catch (error) {
      this.error = errorMessage(error);
    }
  }
}
