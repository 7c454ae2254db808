// The embedding model's lifecycle in the embedder worker: a ModelHost that loads Qwen3-Embedding
// with the settings' dimension and, once warm, attaches the library's index of its vector space
// (of the loaded weights' revision).
import { errorMessage } from '../../src/core/errors';
import { QWEN3_EMBEDDING_MODEL_ID } from '../../src/core/qwen3-embedding';
import type { EngineSettings } from '../../src/core/types/library';
import type { ModelStatus } from '../../src/core/types/models';
import { indexKeyOf } from '../../src/engine/library/library-store';
import type { SharedLibrary } from '../../src/engine/library/shared-library';
import type { DevicePlan } from '../../src/engine/models/device';
import { ModelHost } from '../../src/engine/models/model-host';
import { modelRevision } from '../../src/engine/models/model-revision';
import { QWEN3_EMBEDDING_ESTIMATES } from '../../src/engine/qwen3/download-estimates';
import { QWEN3_EMBEDDING_DTYPES, Qwen3Embedder } from '../../src/engine/qwen3/embedder';
import { embedderSelfCheck } from '../../src/engine/qwen3/self-checks';

/** The embedding model the app ships estimates for: its id, dtypes and download sizes. */
export const SHIPPED_EMBEDDER = {
  modelId: QWEN3_EMBEDDING_MODEL_ID,
  dtypes: QWEN3_EMBEDDING_DTYPES,
  estimates: QWEN3_EMBEDDING_ESTIMATES,
};

/** The vector space of `settings` with weights of `dtype`. */
export const spaceKey = (settings: EngineSettings, dtype: string) =>
  indexKeyOf(settings.modelId, dtype, settings.dimension);

export function embedderHost(
  settings: EngineSettings,
  shared: SharedLibrary,
  onStatus: (status: ModelStatus) => void,
  /** Runs after the warm-up, before the model is ready (the device's timed speed passage). */
  afterWarmUp?: (embedder: Qwen3Embedder, plan: DevicePlan) => Promise<void>,
): ModelHost<Qwen3Embedder> {
  return new ModelHost(
    settings,
    {
      shipped: SHIPPED_EMBEDDER,
      load: (target) => Qwen3Embedder.load({ ...target, dimension: settings.dimension }),
      warmUp: async (embedder, plan) => {
        const notes: string[] = [];
        // The first run compiles WebGPU shaders / sizes the WASM arena: keep it off user timings.
        await embedder.embedQuery('warm-up');
        await afterWarmUp?.(embedder, plan);
        const identity = {
          modelId: settings.modelId,
          dtype: plan.dtype,
          dimension: embedder.dimension,
        };
        const revision = await modelRevision(settings.modelId, plan.dtype).catch(
          (error: unknown) => {
            notes.push(`Weights revision unknown: ${errorMessage(error)}`);
            return undefined;
          },
        );
        await shared.attach(
          spaceKey(settings, plan.dtype),
          identity,
          settings.indexBackend,
          revision,
        );
        notes.push(`Vector index: ${shared.library.indexDescription ?? 'not loaded'}`);
        if (revision) notes.push(`Weights revision ${revision}.`);
        return { dimension: embedder.dimension, notes };
      },
      dispose: (embedder) => embedder.dispose(),
      selfCheck: embedderSelfCheck,
    },
    onStatus,
  );
}
