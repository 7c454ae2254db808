// "About this device" on the main thread: what the embedder worker sees (WebGPU adapter or why
// not, shader-f16, WASM threads, isolation) and the browser's storage use and persistence.

import type { DeviceReport } from '../../workers/embedder/api';
import type { EmbedderClient } from '../clients/embedder-client';

export interface StorageReport {
  usedBytes?: number;
  quotaBytes?: number;
  /** Whether the browser promised not to evict Sieve's data under storage pressure. */
  persisted?: boolean;
}

export class DeviceState {
  report = $state.raw<DeviceReport | null>(null);
  storage = $state.raw<StorageReport>({});
  error = $state<string | null>(null);

  constructor(private readonly embedder: EmbedderClient) {}

  async refresh(): Promise<void> {
    try {
      this.report = await this.embedder.call((api) => api.deviceReport());
      this.storage = await readStorage();
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** Asks the browser to keep Sieve's data (models, library) even when space runs low. */
  async persist(): Promise<void> {
    await navigator.storage?.persist?.();
    this.storage = await readStorage();
  }
}

async function readStorage(): Promise<StorageReport> {
  const storage = navigator.storage;
  if (!storage) return {};
  const [estimate, persisted] = await Promise.all([
    storage.estimate?.().catch(() => undefined),
    storage.persisted?.().catch(() => undefined),
  ]);
  return { usedBytes: estimate?.usage, quotaBytes: estimate?.quota, persisted };
}
