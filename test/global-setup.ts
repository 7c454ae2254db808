// Vitest global setup: builds the WASM kernel and makes sure the fixture models exist before any
// unit test loads them.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-wasm.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/fixtures/make-fixtures.mjs'], { stdio: 'inherit' });
}
