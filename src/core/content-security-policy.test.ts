// The page's and the model workers' policies: what a page grants its model workers to connect to,
// read back safely, and the directives each policy holds.
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_HEADER,
  HUB_CONNECT_SOURCES,
  workerConnectGrant,
  workerConnectSources,
  workerContentSecurityPolicy,
} from './content-security-policy';

const PAGE = 'https://app.example/tools/sieve/?models=fixtures';

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

describe('workerConnectGrant and workerConnectSources', () => {
  it('lets a hub worker reach huggingface.co and the hosts its downloads redirect to', () => {
    const grant = workerConnectGrant({ kind: 'hub' }, PAGE);
    expect(grant).toEqual({ models: 'hub' });
    expect(workerConnectSources(grant)).toEqual(HUB_CONNECT_SOURCES);
    expect(HUB_CONNECT_SOURCES).toEqual([
      'https://huggingface.co',
      'https://*.huggingface.co',
      'https://*.hf.co',
    ]);
  });

  it('names a mirror by its origin only, resolving a relative address against the page', () => {
    const mirror = workerConnectGrant(
      { kind: 'url', baseUrl: 'https://m.example:8443/a/b/' },
      PAGE,
    );
    expect(mirror).toEqual({ models: 'https://m.example:8443' });
    expect(workerConnectSources(mirror)).toEqual(['https://m.example:8443']);
    const fixtures = workerConnectGrant({ kind: 'url', baseUrl: 'fixture-models/' }, PAGE);
    expect(workerConnectSources(fixtures)).toEqual(['https://app.example']);
  });

  it('lets a local-folder worker reach nothing but its own origin', () => {
    expect(workerConnectSources(workerConnectGrant({ kind: 'local' }, PAGE))).toEqual([]);
  });

  it("adds a hosted pack's origin, resolved against the pack's base", () => {
    const grant = workerConnectGrant({ kind: 'hub' }, PAGE, {
      url: '../packs/docs/',
      base: 'https://packs.example/site/',
    });
    expect(grant).toEqual({ models: 'hub', pack: 'https://packs.example' });
    expect(workerConnectSources(grant)).toEqual([...HUB_CONNECT_SOURCES, 'https://packs.example']);
    const same = workerConnectGrant({ kind: 'local' }, PAGE, { url: 'p/', base: PAGE });
    expect(workerConnectSources(same)).toEqual(['https://app.example']);
  });

  it('leaves out what is no http(s) address', () => {
    expect(workerConnectGrant({ kind: 'url', baseUrl: 'http://' }, PAGE)).toEqual({ models: null });
    const script = workerConnectGrant({ kind: 'url', baseUrl: 'javascript:alert(1)' }, PAGE);
    expect(workerConnectSources(script)).toEqual([]);
  });

  it('never lets a crafted message put more than origins into the policy', () => {
    const crafted: unknown[] = [
      { models: '*' },
      { models: 'https://a.example;script-src *' },
      { models: "https://a.example 'unsafe-inline'" },
      { models: 'https://a;b.example' },
      { models: 'data:text/plain,x' },
      { models: ['https://a.example'] },
      { models: 'hub', pack: 'blob:https://app.example/x' },
      { models: 'local', pack: "'unsafe-eval'" },
      { models: 'local', pack: 42 },
      'models=hub',
      null,
      undefined,
    ];
    for (const grant of crafted) {
      for (const source of workerConnectSources(grant))
        expect(source).toMatch(/^https:\/\/(\*\.)?[a-z0-9.-]+(:\d+)?$/);
    }
    expect(workerConnectSources({ models: 'https://a;b.example' })).toEqual([]);
    expect(workerConnectSources({ models: ['https://a.example'] })).toEqual([]);
    expect(workerConnectSources('models=hub')).toEqual([]);
    expect(workerConnectSources({ models: 'https://a.example/x;script-src *' })).toEqual([
      'https://a.example',
    ]);
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
