// Progress on stderr for Node commands (`sieve`, `npm run eval`): rewritten in place on a terminal,
// one line every few seconds otherwise (CI logs, pipes), so stdout stays the command's result.

const TTY_EVERY_MS = 200;
const LOG_EVERY_MS = 5000;
const BAR_WIDTH = 24;

const n = (x: number) => x.toLocaleString('en-US');

/** A counter: "label done/total (seconds)". */
export function countProgress(label: string): (done: number, total: number) => void {
  const started = performance.now();
  let last = -Infinity;
  return (done, total) => {
    const now = performance.now();
    const finished = done === total;
    if (!finished && now - last < (process.stderr.isTTY ? 250 : LOG_EVERY_MS)) return;
    last = now;
    const seconds = (now - started) / 1000;
    const line = `${label} ${n(done)}/${n(total)} (${seconds.toFixed(1)} s)`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${finished ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  };
}

export interface PackProgressState {
  filesDone: number;
  files: number;
  /** Chunks of the files done so far (embedded now or reused). */
  chunks: number;
  /** Chunks embedded in this run, for the rate. */
  embedded: number;
  /** What is happening now, e.g. the file being read. */
  doing?: string;
}

/** The `sieve pack` bar: files and chunks done, the embedding rate and the elapsed time. */
export class ProgressBar {
  readonly #tty = process.stderr.isTTY === true;
  readonly #started = performance.now();
  #last = -Infinity;
  #shown = false;

  update(state: PackProgressState, force = false): void {
    const now = performance.now();
    if (!force && now - this.#last < (this.#tty ? TTY_EVERY_MS : LOG_EVERY_MS)) return;
    this.#last = now;
    const seconds = (now - this.#started) / 1000;
    const share = state.files > 0 ? state.filesDone / state.files : 1;
    const filled = Math.round(share * BAR_WIDTH);
    const rate = seconds > 0 ? state.embedded / seconds : 0;
    const line =
      `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ` +
      `${n(state.filesDone)}/${n(state.files)} files · ${n(state.chunks)} chunks · ` +
      `${rate.toFixed(1)} chunks/s embedded · ${seconds.toFixed(0)} s` +
      (state.doing ? ` · ${state.doing}` : '');
    if (this.#tty) {
      // Cut to the terminal's width so the line never wraps (a wrapped line cannot be rewritten).
      const width = process.stderr.columns || 100;
      process.stderr.write(`\r\x1b[2K${line.slice(0, width - 1)}`);
      this.#shown = true;
    } else {
      process.stderr.write(`${line}\n`);
    }
  }

  /** Writes a line above the bar (a file's failure, a notice). */
  log(line: string): void {
    this.clear();
    process.stderr.write(`${line}\n`);
  }

  /** Removes the bar from the terminal (before the summary). */
  clear(): void {
    if (this.#tty && this.#shown) process.stderr.write('\r\x1b[2K');
    this.#shown = false;
  }
}
