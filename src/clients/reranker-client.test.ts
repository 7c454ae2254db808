// RerankerClient's supervision logic with fake workers (real comlink over Node MessageChannels):
// restart and retry after a crash, WASM after a WebGPU failure, idle unload.
import { expose } from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { RerankerApi } from '../../workers/reranker/api';
import { RerankerClient } from './reranker-client';
import type { WorkerHandle } from './supervised-worker';
import type { ModelSettings, ModelStatus } from '../core/types/models';
import type { RerankRequest, RerankResult } from '../core/types/rerank';

type Behaviour = 'ok' | 'hang' | 'device-lost' | 'not-found';

interface FakeWorker extends WorkerHandle {
  settings?: ModelSettings;
  terminated: boolean;
  crash(message: string): void;
}

function fakeWorker(behaviour: Behaviour): FakeWorker {
  const { port1, port2 } = new MessageChannel();
  const events = new EventTarget();
  const worker: FakeWorker = {
    terminated: false,
    postMessage: (message: unknown, transfer?: Transferable[]) =>
      port1.postMessage(message, transfer as never),
    addEventListener: (type: string, listener: EventListenerOrEventListenerObject) =>
      type === 'message'
        ? port1.addEventListener('message', listener as never)
        : events.addEventListener(type, listener),
    removeEventListener: (type: string, listener: EventListenerOrEventListenerObject) =>
      type === 'message'
        ? port1.removeEventListener('message', listener as never)
        : events.removeEventListener(type, listener),
    start: () => port1.start(),
    terminate: () => {
      worker.terminated = true;
      port1.close();
    },
    crash: (message) => events.dispatchEvent(Object.assign(new Event('error'), { message })),
  };
  const NO_FILES = {
    modelId: 'm',
    dtype: 'q8',
    files: [],
    totalBytes: 0,
    cachedBytes: 0,
    store: 'browser-cache' as const,
  };
  const api: RerankerApi = {
    async configure(settings, onStatus) {
      worker.settings = settings;
      const status: ModelStatus = {
        phase: 'ready',
        modelId: settings.modelId,
        backend: settings.backend === 'wasm' ? 'wasm' : 'webgpu',
        reasons: [],
        files: {},
      };
      onStatus(status);
      return status;
    },
    load: async () => ({ phase: 'ready', modelId: 'm', reasons: [], files: {} }),
    modelFiles: async () => NO_FILES,
    deleteModelFiles: async () => NO_FILES,
    reconnected: async () => {},
    async rerank(request: RerankRequest): Promise<RerankResult> {
      if (behaviour === 'hang') return new Promise(() => {});
      if (behaviour === 'device-lost') throw new Error('WebGPU: GPU device was lost');
      if (behaviour === 'not-found') throw new Error('Could not locate file: config.json (404)');
      const scores = request.documents.map((d) => d.length / 100);
      return {
        id: request.id,
        scores,
        superseded: false,
        totalMs: 1,
        perCandidateMs: 1,
        loadMs: 0,
      };
    },
    cancel: async () => {},
  };
  expose(api, port2 as never);
  return worker;
}

const SETTINGS: ModelSettings = {
  modelId: 'm',
  source: { kind: 'hub' },
  backend: 'auto',
  dtype: 'auto',
  downloadAllowed: true,
};
const REQUEST: RerankRequest = {
  id: 1,
  query: 'q',
  instruction: 'i',
  documents: ['a', 'bb'],
  maxTokens: 64,
};

function client(behaviours: Behaviour[], idleMs = 0) {
  const workers: FakeWorker[] = [];
  const notices: string[] = [];
  const statuses: ModelStatus[] = [];
  const c = new RerankerClient({
    settings: () => SETTINGS,
    onStatus: (s) => statuses.push(s),
    backend: () => statuses.at(-1)?.backend,
    onNotice: (n) => notices.push(n),
    idleMs: () => idleMs,
    connections: () => ({ models: 'hub' }),
    createWorker: () => {
      const w = fakeWorker(behaviours[workers.length] ?? 'ok');
      workers.push(w);
      return w;
    },
  });
  return { c, workers, notices, statuses };
}

describe('RerankerClient', () => {
  it('starts the worker lazily and passes the settings', async () => {
    const { c, workers } = client(['ok']);
    expect(workers).toHaveLength(0);
    const result = await c.rerank(REQUEST, () => {});
    expect(result.scores).toEqual([0.01, 0.02]);
    expect(workers[0]!.settings).toEqual(SETTINGS);
  });

  it('restarts a worker that dies mid-request and retries once', async () => {
    const { c, workers, notices } = client(['hang', 'ok']);
    const pending = c.rerank(REQUEST, () => {});
    await new Promise((r) => setTimeout(r, 20));
    workers[0]!.crash('out of memory');
    await expect(pending).resolves.toMatchObject({ scores: [0.01, 0.02] });
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    expect(notices[0]).toMatch(/out of memory.*restarted/);
  });

  it('retries on WASM when WebGPU was the cause', async () => {
    const { c, workers, notices } = client(['device-lost', 'ok']);
    await c.rerank(REQUEST, () => {});
    expect(workers[0]!.settings?.backend).toBe('auto');
    expect(workers[1]!.settings?.backend).toBe('wasm');
    expect(notices[0]).toMatch(/device was lost.*on WASM/);
  });

  it('gives up after the second failure, and never restarts for an ordinary error', async () => {
    const twice = client(['device-lost', 'device-lost']);
    await expect(twice.c.rerank(REQUEST, () => {})).rejects.toThrow(/device was lost/);
    expect(twice.workers).toHaveLength(2);
    const missing = client(['not-found']);
    await expect(missing.c.rerank(REQUEST, () => {})).rejects.toThrow(/404/);
    expect(missing.workers).toHaveLength(1);
    expect(missing.notices).toEqual([]);
  });

  it('unloads after the idle time and reloads on demand', async () => {
    const { c, workers, statuses } = client(['ok', 'ok'], 30);
    await c.rerank(REQUEST, () => {});
    await new Promise((r) => setTimeout(r, 80));
    expect(workers[0]!.terminated).toBe(true);
    expect(statuses.at(-1)).toMatchObject({
      phase: 'idle',
      reasons: [expect.stringMatching(/idle/)],
    });
    await c.rerank(REQUEST, () => {});
    expect(workers).toHaveLength(2);
    c.unload('test over');
  });
});
