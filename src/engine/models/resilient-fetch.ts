// Model downloads that survive a flaky network (transformers.js' `env.fetch`): a request that
// fails is tried again with backoff, and a body that breaks off mid-way (or ends short of its
// Content-Length) resumes with a Range request where the server supports it, or else comes again
// with the bytes already passed on skipped; either way it must be the same version (ETag, else
// Last-Modified; with neither it does not resume). The reader gets one whole body or an error,
// never a short or stitched file. Model workers and Node.

import { errorMessage } from '../../core/errors';
import type { Fetch } from '../../core/types/fetch';

export interface RetryOptions {
  /** Tries per request and per body, the first included. */
  attempts?: number;
  /** Wait before try `n` (2, 3…). */
  delayMs?: (attempt: number) => number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULTS: Required<RetryOptions> = {
  attempts: 4,
  delayMs: (attempt) => 500 * 3 ** (attempt - 2),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Browsers and Node report a lost connection (refused, reset, cut mid-body) as a TypeError. */
const isNetworkError = (error: unknown) => error instanceof TypeError;

async function withRetries<T>(work: () => Promise<T>, options: Required<RetryOptions>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isNetworkError(error) || attempt >= options.attempts) throw error;
      await options.sleep(options.delayMs(attempt + 1));
    }
  }
}

export function resilientFetch(base: Fetch, retry: RetryOptions = {}): Fetch {
  const options = { ...DEFAULTS, ...retry };
  return async (input, init) => {
    const response = await withRetries(() => base(input, init), options);
    if (!response.ok || !response.body || init?.method === 'HEAD') return response;
    // A ranged request (transformers.js' size probe) is small: resuming is for whole files.
    if (new Headers(init?.headers).has('Range')) return response;
    const again = (headers: Headers) => base(input, { ...init, headers });
    const body = resumingBody(response, new Headers(init?.headers), again, options);
    const { status, statusText, headers } = response;
    return new Response(body, { status, statusText, headers });
  };
}

/** The whole body's size in bytes when the response states it (not for encoded bodies). */
function expectedLength(response: Response): number | undefined {
  if (response.headers.get('Content-Encoding')) return undefined;
  const length = Number(response.headers.get('Content-Length') ?? NaN);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/** Where a 206 response starts, from its Content-Range (`bytes 100-199/200`). */
const rangeStart = (response: Response) =>
  Number(/^bytes (\d+)-/.exec(response.headers.get('Content-Range') ?? '')?.[1] ?? NaN);

function resumingBody(
  first: Response,
  headers: Headers,
  again: (headers: Headers) => Promise<Response>,
  options: Required<RetryOptions>,
): ReadableStream<Uint8Array> {
  // What proves a later response is the same file; without it, bytes could come from two versions.
  const validator = (response: Response) =>
    response.headers.get('ETag') ?? response.headers.get('Last-Modified');
  const version = validator(first);
  const ranges = first.headers.get('Accept-Ranges') === 'bytes';
  const length = expectedLength(first);
  let reader = first.body!.getReader();
  let delivered = 0;
  let skip = 0;
  let breaks = 0;

  /** A new response for the rest of the body, after `breaks` breaks. */
  const resume = async () => {
    // `Range: bytes=N-` is a CORS-safelisted header (no preflight); If-Range is not, so the
    // version is compared after the fact instead.
    const request = new Headers(headers);
    if (ranges) request.set('Range', `bytes=${delivered}-`);
    const next = await again(request);
    if (next.status !== 206 && next.status !== 200) {
      throw new TypeError(`resuming the download failed: HTTP ${next.status}`);
    }
    if (validator(next) !== version) {
      // Not a network problem: the bytes already passed on belong to another version.
      throw new Error('the file changed on the server during the download; try again');
    }
    if (next.status === 206 && rangeStart(next) !== delivered) {
      throw new TypeError('resuming the download failed: the server sent another range');
    }
    skip = next.status === 206 ? 0 : delivered;
    if (!next.body) throw new TypeError('resuming the download returned no body');
    reader = next.body.getReader();
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        try {
          const { done, value } = await reader.read();
          if (done && length !== undefined && delivered < length) {
            // The server closed the connection early without an error: a break all the same.
            throw new TypeError(`the download ended after ${delivered} of ${length} bytes`);
          }
          if (done) return controller.close();
          const chunk = skip > 0 ? value.subarray(Math.min(skip, value.length)) : value;
          skip -= value.length - chunk.length;
          if (chunk.length === 0) continue;
          delivered += chunk.length;
          return controller.enqueue(chunk);
        } catch (error) {
          if (!isNetworkError(error) || ++breaks >= options.attempts) throw error;
          if (version === null) {
            throw new TypeError(
              `the download broke off and cannot resume safely: the server names no version (no ETag or Last-Modified) (${errorMessage(error)})`,
              { cause: error },
            );
          }
          await options.sleep(options.delayMs(breaks + 1));
          await withRetries(resume, options);
        }
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
