// The service worker's decisions as pure functions (no Cache or fetch APIs), so that Node unit
// tests can check them: cache names, which caches to delete, how each request is handled, and the
// headers that make the page cross-origin isolated and guard it (CSP). Used by src/sw/sw.ts and the build plugin.

import { CONTENT_SECURITY_POLICY_HEADER } from '../core/content-security-policy';

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

export type Route = 'navigate' | 'precached' | 'pass';

export interface RequestFacts {
  url: string;
  method: string;
  mode: string;
}

/**
 * Navigations in scope go network-first (updates arrive when online, the cached shell opens
 * offline); files of this build are served from the cache; everything else (model files from the
 * hub, a mirror or the fixtures) passes through untouched: transformers.js caches those itself.
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
  return precached.has(url.href) ? 'precached' : 'pass';
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

/** A page's headers with the app's Content-Security-Policy, unless the host sent one. */
export function withPagePolicy(headers: Headers): Headers {
  if (headers.has('Content-Security-Policy')) return headers;
  const out = new Headers(headers);
  out.set('Content-Security-Policy', CONTENT_SECURITY_POLICY_HEADER);
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
