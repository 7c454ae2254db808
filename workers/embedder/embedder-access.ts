// How the embedder worker reaches its model: the loaded embedder (whose first use after a load
// re-indexes documents stored without vectors of this space), the embedder if it may load now,
// and the tokenizer alone for chunking while the model is not loaded. Embedder worker.
import { errorMessage } from '../../src/core/errors';
import { reindexMissing } from '../../src/engine/ingest/reindex';
import type { SharedLibrary } from '../../src/engine/library/shared-library';
import { explainLoadFailure } from '../../src/engine/models/model-files';
import type { ModelHost } from '../../src/engine/models/model-host';
import type { Qwen3Embedder } from '../../src/engine/qwen3/embedder';
import { loadTokenCounter, type TokenCounter } from '../../src/engine/qwen3/token-counter';

export class EmbedderAccess {
  #reindexed = new WeakSet<Qwen3Embedder>();
  #tokens: Promise<TokenCounter> | undefined;

  constructor(
    private readonly host: () => ModelHost<Qwen3Embedder>,
    private readonly shared: SharedLibrary,
    /** A pack is read-only: nothing of the stored library to re-index. */
    private readonly readOnly: () => boolean,
  ) {}

  /** The loaded embedder; the first caller after a load also starts re-indexing. */
  async embedder(): Promise<Qwen3Embedder> {
    const host = this.host();
    const embedder = await host.get();
    if (!this.readOnly() && !this.#reindexed.has(embedder)) {
      this.#reindexed.add(embedder);
      void reindexMissing(this.shared.library, embedder, {
        onProgress: (reindex) => host.update({ reindex }),
        onNote: (message) => host.note(message),
      })
        // Vectors of replaced model files go once every document has new ones.
        .then(() => this.shared.finishRevision())
        .catch((error: unknown) => host.note(`Tidying old vectors failed: ${errorMessage(error)}`));
    }
    return embedder;
  }

  /** The embedder if it is loaded or may load now (see ModelHost.available). */
  async available(): Promise<Qwen3Embedder | undefined> {
    const embedder = await this.host().available();
    return embedder && this.embedder();
  }

  /** Documents stored since the last re-indexing (an imported pack) need another round. */
  reindexAgain(): void {
    this.#reindexed = new WeakSet();
    void this.embedder().catch(() => undefined);
  }

  /** The embedder's token counts: the loaded model's, else its tokenizer loaded alone. */
  tokenCounter(): Promise<TokenCounter> {
    const host = this.host();
    if (host.loaded) {
      // The model's own tokenizer counts the same: the lone one can go.
      this.#tokens = undefined;
      return this.embedder();
    }
    const { modelId } = host.status;
    this.#tokens ??= loadTokenCounter(modelId).catch(async (error: unknown) => {
      this.#tokens = undefined;
      throw await explainLoadFailure(modelId, error);
    });
    return this.#tokens;
  }
}
