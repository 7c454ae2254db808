// A new user's first run: a copy of the repository as git has it (no fixture models, no samples
// built) whose `npm run dev` makes what it needs and serves an app that indexes and searches with
// `?models=fixtures` — the README's quick start, offline.
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort } from '../scripts/free-port';
import { dropFiles, search, TOPIC_DOCS } from './helpers';

let clone: string;
let dev: ChildProcess | undefined;
let url: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  clone = mkdtempSync(join(tmpdir(), 'sieve-first-run-'));
  const tracked = execFileSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).split('\0');
  for (const file of tracked.filter((f) => f !== '' && existsSync(f))) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(file, join(clone, file));
  }
  // Installed packages are not the subject here (npm install is); reuse this checkout's.
  symlinkSync(resolve('node_modules'), join(clone, 'node_modules'), 'dir');
  expect(existsSync(join(clone, 'fixtures/models'))).toBe(false);

  const port = await freePort();
  url = `http://127.0.0.1:${port}/`;
  const args = ['run', 'dev', '--', '--host', '127.0.0.1', '--port', String(port), '--strictPort'];
  dev = spawn('npm', args, {
    cwd: clone,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  dev.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  dev.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = Date.now();
  const answers = () =>
    fetch(url).then(
      (response) => response.ok,
      () => false,
    );
  while (!(await answers())) {
    if (dev.exitCode !== null) throw new Error(`npm run dev exited:\n${output}`);
    if (Date.now() - started > 150_000) throw new Error(`npm run dev did not start:\n${output}`);
    await new Promise((done) => setTimeout(done, 500));
  }
});

test.afterAll(() => {
  if (dev?.pid) process.kill(-dev.pid, 'SIGTERM');
  rmSync(clone, { recursive: true, force: true });
});

test('npm run dev on a fresh copy makes the fixtures and serves an app that searches', async ({
  page,
}) => {
  expect(existsSync(join(clone, 'fixtures/models/onnx-community'))).toBe(true);
  await page.goto(`${url}?models=fixtures&backend=wasm&rerank=off`);
  await expect(page.getByRole('heading', { name: 'Sieve' })).toBeVisible();
  await page.getByTestId('embedder-load').click();
  await expect(page.getByTestId('embedder-phase')).toHaveText('Ready', { timeout: 120_000 });
  await dropFiles(page, TOPIC_DOCS);
  await expect(page.locator('[data-testid="queue-row"][data-status="done"]')).toHaveCount(3, {
    timeout: 120_000,
  });
  await search(page, 'rocket launch into orbit');
  await expect(page.getByTestId('result-doc').first()).toHaveText('rockets.txt');
});
