// The app's Content-Security-Policy: written into the built index.html as a meta tag (by
// scripts/csp-plugin.ts) and sent as a header by the service worker with every page it serves.
// A second line of defence behind escaping: document text, file and collection names are
// untrusted, and even markup that got into the page could run no script. Pure.

/**
 * Scripts only from the app's origin, WebAssembly allowed to compile ('wasm-unsafe-eval', for
 * ONNX Runtime, the vector index and voy-search), workers from the origin or blob: URLs (ONNX
 * Runtime's thread pool), no inline scripts or event handlers, no plugins, no <base> changes.
 * `connect-src 'self'` covers the page itself: model files are fetched by the model workers, whose
 * requests this page policy does not govern, so a mirror or the hub stays reachable there.
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
