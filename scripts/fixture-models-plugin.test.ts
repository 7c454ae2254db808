// The dev server's fixture route: files of the generated fixtures, and a 404 whose text tells a
// fresh clone how to make them (the app shows it), never the page's HTML fallback.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fixtureModels } from './fixture-models-plugin';

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** The middleware the plugin installs on a dev server for `root`. */
function route(root: string): Handler {
  let handler: Handler | undefined;
  const server = { middlewares: { use: (_path: string, h: Handler) => (handler = h) } };
  const plugin = fixtureModels(root) as unknown as { configureServer: (s: typeof server) => void };
  plugin.configureServer(server);
  return handler!;
}

async function get(handler: Handler, url: string) {
  const body = new PassThrough();
  const chunks: Buffer[] = [];
  body.on('data', (c: Buffer) => chunks.push(c));
  const headers: Record<string, string> = {};
  const res = Object.assign(body, {
    statusCode: 200,
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value),
  }) as unknown as ServerResponse;
  let passedOn = false;
  handler({ url } as IncomingMessage, res, () => (passedOn = true));
  await new Promise((done) => body.on('finish', done));
  return { status: res.statusCode, headers, text: Buffer.concat(chunks).toString(), passedOn };
}

describe('fixture models route', () => {
  it('serves generated files with their type', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sieve-fixtures-'));
    mkdirSync(join(root, 'org/model'), { recursive: true });
    writeFileSync(join(root, 'org/model/config.json'), '{"model_type":"qwen3"}');
    const found = await get(route(root), '/org/model/config.json');
    expect(found).toMatchObject({ status: 200, text: '{"model_type":"qwen3"}' });
    expect(found.headers['content-type']).toBe('application/json');
    const missing = await get(route(root), '/org/model/nothing.json');
    expect(missing).toMatchObject({ status: 404, passedOn: false });
  });

  it('answers a clone without fixtures with how to make them', async () => {
    const missing = await get(
      route(join(tmpdir(), 'sieve-no-fixtures-here')),
      '/org/m/config.json',
    );
    expect(missing.status).toBe(404);
    expect(missing.passedOn).toBe(false);
    expect(missing.headers['content-type']).toMatch(/^text\/plain/);
    expect(missing.text).toContain('npm run fixtures');
  });
});
