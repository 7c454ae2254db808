// The service worker, built to `sw.js` at the root of dist/ by scripts/service-worker-plugin.ts
// (production builds only): precaches this build, opens the app offline, adds COOP/COEP and the
// page's and the model workers' Content-Security-Policies (the latter as each page granted), keeps the hosted pack files it fetched
// (`?pack=`) for offline use, and leaves model downloads to transformers.js, which caches them in
// its own Cache Storage.
import * as policy from './policy';
import {
  isWorkerConnectionsMessage,
  SKIP_WAITING,
  type WorkerConnectGrant,
} from '../core/types/service-worker';

declare const self: ServiceWorkerGlobalScope & {
  /** Written into the first line of sw.js at build time. */
  __SIEVE_PRECACHE__?: policy.PrecacheManifest;
};

const manifest = self.__SIEVE_PRECACHE__;
// A sw.js without its manifest would cache nothing: fail the registration instead.
if (!manifest) throw new Error('sw.js has no precache manifest');
const { entries: ENTRIES } = manifest;
const CACHE = policy.cacheName(manifest.version);
const PRECACHED = policy.precachedUrls(ENTRIES, self.location.href);
const SHELL = new URL('./index.html', self.location.href).href;
/** Stored with each cached file, so that an update copies unchanged files instead of fetching. */
const REVISION_HEADER = 'X-Sieve-Revision';

