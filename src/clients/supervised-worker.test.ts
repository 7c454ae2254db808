// SupervisedWorker with a `create` that first waits (the page telling the service worker the
// worker's policy): calls wait for it, one worker per start, and a stop meanwhile wins.
import { expose } from 'comlink';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { SupervisedWorker, WorkerCrashedError, type WorkerHandle } from './supervised-worker';

interface EchoApi {
  echo(text: string): Promise<string>;
}

interface FakeWorker extends WorkerHandle {
  terminated: boolean;
}

function fakeWorker(name: string): FakeWorker {
  const { port1, port2 } = new MessageChannel();
  const worker: FakeWorker = {
    terminated: false,
    postMessage: (message: unknown, transfer?: Transferable[]) =>
      port1.postMessage(message, transfer as never),
    addEventListener: (type: string, listener: EventListenerOrEventListenerObject) => {
      if (type === 'message') port1.addEventListener('message', listener as never);
    },
    removeEventListener: (type: string, listener: EventListenerOrEventListenerObject) => {
      if (type === 'message') port1.removeEventListener('message', listener as never);
    },
    start: () => port1.start(),
    terminate: () => {
      worker.terminated = true;
      port1.close();
    },
  };
  expose({ echo: async (text: string) => `${name}: ${text}` } satisfies EchoApi, port2 as never);
  return worker;
}

/** Workers whose creation each waits for `release(n)`; records every worker made and each init. */
function gatedWorkers() {
  const made: FakeWorker[] = [];
  const inits: string[] = [];
  const gates: Array<() => void> = [];
  const supervised = new SupervisedWorker<EchoApi>(
    async () => {
      await new Promise<void>((resolve) => gates.push(resolve));
      const worker = fakeWorker(`w${made.length + 1}`);
      made.push(worker);
      return worker;
    },
    async (api) => {
      inits.push(await api.echo('init'));
    },
    { name: 'test worker', usesWebGpu: () => false, onNotice: () => {} },
  );
  return { supervised, made, inits, release: (n: number) => gates[n]!() };
}

describe('SupervisedWorker with an asynchronous create', () => {
  it('holds calls until the worker exists and has run init, and makes one worker for them', async () => {
    const { supervised, made, inits, release } = gatedWorkers();
    const first = supervised.call((api) => api.echo('a'));
    const second = supervised.call((api) => api.echo('b'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(made).toHaveLength(0);
    expect(supervised.running).toBe(true);
    release(0);
    expect(await Promise.all([first, second])).toEqual(['w1: a', 'w1: b']);
    expect(made).toHaveLength(1);
    expect(inits).toEqual(['w1: init']);
  });

  it('terminates a worker that arrives after a stop, and the next call starts afresh', async () => {
    const { supervised, made, release } = gatedWorkers();
    const pending = supervised.call((api) => api.echo('a'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    supervised.stop();
    release(0);
    await expect(pending).rejects.toBeInstanceOf(WorkerCrashedError);
    expect(made).toHaveLength(1);
    expect(made[0]!.terminated).toBe(true);
    expect(supervised.running).toBe(false);

    const next = supervised.call((api) => api.echo('b'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    release(1);
    expect(await next).toBe('w2: b');
    expect(made[1]!.terminated).toBe(false);
    supervised.stop();
    expect(made[1]!.terminated).toBe(true);
  });
});
