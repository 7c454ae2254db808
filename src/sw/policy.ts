// The service worker's decisions as pure functions (no Cache or fetch APIs), so that Node unit
// tests can check them: cache names, which caches to delete, how each request is handled, where
// pages' worker grants are kept, and the headers that make the page cross-origin isolated and
// guard it and its model workers (CSP). Used by src/sw/sw.ts and the build plugin.

import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_HEADER,
  workerConnectSources,
  workerContentSecurityPolicy,
} from '../core/content-security-policy';
import { packSiteParams } from '../core/pack-site';
import { PACK_FORMAT } from '../core/pack/pack-manifest';

/** One file of the build, relative to the service worker (`./assets/x.js`), and a content hash. */
export interface PrecacheEntry {
  url: string;
  revision: string;
}

export interface PrecacheManifest {
  /** Hash over every entry: names the cache, and changes sw.js whenever any file changes. */
  version: string;
  entries: PrecacheEntry[];
}

export const CACHE_PREFIX = 'sieve-app-';

export function cacheName(version: string): string {
  return `${CACHE_PREFIX}${version}`;
}

/**
 * The caches an activating worker deletes: only Sieve's own earlier app-shell caches. The model
 * files live in `transformers-cache` (transformers.js) and must survive every update.
 */
export function cachesToDelete(keys: readonly string[], current: string): string[] {
  return keys.filter((key) => key.startsWith(CACHE_PREFIX) && key !== current);
}

/**
 * Files of hosted Sieve packs (`?pack=`) fetched so far, kept for offline use. Not an app cache
 * (no CACHE_PREFIX): app updates keep it.
 */
export const PACK_CACHE = 'sieve-packs';

/** A pack shard's name: content-hashed, so a cached copy is never stale. */
const PACK_SHARD = /\/(documents|chunks|vectors|exact|keywords)\.[0-9a-f]{16}\.(json|bin)$/;
const PACK_MANIFEST = /\/manifest\.json$/;

export type Route = 'navigate' | 'worker' | 'precached' | 'pack-shard' | 'pack-manifest' | 'pass';

export interface RequestFacts {
  url: string;
  method: string;
  mode: string;
  /** `worker` for a dedicated worker's script (its CSP comes with it). */
  destination?: string;
}

/**
 * Navigations in scope go network-first (updates arrive when online, the cached shell opens
 * offline); worker scripts of the app's origin come from the cache or the network with the policy
 * their page granted (see `withWorkerPolicy`); other files of this build are served from the
 * cache; a pack's shards come from the pack cache once fetched (cache-first: their names change
 * with their content) and its manifest.json network-first with the cached copy offline;
 * everything else (model files from the hub, a mirror or the fixtures) passes through untouched:
 * transformers.js caches those itself.
 */
export function routeRequest(
  request: RequestFacts,
  scope: string,
  precached: ReadonlySet<string>,
): Route {
  if (request.method !== 'GET') return 'pass';
  const url = new URL(request.url);
  url.hash = '';
  if (request.mode === 'navigate') return url.href.startsWith(scope) ? 'navigate' : 'pass';
  if (request.destination === 'worker' && url.origin === new URL(scope).origin) return 'worker';
  if (precached.has(url.href)) return 'precached';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'pass';
  if (PACK_SHARD.test(url.pathname)) return 'pack-shard';
  return PACK_MANIFEST.test(url.pathname) ? 'pack-manifest' : 'pass';
}

/**
 * Where the service worker keeps each page's `WorkerConnectGrant`: in Cache Storage rather than
 * in memory, as the browser may stop the service worker between a page's message and its
 * worker's start (a crashed worker restarts minutes later). One entry per page (client id).
 */
export const GRANT_CACHE = 'sieve-worker-connections';

const GRANT_PATH = '__sieve/worker-connections/';

/** The cache key of the grant of the page whose client id is `clientId`. */
export function grantKey(scope: string, clientId: string): string {
  return new URL(`${GRANT_PATH}${encodeURIComponent(clientId)}`, scope).href;
}