self.addEventListener('install', (event) => {
  event.waitUntil(
    precache().then(async () => {
      // The first install takes over at once; an update waits until the page asks (its banner).
      if (!self.registration.active) await self.skipWaiting();
    }),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const stale = policy.cachesToDelete(await caches.keys(), CACHE);
      await Promise.all(stale.map((key) => caches.delete(key)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === SKIP_WAITING) event.waitUntil(self.skipWaiting());
  else if (isWorkerConnectionsMessage(event.data)) event.waitUntil(keepGrant(event));
});

self.addEventListener('fetch', (event) => {
  const route = policy.routeRequest(event.request, self.registration.scope, PRECACHED);
  if (route === 'navigate') event.respondWith(navigate(event.request));
  else if (route === 'worker') event.respondWith(workerScript(event));
  else if (route === 'precached') event.respondWith(fromCache(event.request));
  else if (route === 'pack-shard') event.respondWith(packShard(event));
  else if (route === 'pack-manifest') event.respondWith(packManifest(event.request));
});

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  const earlier = policy.cachesToDelete(await caches.keys(), CACHE);
  await Promise.all(
    ENTRIES.map(async ({ url, revision }) => {
      const href = new URL(url, self.location.href).href;
      const kept = await findRevision(earlier, href, revision);
      if (kept) return cache.put(href, kept);
      // `no-cache` revalidates with the server: an HTTP-cached copy may belong to another build.
      const response = await fetch(href, { cache: 'no-cache' });
      if (!response.ok) throw new Error(`precaching ${href} failed: HTTP ${response.status}`);
      const headers = new Headers(response.headers);
      headers.set(REVISION_HEADER, revision);
      const { status, statusText } = response;
      await cache.put(href, new Response(response.body, { status, statusText, headers }));
    }),
  );
}

async function findRevision(
  names: string[],
  href: string,
  revision: string,
): Promise<Response | undefined> {
  for (const name of names) {
    const found = await (await caches.open(name)).match(href);
    if (found?.headers.get(REVISION_HEADER) === revision) return found;
  }
  return undefined;
}

/** Network first, so that updates arrive when online; the cached shell when offline. */
async function navigate(request: Request): Promise<Response> {
  try {
    return isolate(await fetch(request), { page: request.url });
  } catch (error) {
    const shell = await (await caches.open(CACHE)).match(SHELL);
    if (!shell) throw error;
    return isolate(shell, { page: request.url });
  }
}

async function fromCache(request: Request): Promise<Response> {
  const cached = await (await caches.open(CACHE)).match(request.url);
  return isolate(cached ?? (await fetch(request)));
}

/**
 * A page's grant (what its model workers may connect to), kept until its worker scripts are
 * asked for; answered on the message's port once kept. Grants of pages that are gone go.
 */
async function keepGrant(event: ExtendableMessageEvent): Promise<void> {
  const client = event.source;
  const reply = event.ports[0];
  if (!(client instanceof Client)) return;
  const grant: WorkerConnectGrant = (event.data as { grant: WorkerConnectGrant }).grant;
  const cache = await caches.open(policy.GRANT_CACHE);
  const scope = self.registration.scope;
  await cache.put(
    policy.grantKey(scope, client.id),
    new Response(JSON.stringify(grant), { headers: { 'Content-Type': 'application/json' } }),
  );
  reply?.postMessage(true);
  const live = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const kept = (await cache.keys()).map((request) => request.url);
  const stale = policy.staleGrants(kept, scope, new Set([client.id, ...live.map((c) => c.id)]));
  await Promise.all(stale.map((key) => cache.delete(key)));
}

/**
 * A worker script of the app's origin, from the cache where this build has it, with the policy
 * its page granted (`event.clientId`: the page that starts a dedicated worker). Workers started
 * by workers (ONNX Runtime's thread pool) and pages that granted nothing get no policy.
 */
async function workerScript(event: FetchEvent): Promise<Response> {
  const { request } = event;
  const cached = await (await caches.open(CACHE)).match(request.url);
  const response = cached ?? (await fetch(request));
  const kept = event.clientId
    ? await (
        await caches.open(policy.GRANT_CACHE)
      ).match(policy.grantKey(self.registration.scope, event.clientId))
    : undefined;
  const grant: unknown = kept ? await kept.json().catch(() => null) : undefined;
  return isolate(response, grant === undefined ? {} : { grant });
}

/**
 * A pack's shard: from the pack cache once fetched (its name changes with its content). The
 * page gets the body as it streams; the copy is kept once it matches the hash in its name.
 */
async function packShard(event: FetchEvent): Promise<Response> {
  const { request } = event;
  const cache = await caches.open(policy.PACK_CACHE);
  const cached = await cache.match(request.url);
  if (cached) return isolate(cached);
  const response = await fetch(request);
  const hash = policy.shardHashPrefix(request.url);
  if (response.ok && response.type !== 'opaque' && hash) {
    const copy = response.clone();
    event.waitUntil(
      (async () => {
        const body = await copy.arrayBuffer();
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
        const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
        if (hex.startsWith(hash)) {
          const { status, statusText, headers } = copy;
          await cache.put(request.url, new Response(body, { status, statusText, headers }));
        }
      })().catch(() => {}),
    );
  }
  return isolate(response);
}

/**
 * A pack's manifest.json: network first (a rebuilt pack shows up), the cached copy offline.
 * A newer manifest retires the cached shards it no longer lists.
 */
async function packManifest(request: Request): Promise<Response> {
  const cache = await caches.open(policy.PACK_CACHE);
  let response: Response;
  try {
    response = await fetch(request);
  } catch (error) {
    const cached = await cache.match(request.url);
    if (!cached) throw error;
    return isolate(cached);
  }
  if (response.ok && response.type !== 'opaque') {
    const copy = response.clone();
    const files = policy.manifestFiles(
      await copy
        .clone()
        .json()
        .catch(() => null),
    );
    // Only a pack's manifest is kept (other manifest.json files pass through as they are).
    if (files.length > 0) {
      await cache.put(request.url, copy);
      const cachedUrls = (await cache.keys()).map((r) => r.url);
      const stale = policy.staleShards(cachedUrls, request.url, files);
      await Promise.all(stale.map((url) => cache.delete(url)));
    }
  }
  return isolate(response);
}

/**
 * Adds COOP/COEP to what this worker serves: the page becomes cross-origin isolated, and worker
 * scripts (whose COEP must match their page's) may load in it. Pages also get the app's CSP, and
 * model worker scripts the workers' (allowing what their page's `grant` names).
 */
function isolate(
  response: Response,
  { page, grant }: { page?: string; grant?: unknown } = {},
): Response {
  // Redirects and opaque responses must reach the page unchanged.
  if (response.type === 'opaqueredirect' || response.type === 'opaque') return response;
  const isolated = policy.withIsolationHeaders(response.headers) ?? response.headers;
  const headers =
    page !== undefined
      ? policy.withPagePolicy(isolated, page)
      : grant !== undefined
        ? policy.withWorkerPolicy(isolated, grant)
        : isolated;
  if (headers === response.headers) return response;
  const { status, statusText } = response;
  return new Response(response.body, { status, statusText, headers });
}
