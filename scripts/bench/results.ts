// How every `npm run bench:*` ends (Node): its notes printed under the tables, and its rows
// written to bench-results/<name>.json (git-ignored).
import { mkdirSync, writeFileSync } from 'node:fs';

export function printNotes(notes: readonly string[]): void {
  for (const note of notes) console.log(`note: ${note}`);
}

/** Writes `rows` as bench-results/<name>.json and says so, with the run's duration. */
export function writeResults(name: string, rows: unknown, startedMs?: number): void {
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(`bench-results/${name}.json`, JSON.stringify(rows, null, 2) + '\n');
  const took =
    startedMs === undefined ? '' : ` in ${Math.round((performance.now() - startedMs) / 1000)} s`;
  console.log(`Wrote bench-results/${name}.json${took}`);
}
