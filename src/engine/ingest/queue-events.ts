// The indexing queue's events, throttled: row updates are merged per file and sent with the
// queue's state at most every 100 ms, as thousands of tiny files would flood the page otherwise.
// Runs in the embedder worker.
import type { IngestUpdate, QueueEvent, QueueState } from '../../core/types/library';

const EMIT_MS = 100;

export class QueueEvents {
  readonly #updates = new Map<string, IngestUpdate>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly emit: (event: QueueEvent) => void,
    private readonly state: () => QueueState,
  ) {}

  /** The latest update of file `key` (at `name`) replaces any not sent yet. */
  report(key: string, name: string, update: Omit<IngestUpdate, 'key' | 'name'>): void {
    this.#updates.set(key, { key, name, ...update });
    this.soon();
  }

  /** An event (with the state then current) within the interval. */
  soon(): void {
    this.#timer ??= setTimeout(() => this.flush(), EMIT_MS);
  }

  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const updates = [...this.#updates.values()];
    this.#updates.clear();
    this.emit({ updates, state: this.state() });
  }
}
