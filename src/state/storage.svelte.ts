// This site's storage on the main thread: how much is used and available (navigator.storage
// estimate) and whether the browser promised to keep it (persistence), for Models & storage.

import type { StorageEstimate } from '../core/model-storage';

export class StorageState {
  estimate = $state.raw<StorageEstimate>({});
  /** Whether the browser promised not to evict Sieve's data under storage pressure. */
  persisted = $state<boolean | undefined>(undefined);

  async refresh(): Promise<void> {
    const storage = navigator.storage;
    if (!storage) return;
    const [estimate, persisted] = await Promise.all([
      storage.estimate?.().catch(() => undefined),
      storage.persisted?.().catch(() => undefined),
    ]);
    this.estimate = { usedBytes: estimate?.usage, quotaBytes: estimate?.quota };
    this.persisted = persisted;
  }

  /** Asks the browser to keep Sieve's data (models, library) even when space runs low. */
  async persist(): Promise<void> {
    await navigator.storage?.persist?.();
    await this.refresh();
  }
}
