// End-to-end tests: the built app served by `vite preview` on 127.0.0.1, driven in Debian's
// headless Chromium (override with CHROMIUM_PATH). The `webgpu` project enables WebGPU on the
// software (SwiftShader) adapter; the default project forces WASM. A Vite dev server serves the
// engine test pages in e2e/harness/.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_PATH, chromiumArgs } from './scripts/chromium';
import { freePortSync } from './scripts/free-port';

const executablePath = CHROMIUM_PATH;
// Free ports, picked once in the runner process: test workers inherit them through the
// environment (e2e/helpers.ts reads the harness port back).
process.env.SIEVE_APP_PORT ||= String(freePortSync());
process.env.SIEVE_HARNESS_PORT ||= String(freePortSync());
const PORT = Number(process.env.SIEVE_APP_PORT);
const HARNESS_PORT = Number(process.env.SIEVE_HARNESS_PORT);
const args = chromiumArgs();

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.e2e.ts',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    headless: true,
    screenshot: 'only-on-failure',
    // The production build registers sw.js, which precaches ~30 MB and reloads the page once for
    // cross-origin isolation; e2e/offline.e2e.ts allows it, other tests run without it.
    serviceWorkers: 'block',
    launchOptions: { executablePath, args },
  },
  projects: [
    { name: 'wasm', testIgnore: '**/webgpu.e2e.ts' },
    {
      name: 'webgpu',
      testMatch: '**/webgpu.e2e.ts',
      use: { launchOptions: { executablePath, args: chromiumArgs({ webgpu: true }) } },
    },
  ],
  webServer: [
    {
      command: `npx vite preview --port ${PORT} --strictPort`,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // Test pages under e2e/harness/ that drive engine modules directly (vector-store.e2e.ts).
      command: `npx vite --port ${HARNESS_PORT} --strictPort`,
      url: `http://127.0.0.1:${HARNESS_PORT}/e2e/harness/vector-store.html`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
