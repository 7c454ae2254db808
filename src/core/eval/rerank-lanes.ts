// One reranker, several callers (the search and the evaluation), each numbering its own requests
// (pure). The reranker worker stops every request older than the newest id it has seen, so two
// callers counting from 1 apart would stop each other's requests for good: after an evaluation's
// id 300, a search's id 12 would be "older" until the worker restarts. Lanes give every request
// one id from a shared increasing sequence and map it back, so each caller keeps its own numbers.

import type { RerankProgress, RerankRequest, RerankResult } from '../types/rerank';

/** What a caller needs of the reranker client (RerankerClient has both). */
export interface RerankService {
  rerank(
    request: RerankRequest,
    onProgress: (progress: RerankProgress) => void,
  ): Promise<RerankResult>;
  /** Stops request `id` and older ones at their next pass boundary. */
  cancel(id: number): void;
}

export class RerankLanes {
  #last = 0;

  constructor(private readonly reranker: RerankService) {}

  /**
   * A reranker for one caller, whose request ids are its own. A request still supersedes every
   * older one, whichever lane sent it: the worker scores one request at a time.
   */
  lane(): RerankService {
    /** The caller's id → the worker's, for requests not finished yet. */
    const running = new Map<number, number>();
    return {
      rerank: async (request, onProgress) => {
        const id = ++this.#last;
        running.set(request.id, id);
        try {
          const result = await this.reranker.rerank({ ...request, id }, (progress) =>
            onProgress({ ...progress, id: request.id }),
          );
          return { ...result, id: request.id };
        } finally {
          if (running.get(request.id) === id) running.delete(request.id);
        }
      },
      cancel: (through) => {
        let last = 0;
        for (const [own, id] of running) if (own <= through) last = Math.max(last, id);
        if (last > 0) this.reranker.cancel(last);
      },
    };
  }
}
