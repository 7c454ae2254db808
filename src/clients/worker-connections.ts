// Tells the service worker what this page's model workers may connect to (their model source and
// a hosted pack), before a model worker starts: the service worker sends that policy with the
// worker's script. Main thread.

import type { WorkerHandle } from './supervised-worker';
import {
  WORKER_CONNECTIONS,
  type WorkerConnectGrant,
  type WorkerConnectionsMessage,
} from '../core/types/service-worker';

/**
 * How long a grant waits for the service worker's answer. Only a service worker of an older
 * build never answers; a busy machine's can take seconds to wake. Past it the worker starts
 * anyway, without its policy, as it would before the service worker controls the page.
 */
export const GRANT_TIMEOUT_MS = 5000;

/**
 * Sends `grant` to the service worker that controls this page and waits until it is kept.
 * Resolves false where none controls the page (the first visit, `vite dev`, a blocked
 * registration) or none answered in time: the worker then runs without a policy.
 */
export function grantWorkerConnections(
  grant: WorkerConnectGrant,
  container: Pick<ServiceWorkerContainer, 'controller'> | undefined = globalThis.navigator
    ?.serviceWorker,
  timeoutMs = GRANT_TIMEOUT_MS,
): Promise<boolean> {
  const controller = container?.controller;
  if (!controller) return Promise.resolve(false);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(kept: boolean) {
      clearTimeout(timer);
      channel.port1.close();
      resolve(kept);
    }
    channel.port1.onmessage = (event) => finish(event.data === true);
    const message: WorkerConnectionsMessage = { type: WORKER_CONNECTIONS, grant };
    controller.postMessage(message, [channel.port2]);
  });
}

/** A model worker from `start`, once the service worker has kept `grant` (or could not). */
export async function startGranted(
  grant: WorkerConnectGrant,
  start: () => WorkerHandle,
): Promise<WorkerHandle> {
  await grantWorkerConnections(grant);
  return start();
}
