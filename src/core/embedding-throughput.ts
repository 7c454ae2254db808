// A running figure of the embedder's speed on this device (pure; kept in the embedder worker):
// timed samples of embedding work (content tokens and milliseconds), older work fading as newer
// work is timed, so the figure follows what the device does now (thermal throttling, other tabs).

/** What a figure was measured on: the timed warm-up passage, or chunks embedded while indexing. */
export type ThroughputSource = 'warm-up' | 'indexing';

/** A figure as stored for a later visit. */
export interface StoredThroughput {
  tokensPerSecond: number;
  source: ThroughputSource;
  measuredAt: number;
}

/**
 * Older samples keep half their weight per this much newer embedding time: on real-size WASM a
 * slice of 32 chunks takes about a minute, so the last two or three slices dominate.
 */
export const THROUGHPUT_HALF_LIFE_MS = 120_000;

/**
 * An earlier visit's figure from indexing counts as this much embedding time: enough that one
 * short warm-up passage (≈ 1 s on WASM) nudges it rather than replaces it, since a warm-up passage
 * is a noisier sample than minutes of real chunks. A stored warm-up figure counts for nothing
 * once a new warm-up is timed.
 */
export const STORED_INDEXING_WEIGHT_MS = 30_000;

export class ThroughputTracker {
  /** Decayed sums of the samples' tokens and milliseconds. */
  #tokens = 0;
  #ms = 0;
  /** The seed's own share, so that a new warm-up can drop a stored warm-up figure. */
  #seed: StoredThroughput | undefined;
  #indexing = false;
  #measured = false;

  constructor(private readonly halfLifeMs = THROUGHPUT_HALF_LIFE_MS) {}

  /** Starts from a stored figure (an earlier visit's), until this session measures. */
  seed(stored: StoredThroughput): void {
    if (this.#measured || !(stored.tokensPerSecond > 0)) return;
    this.#seed = stored;
    const weightMs = stored.source === 'indexing' ? STORED_INDEXING_WEIGHT_MS : 1_000;
    this.#ms = weightMs;
    this.#tokens = (stored.tokensPerSecond * weightMs) / 1000;
    this.#indexing = stored.source === 'indexing';
  }

  /** Adds `tokens` embedded in `ms` of embedding time; empty or untimed samples are ignored. */
  record(tokens: number, ms: number, source: ThroughputSource): void {
    if (!(tokens > 0) || !(ms > 0) || !Number.isFinite(tokens / ms)) return;
    if (!this.#measured && this.#seed?.source === 'warm-up') {
      // A new warm-up on this device supersedes the old one; an indexing sample joins it.
      if (source === 'warm-up') [this.#tokens, this.#ms] = [0, 0];
    }
    this.#measured = true;
    const keep = 0.5 ** (ms / this.halfLifeMs);
    this.#tokens = this.#tokens * keep + tokens;
    this.#ms = this.#ms * keep + ms;
    if (source === 'indexing') this.#indexing = true;
  }

  /** Tokens per second, or undefined before any sample or seed. */
  get tokensPerSecond(): number | undefined {
    return this.#ms > 0 ? (this.#tokens / this.#ms) * 1000 : undefined;
  }

  /** Indexing once real chunks (now or stored) contributed, else the warm-up passage. */
  get source(): ThroughputSource {
    return this.#indexing ? 'indexing' : 'warm-up';
  }

  /** Nothing was measured in this session: the figure is the stored one. */
  get stored(): boolean {
    return !this.#measured;
  }

  /** The figure to store for a later visit, once there is one. */
  toStored(now: number): StoredThroughput | undefined {
    const tokensPerSecond = this.tokensPerSecond;
    if (tokensPerSecond === undefined) return undefined;
    if (!this.#measured) return this.#seed;
    return { tokensPerSecond, source: this.source, measuredAt: now };
  }
}