/** Kept grants of pages that are gone (closed tabs, reloaded pages): those not in `live`. */
export function staleGrants(
  keys: readonly string[],
  scope: string,
  live: ReadonlySet<string>,
): string[] {
  const liveKeys = new Set([...live].map((id) => grantKey(scope, id)));
  return keys.filter(
    (key) => key.startsWith(new URL(GRANT_PATH, scope).href) && !liveKeys.has(key),
  );
}

/**
 * The start of the SHA-256 a pack shard's name promises (`vectors.<16 hex>.bin`), or null: only a
 * body that matches it is kept, so that a broken upload is not served from the cache forever.
 */
export function shardHashPrefix(url: string): string | null {
  const match = PACK_SHARD.exec(new URL(url).pathname);
  return match ? /\.([0-9a-f]{16})\.(json|bin)$/.exec(match[0])![1]! : null;
}

/**
 * Cached shards of the pack whose manifest at `manifestUrl` now lists `files`: those it no longer
 * lists belong to an earlier version of the pack and can go.
 */
export function staleShards(
  cached: readonly string[],
  manifestUrl: string,
  files: readonly string[],
): string[] {
  const folder = new URL('./', manifestUrl).href;
  const listed = new Set(files.map((file) => new URL(file, folder).href));
  return cached.filter((url) => {
    if (!url.startsWith(folder) || listed.has(url)) return false;
    const rest = url.slice(folder.length);
    return !rest.includes('/') && PACK_SHARD.test('/' + rest);
  });
}

/** The shard file names a pack manifest lists (none if it is not one). */
export function manifestFiles(manifest: unknown): string[] {
  if (typeof manifest !== 'object' || manifest === null) return [];
  const { format, shards } = manifest as { format?: unknown; shards?: unknown };
  if (format !== PACK_FORMAT || !Array.isArray(shards)) return [];
  return shards
    .map((s: unknown) =>
      typeof s === 'object' && s !== null ? (s as { file?: unknown }).file : null,
    )
    .filter((file): file is string => typeof file === 'string');
}

/** Absolute URLs of the precached files, for `routeRequest`. */
export function precachedUrls(entries: readonly PrecacheEntry[], base: string): Set<string> {
  return new Set(entries.map((entry) => new URL(entry.url, base).href));
}

/**
 * Cross-origin isolation (SharedArrayBuffer, hence multithreaded ONNX Runtime) for hosts that
 * send no COOP/COEP headers. COEP is `require-corp` rather than `credentialless`: every
 * cross-origin request Sieve makes is a CORS `fetch` of model files (huggingface.co and its CDN
 * answer with `Access-Control-Allow-Origin: *`; a custom mirror needs CORS anyway), and CORS
 * responses satisfy require-corp, which unlike credentialless Safari also supports. The host's
 * own headers, when present, win.
 */
const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * A page's headers with the app's Content-Security-Policy, unless the host sent one. The page at
 * `url` may be framed only as a pack's embedded search (`?pack=…&embed=1`, made for iframes).
 */
export function withPagePolicy(headers: Headers, url?: string): Headers {
  if (headers.has('Content-Security-Policy')) return headers;
  const out = new Headers(headers);
  const embedded = url !== undefined && packSiteParams(new URL(url).search)?.embed === true;
  out.set(
    'Content-Security-Policy',
    embedded ? CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY_HEADER,
  );
  return out;
}

/**
 * A worker script's headers with the worker policy, unless the host sent a CSP: a dedicated
 * worker's policy comes from its script's response alone, the page's does not reach it. `grant`
 * is what the page that starts the worker said it may connect to beyond the app's origin (read
 * back from storage, so checked again by workerConnectSources).
 */
export function withWorkerPolicy(headers: Headers, grant: unknown): Headers {
  if (headers.has('Content-Security-Policy')) return headers;
  const out = new Headers(headers);
  out.set('Content-Security-Policy', workerContentSecurityPolicy(workerConnectSources(grant)));
  return out;
}

/** The headers with COOP/COEP added where missing; `null` when nothing needs adding. */
export function withIsolationHeaders(headers: Headers): Headers | null {
  const missing = Object.entries(ISOLATION_HEADERS).filter(([name]) => !headers.has(name));
  if (missing.length === 0) return null;
  const out = new Headers(headers);
  for (const [name, value] of missing) out.set(name, value);
  return out;
}
