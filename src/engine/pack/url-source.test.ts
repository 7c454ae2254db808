// UrlPackSource against a real local HTTP server: URL resolution, streamed progress, a whole pack
// opened over HTTP, and the messages for a missing pack, a missing shard and an unreachable host.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPack } from '../../core/pack/pack-build';
import { PackError } from '../../core/pack/pack-manifest';
import { OpenedPack } from '../../core/pack/pack-reader';
import { sampleInput } from '../../../test/packs';
import { packFolderUrl, UrlPackSource } from './url-source';

let server: Server;
let origin = '';
const files = new Map<string, Uint8Array>();
const requested: string[] = [];

beforeAll(async () => {
  const pack = await buildPack(sampleInput(3, 2, 8));
  for (const f of pack.files) files.set(`/site/pack/${f.name}`, f.bytes);
  files.set('/site/big.bin', new Uint8Array(300_000).fill(7));
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requested.push(path);
    const body = files.get(path);
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    // Two writes: the body arrives in more than one piece.
    res.write(body.subarray(0, body.length >> 1));
    res.end(body.subarray(body.length >> 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('packFolderUrl', () => {
  const page = 'https://example.org/docs/search/index.html?pack=pack/&q=x';
  it.each([
    ['pack/', 'https://example.org/docs/search/pack/'],
    ['pack', 'https://example.org/docs/search/pack/'],
    ['pack/manifest.json', 'https://example.org/docs/search/pack/'],
    ['../packs/v2/?x=1#y', 'https://example.org/docs/packs/v2/'],
    ['/root-pack', 'https://example.org/root-pack/'],
    ['https://cdn.example.com/p/manifest.json', 'https://cdn.example.com/p/'],
  ])('%s → %s', (pack, folder) => {
    expect(packFolderUrl(pack, page)).toBe(folder);
  });

  it('refuses what is not an http(s) address', () => {
    expect(() => packFolderUrl('javascript:alert(1)', page)).toThrow(PackError);
    expect(() => packFolderUrl('http://[bad', page)).toThrow(PackError);
  });
});

describe('UrlPackSource', () => {
  it('opens a whole pack over HTTP, reading no chunk shard until asked', async () => {
    requested.length = 0;
    const source = new UrlPackSource('pack', `${origin}/site/index.html`);
    const progress: number[] = [];
    const pack = await OpenedPack.open(source, { onProgress: (p) => progress.push(p.loaded) });
    expect(pack.manifest.chunks).toBe(6);
    expect(requested.some((p) => p.includes('/chunks.'))).toBe(false);
    expect(progress.at(-1)).toBe(
      pack.manifest.shards.filter((s) => s.kind !== 'chunks').reduce((n, s) => n + s.bytes, 0),
    );
    expect((await pack.chunk(3)).text).toContain('Document 1 chunk 1');
    expect(requested.filter((p) => p.includes('/chunks.'))).toHaveLength(1);
  });

  it('streams bodies, reporting bytes as they arrive', async () => {
    const source = new UrlPackSource(`${origin}/site/`, 'http://ignored/');
    const seen: number[] = [];
    const bytes = await source.read('big.bin', (n) => seen.push(n));
    expect(bytes.length).toBe(300_000);
    expect(bytes[299_999]).toBe(7);
    expect(seen.at(-1)).toBe(300_000);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('says there is no pack when the manifest is missing', async () => {
    const source = new UrlPackSource(`${origin}/nothing/`, 'http://ignored/');
    await expect(OpenedPack.open(source)).rejects.toThrow(
      `No Sieve pack at ${origin}/nothing/: ${origin}/nothing/manifest.json was not found (HTTP 404`,
    );
  });

  it('names a missing shard', async () => {
    const source = new UrlPackSource(`${origin}/site/pack/`, 'http://ignored/');
    await expect(source.read('vectors.0000000000000000.bin')).rejects.toThrow(
      /could not be read: vectors\.0000000000000000\.bin answered HTTP 404/,
    );
  });

  it('explains a network failure', async () => {
    const failing = () => Promise.reject(new TypeError('Failed to fetch'));
    const source = new UrlPackSource('https://example.org/p/', 'http://ignored/', failing);
    await expect(source.read('manifest.json')).rejects.toThrow(
      'Could not reach the pack at https://example.org/p/ (Failed to fetch)',
    );
  });
});
