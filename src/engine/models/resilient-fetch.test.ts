// resilientFetch against a scripted server (a fake fetch): bodies cut off mid-way resume with a
// Range request or come again with the delivered bytes skipped; the result is always the whole
// file or an error; a file that changed meanwhile is never stitched together.
import { describe, expect, it } from 'vitest';
import { resilientFetch } from './resilient-fetch';

const FILE = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) % 251);

interface Server {
  /** Bytes each successive request sends before its connection breaks (Infinity: all). */
  cuts: number[];
  ranges: boolean;
  etag?: string;
  /** Serves this instead from request number `from` on (a new version). */
  changed?: { from: number; bytes: Uint8Array; etag: string };
  /** Requests that fail outright (refused), by number. */
  refuse?: number[];
  /** At a cut the server closes the body cleanly instead of breaking it (a short file). */
  closeEarly?: boolean;
  lastModified?: string;
}

function server(spec: Server) {
  const requests: Array<string | null> = [];
  const fetch = async (_input: string | URL, init?: RequestInit) => {
    const n = requests.length;
    const headers = new Headers(init?.headers);
    requests.push(headers.get('Range'));
    if (spec.refuse?.includes(n)) throw new TypeError('Failed to fetch');
    const changed = spec.changed && n >= spec.changed.from ? spec.changed : undefined;
    const bytes = changed?.bytes ?? FILE;
    const etag = changed?.etag ?? spec.etag;
    const range = spec.ranges ? /^bytes=(\d+)-$/.exec(headers.get('Range') ?? '') : null;
    const honour = range !== null;
    const start = honour ? Number(range[1]) : 0;
    const part = bytes.subarray(start);
    const cut = spec.cuts[n] ?? Infinity;
    // Chunks of 1000 bytes, one per read, then the break (or the end).
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const end = Math.min(at + 1000, cut, part.length);
        if (at < end) {
          controller.enqueue(part.slice(at, end));
          at = end;
        } else if (at < part.length && !spec.closeEarly) {
          controller.error(new TypeError('network error'));
        } else controller.close();
      },
    });
    const out = new Headers({ 'Content-Length': String(part.length) });
    if (spec.ranges) out.set('Accept-Ranges', 'bytes');
    if (etag) out.set('ETag', etag);
    if (spec.lastModified) out.set('Last-Modified', spec.lastModified);
    if (honour) out.set('Content-Range', `bytes ${start}-${bytes.length - 1}/${bytes.length}`);
    return new Response(body, { status: honour ? 206 : 200, headers: out });
  };
  const waits: number[] = [];
  const resilient = resilientFetch(fetch, { sleep: async (ms) => void waits.push(ms) });
  const download = async () =>
    new Uint8Array(await (await resilient('https://models.test/m/onnx/model.onnx')).arrayBuffer());
  return { download, requests, waits };
}

describe('resilientFetch', () => {
  it('resumes a body cut off mid-way with Range requests, up to the whole file', async () => {
    const s = server({ cuts: [2500, 3000], ranges: true, etag: '"v1"' });
    expect(await s.download()).toEqual(FILE);
    expect(s.requests).toEqual([null, 'bytes=2500-', 'bytes=5500-']);
    expect(s.waits).toEqual([500, 1500]);
  });

  it('without ranges, fetches again and skips what was already passed on', async () => {
    const s = server({ cuts: [4200], ranges: false, etag: '"v1"' });
    expect(await s.download()).toEqual(FILE);
    expect(s.requests).toEqual([null, null]);
  });

  it('takes Last-Modified as the version when there is no ETag', async () => {
    const lastModified = 'Wed, 02 Dec 2026 10:00:00 GMT';
    const s = server({ cuts: [2500], ranges: true, lastModified });
    expect(await s.download()).toEqual(FILE);
    expect(s.requests).toEqual([null, 'bytes=2500-']);
  });

  it('does not resume when nothing names the version: an error, never a possibly stitched file', async () => {
    const s = server({ cuts: [4200], ranges: true });
    await expect(s.download()).rejects.toThrow('cannot resume safely');
    expect(s.requests).toEqual([null]);
  });

  it('a body that ends short of its Content-Length is a break: it resumes, never a short file', async () => {
    const s = server({ cuts: [3000], ranges: true, etag: '"v1"', closeEarly: true });
    expect(await s.download()).toEqual(FILE);
    expect(s.requests).toEqual([null, 'bytes=3000-']);
    const always = server({ cuts: [3000, 0, 0, 0], ranges: true, etag: '"v1"', closeEarly: true });
    await expect(always.download()).rejects.toThrow('ended after 3000 of 10000 bytes');
  });

  it('retries a refused request with backoff before giving up', async () => {
    const s = server({ cuts: [], ranges: true, refuse: [0, 1] });
    expect(await s.download()).toEqual(FILE);
    expect(s.waits).toEqual([500, 1500]);
    const never = server({ cuts: [], ranges: true, refuse: [0, 1, 2, 3] });
    await expect(never.download()).rejects.toThrow('Failed to fetch');
    expect(never.requests).toHaveLength(4);
  });

  it('gives up after four breaks with an error, never a short file', async () => {
    const s = server({ cuts: [1000, 1000, 1000, 1000, 1000], ranges: true, etag: '"v1"' });
    await expect(s.download()).rejects.toThrow('network error');
    expect(s.requests).toHaveLength(4);
  });

  it('refuses to stitch two versions together when the file changed meanwhile', async () => {
    const v2 = FILE.map((b) => b ^ 1);
    const s = server({
      cuts: [3000],
      ranges: true,
      etag: '"v1"',
      changed: { from: 1, bytes: v2, etag: '"v2"' },
    });
    await expect(s.download()).rejects.toThrow('changed on the server');
  });
});
