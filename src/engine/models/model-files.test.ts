// Why a model could not be loaded from a URL source: the server's own plain-text explanation of a
// failed config.json is passed on; an HTML page (a static host's fallback) is named as such.
import { env } from '@huggingface/transformers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { explainLoadFailure } from './model-files';

const saved = { remoteHost: env.remoteHost, remotePathTemplate: env.remotePathTemplate };
afterEach(() => {
  Object.assign(env, saved);
  vi.unstubAllGlobals();
});

function serving(response: Response) {
  env.remoteHost = 'http://mirror.test/models/';
  env.remotePathTemplate = '{model}/';
  const fetch = vi.fn(async () => response);
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('explainLoadFailure', () => {
  it("passes on a 404's plain-text reason", async () => {
    const fetch = serving(
      new Response('The fixture models are not generated: run `npm run fixtures`.', {
        status: 404,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      }),
    );
    const error = await explainLoadFailure('org/model', new Error('reading tokenizer_class'));
    expect(fetch).toHaveBeenCalledWith(
      'http://mirror.test/models/org/model/config.json',
      expect.anything(),
    );
    expect(error.message).toBe(
      'Could not download org/model: http://mirror.test/models/org/model/config.json answered HTTP 404: The fixture models are not generated: run `npm run fixtures`.',
    );
  });

  it('keeps an HTML error page out of the message', async () => {
    serving(
      new Response('<html>nope</html>', { status: 404, headers: { 'Content-Type': 'text/html' } }),
    );
    const error = await explainLoadFailure('org/model', new Error('x'));
    expect(error.message).toMatch(/answered HTTP 404\.$/);
  });

  it('names a page served in place of the config', async () => {
    serving(
      new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
    );
    const error = await explainLoadFailure('org/model', new Error('x'));
    expect(error.message).toMatch(/is not a model config \(got text\/html\)/);
  });
});
