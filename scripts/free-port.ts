// A free TCP port on 127.0.0.1, for servers that must be given a port up front (Vite, Playwright's
// web servers), so that tests and benchmarks never fail because a fixed port is taken. Node.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port was assigned'))));
    });
  });
}

/** The same, for config files that cannot wait for a promise (playwright.config.ts). */
export function freePortSync(): number {
  const probe = `const s = require('node:net').createServer().listen(0, '127.0.0.1', () => {
    process.stdout.write(String(s.address().port)); s.close(); });`;
  const port = Number(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' }));
  if (!Number.isInteger(port) || port <= 0) throw new Error(`no free port (got ${port})`);
  return port;
}
