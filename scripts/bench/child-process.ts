// Runs a benchmark script in a child Node process (so a crash or an overrun costs one row, not the
// run) and reads the JSON result it prints on a line starting with a prefix. Node only.
import { spawn } from 'node:child_process';

export type ChildResult<T> = { ok: true; value: T } | { ok: false; why: string };

/**
 * `node [nodeArgs] --import tsx <script> <scriptArgs>`, killed after `limitMs`; the value is
 * parsed from its stdout line starting with `prefix`.
 */
export function runJsonChild<T>(
  script: string,
  scriptArgs: readonly string[],
  { prefix, limitMs, nodeArgs = [] }: { prefix: string; limitMs: number; nodeArgs?: string[] },
): Promise<ChildResult<T>> {
  const args = [...nodeArgs, '--import', 'tsx', script, ...scriptArgs];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  return new Promise((done) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(prefix));
      if (code === 0 && line) {
        return done({ ok: true, value: JSON.parse(line.slice(prefix.length)) as T });
      }
      const why = signal
        ? `killed by ${signal}${signal === 'SIGKILL' ? ` (over ${limitMs / 1000} s?)` : ''}`
        : `exited with code ${code}`;
      done({ ok: false, why });
    });
  });
}
