// The embedder worker's read-only pack mode (`?pack=<url>`): reads a hosted pack's manifest, loads
// the query embedder the pack was built with (its model, dtype and dimension, overriding the
// settings), downloads the pack with progress and builds a PackLibrary; nothing is written to
// the browser's library. Runs in the worker.

import { errorMessage } from '../../src/core/errors';
import { PackError, type PackManifest } from '../../src/core/pack/pack-manifest';
import { OpenedPack, readPackManifest } from '../../src/core/pack/pack-reader';
import {
  DEFAULT_COLLECTION,
  type EngineSettings,
  type LibraryChange,
  type SearchRequest,
} from '../../src/core/types/library';
import { isDtypePreference, type ModelStatus } from '../../src/core/types/models';
import type { PackEvent, PackInfo } from '../../src/core/types/pack-site';
import { ModelHost } from '../../src/engine/models/model-host';
import { PACK_COLLECTION, PackLibrary } from '../../src/engine/pack/pack-library';
import { UrlPackSource } from '../../src/engine/pack/url-source';
import { Qwen3Embedder } from '../../src/engine/qwen3/embedder';
import { SHIPPED_EMBEDDER } from './embedder-host';

/** The settings of this session's embedder: the pack's vector space wins over the user's. */
export function packSettings(settings: EngineSettings, manifest: PackManifest): EngineSettings {
  const { modelId, dtype, dimension } = manifest.embedding;
  return {
    ...settings,
    modelId,
    dtype: isDtypePreference(dtype) ? dtype : settings.dtype,
    dimension,
    // The user's consent was for the model their settings name.
    downloadAllowed: settings.downloadAllowed && settings.modelId === modelId,
  };
}

function infoOf(url: string, manifest: PackManifest): PackInfo {
  const bytes: Record<string, number> = {};
  for (const shard of manifest.shards) bytes[shard.kind] = (bytes[shard.kind] ?? 0) + shard.bytes;
  const { modelId, dtype, dimension, instruction } = manifest.embedding;
  return {
    url,
    title: manifest.title,
    createdAt: manifest.createdAt,
    generator: manifest.generator,
    documents: manifest.documents,
    chunks: manifest.chunks,
    bytes,
    downloadBytes: manifest.shards
      .filter((s) => s.kind !== 'chunks')
      .reduce((n, s) => n + s.bytes, 0),
    modelId,
    dtype,
    dimension,
    instruction,
  };
}

/** The query embedder for a pack: warmed up, and checked to make vectors of the pack's size. */
function packEmbedderHost(
  settings: EngineSettings,
  onStatus: (status: ModelStatus) => void,
): ModelHost<Qwen3Embedder> {
  return new ModelHost(
    settings,
    {
      shipped: SHIPPED_EMBEDDER,
      load: (target) =>
        Qwen3Embedder.load({ ...target, dimension: settings.dimension }).catch((error) => {
          // A model smaller than the pack's vectors cannot make comparable queries.
          if (!(error instanceof RangeError)) throw error;
          throw new Error(
            `This pack's vectors have ${settings.dimension} dimensions, more than ${target.modelId} from this model source makes (${error.message}).`,
          );
        }),
      warmUp: async (embedder) => {
        // The first run compiles WebGPU shaders / sizes the WASM arena: keep it off user timings.
        await embedder.embedQuery('warm-up');
        return { dimension: embedder.dimension, notes: ['Searching a hosted pack (read-only).'] };
      },
      dispose: (embedder) => embedder.dispose(),
    },
    onStatus,
  );
}

export class PackMode {
  #library: PackLibrary | undefined;
  #error: string | undefined;

  private constructor(
    readonly host: ModelHost<Qwen3Embedder>,
    readonly instruction: string,
  ) {}

  /**
   * Reads the manifest at `pack` (relative to `base`), then the pack. Problems with the pack are
   * reported through `onPack`, and the worker stays usable: its searches say what went wrong.
   */
  static async open(
    settings: EngineSettings,
    pack: string,
    base: string,
    onStatus: (status: ModelStatus) => void,
    onLibrary: (change: LibraryChange) => void,
    onPack: (event: PackEvent) => void,
  ): Promise<PackMode> {
    const started = performance.now();
    let source: UrlPackSource;
    let manifest: PackManifest;
    try {
      source = new UrlPackSource(pack, base);
      manifest = await readPackManifest(source);
    } catch (error) {
      const mode = new PackMode(packEmbedderHost(settings, onStatus), '');
      mode.#fail(error, onPack);
      await mode.host.announce();
      return mode;
    }
    const info = infoOf(source.url, manifest);
    onPack({ kind: 'manifest', info });
    const mode = new PackMode(
      packEmbedderHost(packSettings(settings, manifest), onStatus),
      manifest.embedding.instruction,
    );
    await mode.host.announce();
    let downloaded = started;
    try {
      const opened = await OpenedPack.open(source, {
        onProgress: ({ loaded, total }) => {
          onPack({ kind: 'progress', loaded, total });
          if (loaded >= total) downloaded = performance.now();
        },
      });
      if (opened.manifest.embedding.modelId !== manifest.embedding.modelId) {
        throw new PackError('The pack changed while it was opened: reload the page.');
      }
      const library = await PackLibrary.create(opened, settings.indexBackend);
      const done = performance.now();
      mode.#library = library;
      // One collection: the page shows the pack's documents as its default one.
      const documents = library
        .summaries()
        .map((d) => ({ ...d, collection: DEFAULT_COLLECTION.id }));
      onLibrary({ documents });
      onPack({
        kind: 'ready',
        info: {
          ...info,
          loadMs: done - started,
          readyMs: done - downloaded,
          indexDescription: library.indexDescription,
        },
      });
    } catch (error) {
      mode.#fail(error, onPack);
    }
    return mode;
  }

  #fail(error: unknown, onPack: (event: PackEvent) => void): void {
    this.#error = errorMessage(error);
    onPack({ kind: 'error', message: this.#error });
  }

  /** The opened pack's library; throws while it is not open (or failed to open). */
  get library(): PackLibrary {
    if (this.#library) return this.#library;
    throw new PackError(this.#error ?? 'The pack is still loading.');
  }

  /**
   * `request` for the pack: its one collection, and the instruction the pack was built for (its
   * vectors were made to answer queries written that way).
   */
  request(request: SearchRequest): SearchRequest {
    const scope = request.scope && { ...request.scope, collection: PACK_COLLECTION };
    return { ...request, scope, instruction: this.instruction || request.instruction };
  }
}
