// The reranker worker's contract, shared by the worker (`expose`) and its client (`wrap`). A
// separate worker from the embedder, so that neither model ever waits for the other. Its plain
// data types are in src/core/types.

import type { ModelFiles, ModelSettings, ModelStatus } from '../../src/core/types/models';
import type { RerankProgress, RerankRequest, RerankResult } from '../../src/core/types/rerank';

export interface RerankerApi {
  /** Applies settings, reports the device plan and streams status changes from now on. */
  configure(settings: ModelSettings, onStatus: (status: ModelStatus) => void): Promise<ModelStatus>;
  load(): Promise<ModelStatus>;
  /** The page is back online: a download that failed on the network starts again. */
  reconnected(): Promise<void>;
  rerank(
    request: RerankRequest,
    onProgress: (progress: RerankProgress) => void,
  ): Promise<RerankResult>;
  /** Stops request `id` (and older ones) at the next pass boundary. */
  cancel(id: number): Promise<void>;
  /** The planned dtype's files, sizes and cache status (metadata only, nothing downloaded). */
  modelFiles(): Promise<ModelFiles>;
  /** Deletes those files from the browser's model cache. */
  deleteModelFiles(): Promise<ModelFiles>;
}
