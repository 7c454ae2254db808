import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { contentSecurityPolicy } from './scripts/csp-plugin.ts';
import { fixtureModels } from './scripts/fixture-models-plugin.ts';
import { serviceWorker } from './scripts/service-worker-plugin.ts';

export default defineConfig({
  // Relative base: the built app works from `/` or any sub-path without configuration.
  base: './',
  plugins: [svelte(), fixtureModels(), serviceWorker(), contentSecurityPolicy()],
  // transformers.js and onnxruntime-web dynamic-import inside workers: ES module workers only.
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2048,
  },
  optimizeDeps: {
    exclude: ['@huggingface/transformers', 'onnxruntime-web'],
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  test: {
    include: [
      'src/**/*.test.ts',
      'scripts/**/*.test.ts',
      'workers/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    expect: { requireAssertions: true },
  },
});
