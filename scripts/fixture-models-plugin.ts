// Vite plugin (dev and preview servers only): serves the generated fixture models under
// `/fixture-models/` so the app can use them as a "custom mirror". Never part of `dist/`.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { fileIn, TYPES } from './static-server.mjs';

export const FIXTURE_MODELS_ROUTE = '/fixture-models';

function serveFrom(root: string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const urlPath = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    // Null for anything missing or escaping the fixtures folder (e.g. `/../package.json`).
    const file: string | null = fileIn(root, urlPath);
    if (!file) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      // The app shows this text: the usual cause is fixtures never generated in this clone.
      res.end(
        existsSync(root)
          ? `${urlPath} is not among the fixture models.`
          : 'The fixture models are not generated in this clone: run `npm run fixtures` (npm run dev does it first), then reload.',
      );
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
