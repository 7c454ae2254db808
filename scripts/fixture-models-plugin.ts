// Vite plugin (dev and preview servers only): serves the generated fixture models under
// `/fixture-models/` so the app can use them as a "custom mirror". Never part of `dist/`.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

export const FIXTURE_MODELS_ROUTE = '/fixture-models';

const contentTypes: Record<string, string> = {
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
  '.onnx_data': 'application/octet-stream',
};

function serveFrom(root: string) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const urlPath = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    const file = normalize(join(root, urlPath));
    // Reject anything that escapes the fixtures folder (e.g. `/../package.json`).
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      if (existsSync(root)) {
        res.statusCode = 404;
        res.end('Not found');
        return;
      }
      next();
      return;
    }
    res.setHeader('Content-Type', contentTypes[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(file).size));
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(file).pipe(res);
  };
}

export function fixtureModels(root = resolve('fixtures/models')): Plugin {
  const handler = serveFrom(root);
  return {
    name: 'sieve-fixture-models',
    configureServer(server) {
      server.middlewares.use(FIXTURE_MODELS_ROUTE, handler);
    },
    configurePreviewServer(server) {
      server.middlewares.use(FIXTURE_MODELS_ROUTE, handler);
    },
  };
}
