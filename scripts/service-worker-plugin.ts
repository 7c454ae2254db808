// Vite plugin (`vite build` only; there is no service worker in `vite dev`): compiles
// src/sw/sw.ts into a self-contained classic script, `sw.js` at the root of dist/, and writes
// into it the precache manifest of every file the build emitted (JS, CSS, wasm, HTML, icons).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'vite';
import { injectPrecacheManifest, SW_FILE } from './precache-manifest.ts';

/** A separate build: the app's chunks are ES modules, a classic worker script may not import. */
async function compileServiceWorker(entry: string): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      lib: { entry, formats: ['iife'], name: 'sieveServiceWorker', fileName: 'sw' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const output of outputs) {
    if (!('output' in output)) continue;
    const chunk = output.output.find((file) => file.type === 'chunk');
    if (chunk && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('the service worker build produced no code');
}

export function serviceWorker(entry = resolve('src/sw/sw.ts')): Plugin {
  let outDir = '';
  return {
    name: 'sieve-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After every file (worker chunks and public/ included) is on disk.
    async closeBundle(error) {
      if (error) return;
      writeFileSync(join(outDir, SW_FILE), await compileServiceWorker(entry));
      const { entries, version } = injectPrecacheManifest(outDir);
      this.info(`${SW_FILE}: ${entries.length} files precached in sieve-app-${version}`);
    },
  };
}
