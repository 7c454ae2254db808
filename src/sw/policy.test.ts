// The service worker's decisions: which caches an update deletes, how requests are routed under a
// sub-path, where pages' worker grants are kept, and the COOP/COEP and CSP headers it adds.
import { describe, expect, it } from 'vitest';
import {
  cacheName,
  cachesToDelete,
  GRANT_CACHE,
  grantKey,
  manifestFiles,
  PACK_CACHE,
  precachedUrls,
  routeRequest,
  shardHashPrefix,
  staleGrants,
  staleShards,
  withIsolationHeaders,
  withPagePolicy,
  withWorkerPolicy,
} from './policy';

const SCOPE = 'https://example.org/tools/sieve/';
const SW = `${SCOPE}sw.js`;

describe('cachesToDelete', () => {
  it('deletes only earlier app caches, never the model cache or anyone else’s', () => {
    const current = cacheName('bbb');
    const keys = ['transformers-cache', 'sieve-app-aaa', current, 'other-app-v1', 'sieve-apps'];
    expect(cachesToDelete(keys, current)).toEqual(['sieve-app-aaa']);
  });

  it('keeps everything when the current cache is the only app cache', () => {
    expect(cachesToDelete(['transformers-cache', 'sieve-app-x'], 'sieve-app-x')).toEqual([]);
  });
});

describe('routeRequest', () => {
  const precached = precachedUrls(
    [
      { url: './index.html', revision: '1' },
      { url: './assets/ort-wasm-simd-threaded.asyncify-X.wasm', revision: '2' },
    ],
    SW,
  );
  const get = (url: string, mode = 'cors') =>
    routeRequest({ url, method: 'GET', mode }, SCOPE, precached);

  it('resolves precache entries against the worker’s own sub-path', () => {
    expect([...precached]).toEqual([
      `${SCOPE}index.html`,
      `${SCOPE}assets/ort-wasm-simd-threaded.asyncify-X.wasm`,
    ]);
  });

  it('sends navigations in scope network-first, others through', () => {
    expect(get(`${SCOPE}?models=fixtures`, 'navigate')).toBe('navigate');
    expect(get(`${SCOPE}index.html#top`, 'navigate')).toBe('navigate');
    expect(get('https://example.org/elsewhere/', 'navigate')).toBe('pass');
  });

  it('serves worker scripts of the origin, with or without a query, on the worker route', () => {
    const worker = (url: string) =>
      routeRequest(
        { url, method: 'GET', mode: 'same-origin', destination: 'worker' },
        SCOPE,
        precached,
      );
    expect(worker(`${SCOPE}assets/embedder.worker-X.js`)).toBe('worker');
    expect(worker(`${SCOPE}assets/ort-wasm-simd-threaded.asyncify-X.mjs?x=1`)).toBe('worker');
    expect(worker('https://elsewhere.example/worker.js')).toBe('pass');
    expect(get(`${SCOPE}assets/embedder.worker-X.js`)).toBe('pass');
    expect(get(`${SCOPE}assets/ort-wasm-simd-threaded.asyncify-X.wasm`)).toBe('precached');
  });

  it('serves files of this build from the cache, ignoring a fragment', () => {
    expect(get(`${SCOPE}assets/ort-wasm-simd-threaded.asyncify-X.wasm`)).toBe('precached');
    expect(get(`${SCOPE}assets/ort-wasm-simd-threaded.asyncify-X.wasm#x`)).toBe('precached');
  });

  it('passes model downloads and unknown files through untouched', () => {
    expect(get('https://huggingface.co/onnx-community/m/resolve/main/config.json')).toBe('pass');
    expect(get(`${SCOPE}fixture-models/org/m/onnx/model_quantized.onnx`)).toBe('pass');
    expect(get(`${SCOPE}assets/ort-wasm-simd-threaded.asyncify-X.wasm?v=2`)).toBe('pass');
    expect(get(`${SCOPE}assets/new-build-Y.js`)).toBe('pass');
  });

  it('keeps a pack’s content-hashed shards cache-first and its manifest network-first', () => {
    const pack = `${SCOPE}pack/`;
    for (const file of [
      'vectors.0123456789abcdef.bin',
      'exact.0123456789abcdef.bin',
      'keywords.0123456789abcdef.bin',
      'documents.0123456789abcdef.json',
      'chunks.0123456789abcdef.json',
    ]) {
      expect(get(pack + file)).toBe('pack-shard');
      expect(get(`https://cdn.example.com/p/${file}`)).toBe('pack-shard');
    }
    expect(get(`${pack}manifest.json`)).toBe('pack-manifest');
    expect(get('https://cdn.example.com/p/manifest.json')).toBe('pack-manifest');
    // Not a shard name: no hash, an upper-case or short hash, another kind, another extension.
    expect(get(`${pack}vectors.bin`)).toBe('pass');
    expect(get(`${pack}vectors.0123456789ABCDEF.bin`)).toBe('pass');
    expect(get(`${pack}vectors.0123456789abcde.bin`)).toBe('pass');
    expect(get(`${pack}model.0123456789abcdef.bin`)).toBe('pass');
    expect(get(`${pack}chunks.0123456789abcdef.js`)).toBe('pass');
    // The app's own web manifest is precached or passes; so do model configs.
    expect(get(`${SCOPE}manifest.webmanifest`)).toBe('pass');
    expect(get('https://huggingface.co/onnx-community/m/resolve/main/config.json')).toBe('pass');
  });

  it('keeps the pack cache out of the app caches an update deletes', () => {
    expect(cachesToDelete([PACK_CACHE, 'sieve-app-a'], 'sieve-app-b')).toEqual(['sieve-app-a']);
  });

  it('never handles anything but GET', () => {
    const post = { url: `${SCOPE}index.html`, method: 'POST', mode: 'navigate' };
    expect(routeRequest(post, SCOPE, precached)).toBe('pass');
  });
});

