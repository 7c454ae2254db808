// The embedder worker's pack files of the library: a collection exported as a Sieve pack and a
// pack imported as a new collection, with the vector space and chunker the open settings and the
// loaded model describe. Runs in the worker; the service's methods delegate here.

import { DEFAULT_OVERLAP_TOKENS } from '../../src/core/chunking';
import type { EngineSettings } from '../../src/core/types/library';
import type {
  PackExportResult,
  PackImportOptions,
  PackImportResult,
  PackTransferProgress,
} from '../../src/core/types/pack-transfer';
import type { SharedLibrary } from '../../src/engine/library/shared-library';
import type { ModelHost } from '../../src/engine/models/model-host';
import { exportCollection } from '../../src/engine/pack/library-export';
import { importPackFile } from '../../src/engine/pack/library-import';
import type { Qwen3Embedder } from '../../src/engine/qwen3/embedder';

export interface LibraryPacksContext {
  settings: EngineSettings;
  host: ModelHost<Qwen3Embedder>;
  shared: SharedLibrary;
  /** The embedder if it is loaded or may load now (see ModelHost.available). */
  availableEmbedder: () => Promise<Qwen3Embedder | undefined>;
  /** Starts a re-indexing round for documents stored without vectors. */
  reindex: () => void;
}

export async function exportLibraryCollection(
  { settings, host, shared }: LibraryPacksContext,
  collectionId: string,
  instruction: string,
  onProgress: (progress: PackTransferProgress) => void,
): Promise<PackExportResult> {
  const collection = (await shared.collections()).find((c) => c.id === collectionId);
  if (!collection) throw new Error('That collection no longer exists.');
  const dtype = host.status.dtype;
  if (!dtype) throw new Error('The embedding model’s dtype is not known yet: try again.');
  const space = {
    modelId: settings.modelId,
    dtype,
    revision: shared.revision,
    instruction,
    chunking: {
      tokenizer: settings.modelId,
      maxTokens: settings.chunkTokens,
      overlapTokens: DEFAULT_OVERLAP_TOKENS,
      headingContext: true,
    },
  };
  return exportCollection(shared.library, collection, space, onProgress);
}

export async function importLibraryPack(
  context: LibraryPacksContext,
  bytes: Uint8Array,
  options: PackImportOptions,
  onProgress: (progress: PackTransferProgress) => void,
): Promise<PackImportResult> {
  const { settings, host, shared } = context;
  const result = await importPackFile(
    bytes,
    {
      shared,
      known: {
        modelId: settings.modelId,
        dtype: host.status.dtype,
        dimension: settings.dimension ?? (host.loaded ? (host.status.dimension ?? null) : null),
      },
      loadEmbedder: async () => (await context.availableEmbedder())?.dimension,
      modelLoaded: () => host.loaded,
    },
    options,
    onProgress,
  );
  if ('imported' in result && result.imported.reembedding && host.loaded) context.reindex();
  return result;
}
