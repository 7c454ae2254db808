// The reranker worker's implementation of `RerankerApi`: the cross-encoder (through ModelHost),
// scoring with progress, and supersede/cancel between passes. Runs in the worker.

import type { RerankerApi } from './api';
import { QWEN3_RERANKER_MODEL_ID } from '../../src/core/qwen3-reranker';
import { ModelHost } from '../../src/engine/models/model-host';
import { QWEN3_RERANKER_ESTIMATES } from '../../src/engine/qwen3/download-estimates';
import { Qwen3Reranker } from '../../src/engine/qwen3/reranker';
import { rerankerSelfCheck } from '../../src/engine/qwen3/self-checks';
import { configureTransformers } from '../../src/engine/models/runtime-env';
import type { RerankProgress, RerankRequest, RerankResult } from '../../src/core/types/rerank';
import {
  RERANKER_DTYPES,
  type ModelFiles,
  type ModelSettings,
  type ModelStatus,
} from '../../src/core/types/models';

export class RerankerService implements RerankerApi {
  #host: ModelHost<Qwen3Reranker> | undefined;
  /** Requests with an id up to this one stop at their next pass boundary. */
  #stopThrough = 0;

  async configure(
    settings: ModelSettings,
    onStatus: (status: ModelStatus) => void,
  ): Promise<ModelStatus> {
    configureTransformers(settings.source, settings);
    this.#host = new ModelHost(
      settings,
      {
        shipped: {
          modelId: QWEN3_RERANKER_MODEL_ID,
          dtypes: RERANKER_DTYPES,
          estimates: QWEN3_RERANKER_ESTIMATES,
        },
        load: (target) => Qwen3Reranker.load(target),
        warmUp: async (reranker) => {
          // Doubles as the warm-up run: compiles shaders and sizes the arena.
          const { batchSafe, difference, prefixReuse } = await reranker.calibrateBatching();
          const batching = batchSafe
            ? `Batching on: batched scores match single ones (max margin difference ${difference.toExponential(1)}).`
            : `Scoring one pair at a time: batched scores differ from single ones by ${difference.toExponential(1)}.`;
          const notes = [batching, prefixReuse.reason];
          if (Number.isFinite(reranker.maxPairTokens)) {
            notes.push(
              `This export returns logits for every position, so pairs are capped at ${reranker.maxPairTokens} tokens to bound memory.`,
            );
          }
          return { notes };
        },
        dispose: (reranker) => reranker.dispose(),
        selfCheck: rerankerSelfCheck,
      },
      onStatus,
    );
    await this.#host.announce();
    return this.#host.status;
  }

  async load(): Promise<ModelStatus> {
    this.#requireHost().allowDownload();
    await this.#requireHost().get();
    return this.#requireHost().status;
  }

  async reconnected(): Promise<void> {
    await this.#host?.reconnected();
  }

  async rerank(
    request: RerankRequest,
    onProgress: (progress: RerankProgress) => void,
  ): Promise<RerankResult> {
    this.#stopThrough = Math.max(this.#stopThrough, request.id - 1);
    const host = this.#requireHost();
    const loadStart = performance.now();
    const wasLoaded = host.loaded;
    const reranker = await host.get();
    const loadMs = wasLoaded ? 0 : performance.now() - loadStart;
    const start = performance.now();
    let done = 0;
    const scores = await reranker.score(
      request.query,
      request.documents,
      request.instruction,
      request.maxTokens,
      {
        shouldStop: () => request.id <= this.#stopThrough,
        onScored: (indices, batchScores) => {
          done += indices.length;
          onProgress({
            id: request.id,
            done,
            total: request.documents.length,
            scored: indices.map((index, b) => ({ index, score: batchScores[b]! })),
            elapsedMs: performance.now() - start,
          });
        },
      },
    );
    const totalMs = performance.now() - start;
    return {
      id: request.id,
      scores: Array.from(scores),
      superseded: done < request.documents.length,
      totalMs,
      perCandidateMs: done > 0 ? totalMs / done : 0,
      loadMs,
    };
  }

  async cancel(id: number): Promise<void> {
    this.#stopThrough = Math.max(this.#stopThrough, id);
  }

  modelFiles(): Promise<ModelFiles> {
    return this.#requireHost().files();
  }

  deleteModelFiles(): Promise<ModelFiles> {
    return this.#requireHost().deleteFiles();
  }

  #requireHost(): ModelHost<Qwen3Reranker> {
    if (!this.#host) throw new Error('configure() must be called first.');
    return this.#host;
  }
}