describe('shardHashPrefix', () => {
  it('reads the hash a shard name promises', () => {
    expect(shardHashPrefix('https://x.org/p/chunks.0123456789abcdef.json?v=1')).toBe(
      '0123456789abcdef',
    );
    expect(shardHashPrefix('https://x.org/p/manifest.json')).toBeNull();
  });
});

describe('staleShards', () => {
  const folder = 'https://example.org/docs/pack/';
  it('retires the cached shards of the same pack that a new manifest no longer lists', () => {
    const cached = [
      `${folder}manifest.json`,
      `${folder}vectors.1111111111111111.bin`,
      `${folder}vectors.2222222222222222.bin`,
      `${folder}chunks.3333333333333333.json`,
      `${folder}sub/chunks.4444444444444444.json`,
      'https://example.org/docs/other/vectors.5555555555555555.bin',
    ];
    const files = ['vectors.2222222222222222.bin', 'chunks.3333333333333333.json'];
    expect(staleShards(cached, `${folder}manifest.json`, files)).toEqual([
      `${folder}vectors.1111111111111111.bin`,
    ]);
  });
});

describe('manifestFiles', () => {
  it('lists the shard files of a Sieve pack manifest only', () => {
    const manifest = {
      format: 'sieve-pack',
      shards: [{ file: 'a.0123456789abcdef.bin' }, { file: 3 }, null],
    };
    expect(manifestFiles(manifest)).toEqual(['a.0123456789abcdef.bin']);
    expect(manifestFiles({ name: 'app', icons: [] })).toEqual([]);
    expect(manifestFiles(null)).toEqual([]);
    expect(manifestFiles('x')).toEqual([]);
  });
});

