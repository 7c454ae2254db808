// Messages between the page and the service worker. Pure.

/** The page's message asking a waiting worker to take over (the update banner's Reload). */
export const SKIP_WAITING = 'sieve:skip-waiting';

/**
 * What a page's model workers may connect to beyond the app's origin: the model source and a
 * hosted pack's origin. The page hands it to the service worker before it starts a model worker
 * (src/clients/worker-connections.ts); the service worker sends the policy it allows
 * (core/content-security-policy.ts) with every worker script that page asks for. Origins only.
 */
export interface WorkerConnectGrant {
  /** `hub`, `local`, or a mirror's origin; null for a mirror address that is no http(s) URL. */
  models: string | null;
  /** A hosted pack's origin. */
  pack?: string;
}

/**
 * The page's message, sent before it starts a model worker, saying what that page's workers may
 * connect to; the service worker answers `true` on the port sent with it once it has kept it.
 */
export interface WorkerConnectionsMessage {
  type: 'sieve:worker-connections';
  grant: WorkerConnectGrant;
}

export const WORKER_CONNECTIONS: WorkerConnectionsMessage['type'] = 'sieve:worker-connections';

export function isWorkerConnectionsMessage(data: unknown): data is WorkerConnectionsMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === WORKER_CONNECTIONS
  );
}
