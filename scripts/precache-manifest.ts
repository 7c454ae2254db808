// Build-time (Node): the precache manifest of a built app, i.e. every file in dist/ with a
// content hash, and its injection into the first line of dist/sw.js. Used by the service-worker
// plugin after `vite build`, and by e2e tests that make a second, changed build from a copy.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { PrecacheEntry, PrecacheManifest } from '../src/sw/policy';

export const SW_FILE = 'sw.js';
const MANIFEST_LINE = 'self.__SIEVE_PRECACHE__=';

export interface BuiltFile {
  /** Relative to dist/, with `/` separators. */
  path: string;
  hash: string;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Files the worker must not precache: itself (the browser fetches it) and source maps. */
function precacheable(path: string): boolean {
  return (
    path !== SW_FILE && !path.endsWith('.map') && !path.split('/').some((p) => p.startsWith('.'))
  );
}

/** Sorted entries, so the same build always gives the same manifest (and the same sw.js). */
export function precacheManifest(files: readonly BuiltFile[]): PrecacheManifest {
  const entries: PrecacheEntry[] = files
    .filter((file) => precacheable(file.path))
    .map((file) => ({ url: `./${file.path}`, revision: file.hash.slice(0, 16) }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  return { version: sha256(JSON.stringify(entries)).slice(0, 12), entries };
}

export function listBuiltFiles(dir: string): BuiltFile[] {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) =>
    e.isFile(),
  );
  return files.map((entry) => {
    const full = join(entry.parentPath, entry.name);
    return { path: relative(dir, full).split(sep).join('/'), hash: sha256(readFileSync(full)) };
  });
}

/** sw.js with its manifest line (re)written; any earlier manifest line is replaced. */
export function withManifest(swSource: string, manifest: PrecacheManifest): string {
  const code = swSource.startsWith(MANIFEST_LINE)
    ? swSource.slice(swSource.indexOf('\n') + 1)
    : swSource;
  return `${MANIFEST_LINE}${JSON.stringify(manifest)};\n${code}`;
}

/** Rewrites `<dir>/sw.js` with the manifest of every other file in `dir`. */
export function injectPrecacheManifest(dir: string): PrecacheManifest {
  const manifest = precacheManifest(listBuiltFiles(dir));
  const swPath = join(dir, SW_FILE);
  writeFileSync(swPath, withManifest(readFileSync(swPath, 'utf8'), manifest));
  return manifest;
}
