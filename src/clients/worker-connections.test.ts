// The page's half of the worker policy hand-over: the grant goes to the controlling service
// worker, the model worker starts only once it is kept, and a page with no (answering) service
// worker starts its workers anyway.
import { describe, expect, it } from 'vitest';
import { isWorkerConnectionsMessage } from '../core/types/service-worker';
import type { WorkerHandle } from './supervised-worker';
import { grantWorkerConnections, startGranted } from './worker-connections';

/** A stand-in for navigator.serviceWorker whose controller answers as `answer` says. */
function container(answer: 'keep' | 'silent' | 'refuse') {
  const received: unknown[] = [];
  const controller = {
    postMessage(message: unknown, transfer: Transferable[]) {
      received.push(message);
      const port = transfer[0] as MessagePort;
      if (answer === 'silent') return;
      // As the service worker does: after storing it, on the port sent along.
      setTimeout(() => port.postMessage(answer === 'keep' && isWorkerConnectionsMessage(message)));
    },
  } as unknown as ServiceWorker;
  return { received, container: { controller } };
}

describe('grantWorkerConnections', () => {
  it('sends the grant to the controlling service worker and resolves once it is kept', async () => {
    const { received, container: sw } = container('keep');
    expect(
      await grantWorkerConnections({ models: 'https://m.example', pack: 'https://p.example' }, sw),
    ).toBe(true);
    expect(received).toEqual([
      {
        type: 'sieve:worker-connections',
        grant: { models: 'https://m.example', pack: 'https://p.example' },
      },
    ]);
  });

  it('resolves false, sending nothing, where no service worker controls the page', async () => {
    expect(await grantWorkerConnections({ models: 'hub' }, { controller: null })).toBe(false);
    expect(await grantWorkerConnections({ models: 'hub' }, undefined)).toBe(false);
  });

  it('gives up on a service worker that never answers (an older build)', async () => {
    const { received, container: sw } = container('silent');
    const started = performance.now();
    expect(await grantWorkerConnections({ models: 'hub' }, sw, 50)).toBe(false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(received).toHaveLength(1);
  });

  it('reports an answer other than "kept" as not kept', async () => {
    const { container: sw } = container('refuse');
    expect(await grantWorkerConnections({ models: 'hub' }, sw)).toBe(false);
  });
});

describe('startGranted', () => {
  it('starts the worker only after the grant was handed over', async () => {
    const order: string[] = [];
    const controller = {
      postMessage(_message: unknown, transfer: Transferable[]) {
        setTimeout(() => {
          order.push('kept');
          (transfer[0] as MessagePort).postMessage(true);
        }, 10);
      },
    } as unknown as ServiceWorker;
    const original = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', {
      value: { serviceWorker: { controller } },
      configurable: true,
    });
    try {
      const handle = await startGranted({ models: 'local' }, () => {
        order.push('started');
        return { terminate() {} } as WorkerHandle;
      });
      expect(handle).toBeDefined();
      expect(order).toEqual(['kept', 'started']);
    } finally {
      if (original) Object.defineProperty(globalThis, 'navigator', original);
      else Reflect.deleteProperty(globalThis, 'navigator');
    }
  });
});
