// A plain static file server (node:http, no dependencies) that serves dist/ under a path prefix
// such as /tools/sieve/, like any web host with no configuration: no COOP/COEP headers, no SPA
// fallback. Also serves the fixture models at `<prefix>fixture-models/` for `?models=fixtures`.
// `npm run serve:subpath`, or `node scripts/static-server.mjs --dir dist --prefix /x/ --port 4176`;
// e2e tests import `startStaticServer`.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.onnx': 'application/octet-stream',
  '.onnx_data': 'application/octet-stream',
};

/** The file under `root` for a path below it, or null (missing, or escaping `root`). */
export function fileIn(root, urlPath) {
  const file = normalize(join(root, urlPath));
  if (file !== root && !file.startsWith(root + sep)) return null;
  if (!existsSync(file)) return null;
  const stat = statSync(file);
  if (stat.isFile()) return file;
  const index = join(file, 'index.html');
  return stat.isDirectory() && existsSync(index) ? index : null;
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/**
 * @param {{ dir?: string, prefix?: string, fixtures?: string, port?: number, host?: string, cors?: boolean }} options
 *   `cors` adds `Access-Control-Allow-Origin: *`, as huggingface.co does (a stand-in model host).
 * @returns {Promise<{ url: string, requests: string[], ranged: string[], setRoot: (dir: string) => void, cutDownloads: (test: ((path: string, range?: { start: number, end: number }) => boolean) | null) => void, close: () => Promise<void> }>}
 *   `url` is the app's address; `requests` lists every path asked for, `ranged` the byte ranges
 *   answered (206, as most static hosts do: "path start-end"); `setRoot` swaps the served build
 *   (a new deployment); `cutDownloads` makes responses whose path (and byte range, for a 206)
 *   pass `test` break off half-way (the connection closes), as a flaky network does, until set
 *   back to null.
 */
export async function startStaticServer(options = {}) {
  const prefix = (options.prefix ?? '/').replace(/\/?$/, '/');
  const fixtures = resolve(options.fixtures ?? 'fixtures/models');
  const host = options.host ?? '127.0.0.1';
  let root = resolve(options.dir ?? 'dist');
  const requests = [];
  /** @type {string[]} */
  const ranged = [];
  /** @type {((path: string, range?: { start: number, end: number }) => boolean) | null} */
  let cut = null;

  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    } catch {
      return send(res, 400, 'Bad request');
    }
    requests.push(path);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
    if (`${path}/` === prefix) {
      res.writeHead(301, { Location: prefix });
      return res.end();
    }
    if (!path.startsWith(prefix)) return send(res, 404, 'Not found');
    const inside = path.slice(prefix.length);
    const file = inside.startsWith('fixture-models/')
      ? fileIn(fixtures, inside.slice('fixture-models/'.length))
      : fileIn(root, inside);
    if (!file) return send(res, 404, 'Not found');
    const { size, mtime } = statSync(file);
    const etag = `"${size.toString(16)}-${mtime.getTime().toString(16)}"`;
    // One byte range (`bytes=a-` or `bytes=a-b`), honoured unless If-Range names another version.
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    const partial = range !== null && (!ifRange || ifRange === etag) && Number(range[1]) < size;
    const start = partial ? Number(range[1]) : 0;
    const end = partial && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (partial) ranged.push(`${path} ${start}-${range[2] ? end : ''}`);
    res.writeHead(partial ? 206 : 200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': String(end + 1 - start),
      ...(partial ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
      'Accept-Ranges': 'bytes',
      ETag: etag,
      'Last-Modified': mtime.toUTCString(),
      'Cache-Control': 'no-cache',
      ...(options.cors
        ? {
            'Access-Control-Allow-Origin': '*',
            'Access-Control-Expose-Headers': 'Content-Range, Accept-Ranges, ETag, Content-Length',
          }
        : {}),
    });
    if (req.method === 'HEAD') return res.end();
    if (cut?.(path, partial ? { start, end } : undefined)) {
      createReadStream(file, { start, end: start + Math.floor((end - start) / 2) })
        .on('end', () => res.destroy())
        .pipe(res, { end: false });
      return;
    }
    createReadStream(file, { start, end }).pipe(res);
  });

  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => done(undefined));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}${prefix}`,
    requests,
    ranged,
    setRoot: (dir) => {
      root = resolve(dir);
    },
    cutDownloads: (test) => {
      cut = test;
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done(undefined));
      }),
  };
}

function argument(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const server = await startStaticServer({
    dir: argument('dir', 'dist'),
    prefix: argument('prefix', '/tools/sieve/'),
    port: Number(argument('port', '4176')),
  });
  console.log(`Serving ${argument('dir', 'dist')} at ${server.url} (no COOP/COEP headers)`);
}
