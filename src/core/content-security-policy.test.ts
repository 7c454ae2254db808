// The page's and the model workers' policies: what a worker's script URL says it may connect to,
// read back safely, and the directives each policy holds.
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_HEADER,
  HUB_CONNECT_SOURCES,
  workerConnectQuery,
  workerConnectSources,
  workerContentSecurityPolicy,
} from './content-security-policy';

const PAGE = 'https://app.example/tools/sieve/?models=fixtures';
const SCRIPT = 'https://app.example/tools/sieve/assets/embedder.worker-X.js';
/** What a worker started with `query` may connect to, as the service worker reads it. */
const sourcesFor = (query: string) => workerConnectSources(`${SCRIPT}?${query}`);

describe('the page policy', () => {
  it('runs only scripts of the origin, connects only there, and refuses framing as a header', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY_HEADER).toBe(
      `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
    );
  });
});

describe('workerConnectQuery and workerConnectSources', () => {
  it('lets a hub worker reach huggingface.co and the hosts its downloads redirect to', () => {
    const query = workerConnectQuery({ kind: 'hub' }, PAGE);
    expect(query).toBe('models=hub');
    expect(sourcesFor(query)).toEqual(HUB_CONNECT_SOURCES);
    expect(HUB_CONNECT_SOURCES).toEqual([
      'https://huggingface.co',
      'https://*.huggingface.co',
      'https://*.hf.co',
    ]);
  });

  it('names a mirror by its origin only, resolving a relative address against the page', () => {
    const mirror = workerConnectQuery(
      { kind: 'url', baseUrl: 'https://m.example:8443/a/b/' },
      PAGE,
    );
    expect(sourcesFor(mirror)).toEqual(['https://m.example:8443']);
    const fixtures = workerConnectQuery({ kind: 'url', baseUrl: 'fixture-models/' }, PAGE);
    expect(sourcesFor(fixtures)).toEqual(['https://app.example']);
  });

  it('lets a local-folder worker reach nothing but its own origin', () => {
    expect(sourcesFor(workerConnectQuery({ kind: 'local' }, PAGE))).toEqual([]);
    expect(workerConnectSources(SCRIPT)).toEqual([]);
  });

  it("adds a hosted pack's origin, resolved against the pack's base", () => {
    const query = workerConnectQuery({ kind: 'hub' }, PAGE, {
      url: '../packs/docs/',
      base: 'https://packs.example/site/',
    });
    expect(sourcesFor(query)).toEqual([...HUB_CONNECT_SOURCES, 'https://packs.example']);
    const same = workerConnectQuery({ kind: 'local' }, PAGE, { url: 'p/', base: PAGE });
    expect(sourcesFor(same)).toEqual(['https://app.example']);
  });

  it('leaves out what is no http(s) address', () => {
    expect(workerConnectQuery({ kind: 'url', baseUrl: 'http://' }, PAGE)).toBe('');
    expect(workerConnectQuery({ kind: 'url', baseUrl: 'javascript:alert(1)' }, PAGE)).toBe('');
  });

  it('never lets a crafted script URL put more than origins into the policy', () => {
    const crafted = [
      'models=*',
      'models=https://a.example;script-src *',
      "models=https://a.example 'unsafe-inline'",
      'models=https://a;b.example',
      'models=data:text/plain,x',
      'pack=blob:https://app.example/x',
      "pack='unsafe-eval'",
    ];
    for (const query of crafted) {
      for (const source of sourcesFor(new URLSearchParams(query).toString()))
        expect(source).toMatch(/^https?:\/\/[a-z0-9.-]+(:\d+)?$/);
    }
    expect(sourcesFor('models=https://a;b.example')).toEqual([]);
    expect(sourcesFor('models=https://a.example/x;script-src *')).toEqual(['https://a.example']);
  });
});

describe('workerContentSecurityPolicy', () => {
  it('connects to its origin and the given sources; scripts and workers from the origin or blob:', () => {
    const policy = workerContentSecurityPolicy(['https://m.example']);
    expect(policy.split('; ')).toEqual([
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval' blob:",
      "worker-src 'self' blob:",
      "connect-src 'self' https://m.example",
      "object-src 'none'",
      "base-uri 'none'",
    ]);
    expect(workerContentSecurityPolicy([])).toContain("connect-src 'self';");
  });
});
