// The precache manifest written into sw.js: which built files it lists, that it is stable, and
// that a changed file changes it (and so sw.js, which is what makes browsers update).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  injectPrecacheManifest,
  listBuiltFiles,
  precacheManifest,
  withManifest,
} from './precache-manifest';

const FILES = [
  { path: 'index.html', hash: 'a'.repeat(64) },
  { path: 'assets/ort-wasm-simd-threaded.asyncify-X.wasm', hash: 'b'.repeat(64) },
  { path: 'assets/embedder.worker-Y.js', hash: 'c'.repeat(64) },
  { path: 'sw.js', hash: 'd'.repeat(64) },
  { path: 'assets/index-Z.js.map', hash: 'e'.repeat(64) },
  { path: '.well-known/x', hash: 'f'.repeat(64) },
];

describe('precacheManifest', () => {
  it('lists every built file but the worker itself, maps and dotfiles, sorted', () => {
    const { entries } = precacheManifest(FILES);
    expect(entries).toEqual([
      { url: './assets/embedder.worker-Y.js', revision: 'c'.repeat(16) },
      { url: './assets/ort-wasm-simd-threaded.asyncify-X.wasm', revision: 'b'.repeat(16) },
      { url: './index.html', revision: 'a'.repeat(16) },
    ]);
  });

  it('gives the same version for the same files in any order, another when one changes', () => {
    const { version } = precacheManifest(FILES);
    expect(version).toMatch(/^[0-9a-f]{12}$/);
    expect(precacheManifest([...FILES].reverse()).version).toBe(version);
    const changed = FILES.map((f) =>
      f.path === 'index.html' ? { ...f, hash: '0'.repeat(64) } : f,
    );
    expect(precacheManifest(changed).version).not.toBe(version);
    // sw.js' own hash does not feed its manifest (it would never settle).
    const sw = FILES.map((f) => (f.path === 'sw.js' ? { ...f, hash: '1'.repeat(64) } : f));
    expect(precacheManifest(sw).version).toBe(version);
  });
});

describe('withManifest', () => {
  it('puts the manifest on the first line and replaces an earlier one', () => {
    const code = 'console.log(self.__SIEVE_PRECACHE__);';
    const first = withManifest(code, { version: 'v1', entries: [] });
    expect(first).toBe(`self.__SIEVE_PRECACHE__={"version":"v1","entries":[]};\n${code}`);
    const second = withManifest(first, { version: 'v2', entries: [] });
    expect(second).toBe(`self.__SIEVE_PRECACHE__={"version":"v2","entries":[]};\n${code}`);
  });
});

describe('injectPrecacheManifest', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes the files of a build folder into its sw.js', () => {
    dir = mkdtempSync(join(tmpdir(), 'sieve-precache-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'export {};');
    writeFileSync(join(dir, 'sw.js'), '/* worker */');
    expect(
      listBuiltFiles(dir)
        .map((f) => f.path)
        .sort(),
    ).toEqual(['assets/app-1.js', 'index.html', 'sw.js']);

    const first = injectPrecacheManifest(dir);
    expect(first.entries.map((e) => e.url)).toEqual(['./assets/app-1.js', './index.html']);
    const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
    expect(sw.split('\n')[1]).toBe('/* worker */');

    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>B</title>');
    const second = injectPrecacheManifest(dir);
    expect(second.version).not.toBe(first.version);
    expect(readFileSync(join(dir, 'sw.js'), 'utf8')).toContain(second.version);
    expect(readFileSync(join(dir, 'sw.js'), 'utf8').split('\n')).toHaveLength(2);
  });
});
