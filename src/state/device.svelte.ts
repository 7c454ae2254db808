// "About this device" on the main thread: what the embedder worker sees (WebGPU adapter or why
// not, shader-f16, WASM threads, isolation). Storage is in storage.svelte.ts.

import type { EmbedderClient } from '../clients/embedder-client';
import { errorMessage } from '../core/errors';
import type { DeviceReport } from '../core/types/models';

export class DeviceState {
  report = $state.raw<DeviceReport | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly embedder: Pick<EmbedderClient, 'deviceReport'>) {}

  async refresh(): Promise<void> {
    try {
      this.report = await this.embedder.deviceReport();
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }
}
