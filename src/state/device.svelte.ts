// "About this device" on the main thread: what the embedder worker sees (WebGPU adapter or why
// not, shader-f16, WASM threads, isolation). Storage is in storage.svelte.ts.

import type { DeviceReport } from '../../workers/embedder/api';
import type { EmbedderClient } from '../clients/embedder-client';

export class DeviceState {
  report = $state.raw<DeviceReport | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly embedder: EmbedderClient) {}

  async refresh(): Promise<void> {
    try {
      this.report = await this.embedder.call((api) => api.deviceReport());
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }
}