describe('withIsolationHeaders', () => {
  it('adds COOP same-origin and COEP require-corp where the host sent none', () => {
    const headers = withIsolationHeaders(new Headers({ 'Content-Type': 'text/html' }));
    expect(headers?.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(headers?.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(headers?.get('Content-Type')).toBe('text/html');
  });

  it('keeps the host’s own policy and adds only what is missing', () => {
    const host = new Headers({ 'Cross-Origin-Embedder-Policy': 'credentialless' });
    const headers = withIsolationHeaders(host);
    expect(headers?.get('Cross-Origin-Embedder-Policy')).toBe('credentialless');
    expect(headers?.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(host.has('Cross-Origin-Opener-Policy')).toBe(false);
  });

  it('returns null when both headers are there already', () => {
    const headers = new Headers({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    expect(withIsolationHeaders(headers)).toBeNull();
  });
});

describe('withPagePolicy', () => {
  it("adds the app's Content-Security-Policy with frame-ancestors to a page", () => {
    const headers = withPagePolicy(new Headers({ 'Content-Type': 'text/html' }));
    const policy = headers.get('Content-Security-Policy') ?? '';
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toMatch(/frame-ancestors 'none'$/);
    expect(headers.get('Content-Type')).toBe('text/html');
  });

  it('lets only the embedded pack search be framed', () => {
    const page = (url: string) =>
      withPagePolicy(new Headers(), url).get('Content-Security-Policy') ?? '';
    expect(page(`${SCOPE}?pack=pack/&embed=1`)).not.toContain('frame-ancestors');
    expect(page(`${SCOPE}?pack=pack/&embed=1`)).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(page(`${SCOPE}?pack=pack/`)).toMatch(/frame-ancestors 'none'$/);
    expect(page(`${SCOPE}?embed=1`)).toMatch(/frame-ancestors 'none'$/);
  });

  it('leaves a policy the host sent alone', () => {
    const host = new Headers({ 'Content-Security-Policy': "default-src 'none'" });
    expect(withPagePolicy(host).get('Content-Security-Policy')).toBe("default-src 'none'");
  });
});

describe('worker grants', () => {
  it('keeps one entry per page under the scope, never in an app cache', () => {
    expect(grantKey(SCOPE, 'a1-b2')).toBe(`${SCOPE}__sieve/worker-connections/a1-b2`);
    expect(grantKey(SCOPE, 'x/../y?z')).toBe(`${SCOPE}__sieve/worker-connections/x%2F..%2Fy%3Fz`);
    expect(cachesToDelete([GRANT_CACHE, 'sieve-app-old'], 'sieve-app-new')).toEqual([
      'sieve-app-old',
    ]);
  });

  it('drops the grants of pages that are gone, and nothing else', () => {
    const kept = ['a', 'b', 'c'].map((id) => grantKey(SCOPE, id));
    const foreign = 'https://example.org/other-app/__sieve/worker-connections/a';
    expect(staleGrants([...kept, foreign], SCOPE, new Set(['b']))).toEqual([kept[0], kept[2]]);
    expect(staleGrants(kept, SCOPE, new Set(['a', 'b', 'c']))).toEqual([]);
  });
});

describe('withWorkerPolicy', () => {
  const policy = (grant: unknown) =>
    withWorkerPolicy(new Headers({ 'Content-Type': 'text/javascript' }), grant).get(
      'Content-Security-Policy',
    ) ?? '';

  it('lets a worker connect to its own origin and the source its page granted', () => {
    expect(policy({ models: 'hub' })).toContain(
      "connect-src 'self' https://huggingface.co https://*.huggingface.co https://*.hf.co;",
    );
    expect(
      policy({ models: 'https://mirror.example:8443', pack: 'https://packs.example' }),
    ).toContain("connect-src 'self' https://mirror.example:8443 https://packs.example;");
    expect(policy({ models: 'local' })).toContain("connect-src 'self';");
    // A grant that could not be read back allows nothing beyond the origin.
    expect(policy(null)).toContain("connect-src 'self';");
    expect(policy({ models: 'hub' })).toContain("script-src 'self' 'wasm-unsafe-eval' blob:");
  });

  it('leaves a policy the host sent alone', () => {
    const host = new Headers({ 'Content-Security-Policy': "default-src 'none'" });
    expect(withWorkerPolicy(host, { models: 'hub' }).get('Content-Security-Policy')).toBe(
      "default-src 'none'",
    );
  });
});
