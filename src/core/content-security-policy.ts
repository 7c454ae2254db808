// The app's Content-Security-Policies: the page's, written into the built index.html as a meta tag
// (by scripts/csp-plugin.ts) and sent as a header by the service worker with every page it serves,
// and the model workers', which the service worker sends with their scripts once the page has told
// it the chosen model source (`WorkerConnectGrant`). A second line of
// defence behind escaping: document text, file and collection names are untrusted, and even markup
// that got into the page could run no script. Pure.

import type { ModelSource } from './types/models';
import type { WorkerConnectGrant } from './types/service-worker';

/**
 * Scripts only from the app's origin, WebAssembly allowed to compile ('wasm-unsafe-eval', for
 * ONNX Runtime, the vector index and voy-search), workers from the origin or blob: URLs (ONNX
 * Runtime's thread pool), no inline scripts or event handlers, no plugins, no <base> changes.
 * `connect-src 'self'` covers the page itself: model files and hosted packs are fetched by the
 * model workers, whose requests only their own policy (`workerContentSecurityPolicy`) governs.
 */
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self' 'wasm-unsafe-eval'"],
  ['worker-src', "'self' blob:"],
  ['style-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/** The policy as a meta tag can carry it. */
export const CONTENT_SECURITY_POLICY = DIRECTIVES.map((d) => d.join(' ')).join('; ');

/** As a header: also refuses framing (frame-ancestors has no effect in a meta tag). */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

/**
 * Where the hub serves model files: huggingface.co, and the hosts its downloads redirect to
 * (cdn-lfs.huggingface.co, cdn-lfs-us-1.hf.co, cas-bridge.xethub.hf.co…): connect-src applies to
 * every redirect target as well.
 */
export const HUB_CONNECT_SOURCES: readonly string[] = [
  'https://huggingface.co',
  'https://*.huggingface.co',
  'https://*.hf.co',
];

/** An http(s) origin as a CSP source, or null: nothing else may reach a policy. */
function originSource(value: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // The URL parser lets `;` and `,` into host names; a source must not carry either.
  return /^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d+)?$/i.test(url.origin)
    ? url.origin
    : null;
}

/**
 * The grant for a page whose model workers use `source` and read the hosted pack `pack`. A
 * relative mirror address resolves against `page`, a pack's against its own `base`.
 */
export function workerConnectGrant(
  source: ModelSource,
  page: string,
  pack?: { url: string; base: string },
): WorkerConnectGrant {
  const models = source.kind === 'url' ? originSource(source.baseUrl, page) : source.kind;
  const packOrigin = pack && originSource(pack.url, pack.base);
  return packOrigin ? { models, pack: packOrigin } : { models };
}

/**
 * The sources beyond the app's origin that a grant allows, read from what arrived in a message
 * (so checked again): values that are no origin are dropped, and anything else yields none.
 */
export function workerConnectSources(grant: unknown): string[] {
  if (typeof grant !== 'object' || grant === null) return [];
  const { models, pack } = grant as { models?: unknown; pack?: unknown };
  const sources: string[] = [];
  if (models === 'hub') sources.push(...HUB_CONNECT_SOURCES);
  else if (typeof models === 'string' && models !== 'local')
    sources.push(originSource(models) ?? '');
  if (typeof pack === 'string') sources.push(originSource(pack) ?? '');
  return [...new Set(sources.filter((source) => source !== ''))];
}

/**
 * A model worker's policy: connections only to the app's origin and `connect` (its model source,
 * a hosted pack). Scripts from the origin or blob: URLs (transformers.js loads ONNX Runtime's
 * factory as a blob: module, whose thread pool then starts blob: workers), WebAssembly allowed.
 * Only the service worker can send it (src/sw/policy.ts): before it controls the page (the first
 * visit, until the isolation reload) or where it cannot register, workers run without a policy,
 * as the host serves them.
 */
export function workerContentSecurityPolicy(connect: readonly string[]): string {
  const directives: ReadonlyArray<readonly [string, string]> = [
    ['default-src', "'self'"],
    ['script-src', "'self' 'wasm-unsafe-eval' blob:"],
    ['worker-src', "'self' blob:"],
    ['connect-src', ["'self'", ...connect].join(' ')],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}
