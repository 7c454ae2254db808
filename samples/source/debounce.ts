/**
 * Options that control when a debounced function actually runs.
 *
 * - `leading`: run immediately on the first call of a burst, then ignore
 *   further calls until the burst has been quiet for `wait` milliseconds.
 *   Good for buttons, where the first click should feel instant.
 * - `trailing`: run once after the burst ends, using the arguments of the
 *   most recent call. Good for search boxes, where only the final text
 *   typed matters. This is the default behaviour.
 *
 * If both are true, a burst of several calls runs the function twice: once
 * at the start and once at the end. A single isolated call runs only once.
 */
export interface DebounceOptions {
  leading?: boolean;
  trailing?: boolean;
}

/** A debounced function, plus helpers to cancel or force a pending call. */
export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  /** Drop any pending trailing call without running it. */
  cancel(): void;
  /** Run a pending trailing call right now, if there is one. */
  flush(): void;
}

/**
 * Create a debounced version of `fn` that waits until calls have stopped for
 * `wait` milliseconds. Every new call restarts the timer, so a steady stream
 * of events (keystrokes, resize events, scrolls) collapses into one call.
 *
 * @param fn - The function to protect from rapid repeated calls.
 * @param wait - Quiet period in milliseconds that ends a burst.
 * @param options - Choose leading and/or trailing execution.
 */
export function debounce<A extends unknown[]>(
  fn: (...args: A) => void,
  wait: number,
  { leading = false, trailing = true }: DebounceOptions = {},
): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pendingArgs: A | undefined;
  const onQuiet = (): void => {
    timer = undefined;
    // Only fire at the end if a call arrived that has not been run yet.
    if (trailing && pendingArgs) {
      const args = pendingArgs;
      pendingArgs = undefined;
      fn(...args);
    }
  };

  const debounced = ((...args: A): void => {
    const startOfBurst = timer === undefined;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(onQuiet, wait);

    if (leading && startOfBurst) {
      // The leading call consumes these arguments; nothing is pending.
      pendingArgs = undefined;
      fn(...args);
    } else {
      pendingArgs = args;
    }
  }) as Debounced<A>;

  debounced.cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pendingArgs = undefined;
  };

  debounced.flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    onQuiet();
  };

  return debounced;
}
