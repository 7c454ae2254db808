// Tabs of one origin sharing one library, from the embedder worker: library writes run one at a
// time across tabs (a Web Lock), and after each change the other tabs are told (BroadcastChannel)
// so that they read the library again. Where these APIs are missing (Node tests) writes simply run.

/** The part of the Web Locks API used here. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface TabSyncOptions {
  /** Another tab changed the library (calls are merged: one per quiet `settleMs`). */
  onOtherTab: () => void;
  /** Lock and channel name; tabs that share it cooperate. */
  name?: string;
  settleMs?: number;
  locks?: LockManagerLike;
}

const DEFAULT_NAME = 'sieve-library';

export class TabSync {
  readonly #name: string;
  readonly #locks: LockManagerLike | undefined;
  readonly #channel: BroadcastChannel | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor({ onOtherTab, name = DEFAULT_NAME, settleMs = 250, locks }: TabSyncOptions) {
    this.#name = name;
    this.#locks = locks ?? (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
    if (typeof BroadcastChannel === 'undefined') return;
    this.#channel = new BroadcastChannel(name);
    // Node (tests) would otherwise keep running for an open channel.
    (this.#channel as { unref?: () => void }).unref?.();
    // A channel never hears its own messages: every one is another tab's change.
    this.#channel.onmessage = () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(onOtherTab, settleMs);
    };
  }

  /** Runs `work` while no other tab (or other call here) writes the library. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.#locks ? this.#locks.request(this.#name, work) : work();
  }

  /** Tells the other tabs that the library changed. */
  announce(): void {
    this.#channel?.postMessage('changed');
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#channel?.close();
  }
}
