// Vite plugin (dev and preview servers only): serves the generated fixture models under
// `/fixture-models/` so the app can use them as a "custom mirror". Never part of `dist/`.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { fileIn, TYPES } from './static-server.mjs';

export const FIXTURE_MODELS_ROUTE = '/fixture-models';

function serveFrom(root: string) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const urlPath = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    // Null for anything missing or escaping the fixtures folder (e.g. `/../package.json`).
    const file: string | null = fileIn(root, urlPath);
    if (!file) {
      if (existsSync(root)) {
        res.statusCode = 404;
        res.end('Not found');
        return;
      }
      next();
      return;
    }
    const types: Record<string, string> = TYPES;
    res.setHeader('Content-Type', types[extname(file)] ?? 'application/octet-stream');
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
