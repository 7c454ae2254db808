import { describe, expect, it } from 'vitest';
import { RerankLanes, type RerankService } from './rerank-lanes';
import type { RerankProgress, RerankRequest, RerankResult } from '../types/rerank';

/** A reranker that keeps the worker's rule: a request stops every request with a lower id. */
function fakeReranker() {
  const seen: number[] = [];
  const cancelled: number[] = [];
  let stopThrough = 0;
  const reranker: RerankService = {
    rerank: async (request: RerankRequest, onProgress: (p: RerankProgress) => void) => {
      seen.push(request.id);
      stopThrough = Math.max(stopThrough, request.id - 1);
      const superseded = request.id <= stopThrough;
      onProgress({ id: request.id, done: 1, total: 1, scored: [], elapsedMs: 1 });
      return {
        id: request.id,
        scores: request.documents.map(() => 0.5),
        superseded,
        totalMs: 1,
        perCandidateMs: 1,
        loadMs: 0,
      } satisfies RerankResult;
    },
    cancel: (id) => {
      cancelled.push(id);
      stopThrough = Math.max(stopThrough, id);
    },
  };
  return { reranker, seen, cancelled };
}

const request = (id: number): RerankRequest => ({
  id,
  query: 'q',
  instruction: 'i',
  documents: ['a'],
  maxTokens: 64,
});

describe('RerankLanes', () => {
  it('gives each caller its own ids over one increasing sequence', async () => {
    const fake = fakeReranker();
    const lanes = new RerankLanes(fake.reranker);
    const evaluation = lanes.lane();
    const search = lanes.lane();
    for (let id = 1; id <= 5; id++) await evaluation.rerank(request(id), () => {});
    // The search numbers from 1 again; the worker still sees a newer request, which runs.
    const progress: number[] = [];
    const result = await search.rerank(request(1), (p) => progress.push(p.id));
    expect(result).toMatchObject({ id: 1, superseded: false });
    expect(progress).toEqual([1]);
    expect(fake.seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('cancels only requests the lane still runs, by their worker ids', async () => {
    const fake = fakeReranker();
    const lanes = new RerankLanes(fake.reranker);
    const a = lanes.lane();
    const b = lanes.lane();
    await a.rerank(request(1), () => {});
    a.cancel(1); // finished: nothing to stop
    expect(fake.cancelled).toEqual([]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: RerankService = {
      rerank: async (r, onProgress) => {
        await gate;
        return fake.reranker.rerank(r, onProgress);
      },
      cancel: (id) => fake.reranker.cancel(id),
    };
    const gated = new RerankLanes(slow);
    const lane = gated.lane();
    const running = lane.rerank(request(7), () => {});
    lane.cancel(6); // older than the running one: nothing
    expect(fake.cancelled).toEqual([]);
    lane.cancel(7);
    expect(fake.cancelled).toEqual([1]);
    release();
    expect((await running).id).toBe(7);
    b.cancel(99);
    expect(fake.cancelled).toEqual([1]);
  });
});
