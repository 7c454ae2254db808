// A Sieve pack served over HTTP as a PackSource (the embedder worker's `?pack=` mode, and Node):
// shard names resolve against the pack's folder URL, bodies stream so that progress counts bytes,
// and HTTP or network failures become messages that name the pack and the file.

import { errorMessage } from '../../core/errors';
import { MANIFEST_FILE, PackError } from '../../core/pack/pack-manifest';
import type { PackSource } from '../../core/pack/pack-reader';
import type { Fetch } from '../../core/types/fetch';

/**
 * The pack's folder URL (ending in `/`) for what a page was given: a folder with or without its
 * trailing slash, or its manifest.json itself; relative values resolve against `base`.
 */
export function packFolderUrl(pack: string, base: string): string {
  let url: URL;
  try {
    url = new URL(pack.trim(), base);
  } catch {
    throw new PackError(`"${pack}" is not a pack address.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PackError(`"${pack}" is not a pack address: packs are fetched over http(s).`);
  }
  url.hash = '';
  url.search = '';
  if (url.pathname.endsWith('/' + MANIFEST_FILE)) {
    url.pathname = url.pathname.slice(0, -MANIFEST_FILE.length);
  } else if (!url.pathname.endsWith('/')) {
    url.pathname += '/';
  }
  return url.href;
}

/** Reads a response body, reporting bytes received so far. */
async function readBody(
  response: Response,
  onBytes?: (loaded: number) => void,
): Promise<Uint8Array> {
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onBytes?.(bytes.length);
    return bytes;
  }
  const parts: Uint8Array[] = [];
  let loaded = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.length;
    onBytes?.(loaded);
  }
  if (parts.length === 1) return parts[0]!;
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

export class UrlPackSource implements PackSource {
  /** The pack's folder, ending in `/`. */
  readonly url: string;
  readonly label: string;
  /** The manifest as first read: reading a pack reads it twice (to plan, then to open). */
  #manifest: Uint8Array | undefined;

  /** `pack` as a page's `?pack=` gives it (relative to `base`, the page's address). */
  constructor(
    pack: string,
    base: string,
    private readonly fetcher: Fetch = (url, init) => fetch(url, init),
  ) {
    this.url = packFolderUrl(pack, base);
    this.label = this.url;
  }

  async read(file: string, onBytes?: (loaded: number) => void): Promise<Uint8Array> {
    if (file === MANIFEST_FILE && this.#manifest) return this.#manifest;
    const bytes = await this.#fetch(file, onBytes);
    if (file === MANIFEST_FILE) this.#manifest = bytes;
    return bytes;
  }

  async #fetch(file: string, onBytes?: (loaded: number) => void): Promise<Uint8Array> {
    const href = new URL(file, this.url).href;
    let response: Response;
    try {
      response = await this.fetcher(href);
    } catch (error) {
      throw new PackError(
        `Could not reach the pack at ${this.url} (${errorMessage(error)}): check the address and the connection.`,
      );
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      if (file === MANIFEST_FILE && (response.status === 404 || response.status === 410)) {
        throw new PackError(`No Sieve pack at ${this.url}: ${href} was not found (${status}).`);
      }
      throw new PackError(`The pack at ${this.url} could not be read: ${file} answered ${status}.`);
    }
    try {
      return await readBody(response, onBytes);
    } catch (error) {
      throw new PackError(
        `The download of ${file} from ${this.url} broke off (${errorMessage(error)}).`,
      );
    }
  }
}
