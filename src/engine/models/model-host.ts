// Lifecycle of one model in a worker: device plan, lazy single-flight loading with the WebGPU →
// WASM fallback, download progress, warm-up and status reports. Shared by both model workers.

import type { ProgressInfo } from '@huggingface/transformers';
import {
  detectGpu,
  planDevice,
  wasmFallbackPlan,
  withWasmFallback,
  type DevicePlan,
} from './device';
import { browserVerdictStore, GpuSelfCheck, memoryVerdictStore } from './gpu-check';
import { availableDtypes } from './model-dtypes';
import { withDownloadProgress, type ModelHostOptions, type ModelLoader } from './model-loader';
import { deleteModelFiles, describeModelFiles } from './model-cache';
import {
  explainLoadFailure,
  failedOnNetwork,
  ModelUnavailableError,
  SourceUnreachableError,
} from './model-files';
import { wasmThreadsNote } from './runtime-env';
import { formatBytes } from '../../core/format';
import { errorMessage } from '../../core/errors';
import { describeVerdict } from '../../core/gpu-self-check';
import {
  IDLE_STATUS,
  type Dtype,
  type GpuReport,
  type ModelFiles,
  type ModelSettings,
  type ModelStatus,
} from '../../core/types/models';

const PROGRESS_INTERVAL_MS = 100;

/** The model is not in the cache and the user has not asked for its download yet. */
export class ModelNotDownloadedError extends Error {
  override name = 'ModelNotDownloadedError';
}

export class ModelHost<T> {
  #status: ModelStatus = IDLE_STATUS;
  #lastNotify = 0;
  #gpu: Promise<GpuReport> | undefined;
  #model: Promise<T> | undefined;
  #dtypes: Promise<readonly Dtype[]> | undefined;
  /** Whether loading may download: the user asked, or everything needed is already stored. */
  #mayDownload: boolean;
  /**
   * available() found the model not downloaded: until the user allows the download it answers
   * at once, instead of probing the files (metadata requests) on every keyword-only search.
   */
  #knownMissing = false;
  /** The last load failed on the network (see `reconnected`). */
  #networkFailure = false;
  readonly #detectGpu: () => Promise<GpuReport>;
  readonly #gpuCheck: GpuSelfCheck<T>;

  constructor(
    private readonly settings: ModelSettings,
    private readonly loader: ModelLoader<T>,
    private readonly notify: (status: ModelStatus) => void,
    options: ModelHostOptions = {},
  ) {
    this.#mayDownload = settings.downloadAllowed;
    this.#detectGpu = options.detectGpu ?? (() => detectGpu());
    this.#gpuCheck = new GpuSelfCheck(
      settings,
      loader,
      options.verdicts ??
        (typeof indexedDB === 'undefined' ? memoryVerdictStore() : browserVerdictStore()),
      () => this.gpu(),
    );
  }

  get status(): ModelStatus {
    return this.#status;
  }

  /**
   * The planned dtype's files, their sizes and cache status (metadata only). For the shipped
   * repository from the hub with nothing stored, the estimates: no request before the user asks.
   */
  async files(): Promise<ModelFiles> {
    const plan = await this.plan();
    const { modelId, source } = this.settings;
    const { shipped } = this.loader;
    const estimates =
      source.kind === 'hub' && modelId === shipped.modelId
        ? shipped.estimates?.[plan.dtype]
        : undefined;
    return describeModelFiles(modelId, plan, estimates);
  }

  /** Deletes the planned dtype's files from the model cache. */
  async deleteFiles(): Promise<ModelFiles> {
    // Deleted on purpose: downloading it again needs a new go-ahead.
    this.#mayDownload = false;
    await deleteModelFiles(this.settings.modelId, await this.plan());
    return this.files();
  }

  /** What WebGPU this worker sees (detected once). */
  gpu(): Promise<GpuReport> {
    this.#gpu ??= this.#detectGpu();
    return this.#gpu;
  }

  /** Where the model would run, without loading it; reported as the idle status. */
  async plan(): Promise<DevicePlan> {
    const gpu = await this.gpu();
    const { modelId } = this.settings;
    const { shipped } = this.loader;
    // An imported folder holds whichever dtypes the user copied: always look.
    this.#dtypes ??= availableDtypes(
      modelId,
      this.settings.source.kind === 'local' ? {} : { [shipped.modelId]: shipped.dtypes },
      shipped.dtypes,
    );
    const { backend, dtype } = this.settings;
    const dtypes = await this.#dtypes;
    const plan = planDevice(gpu, dtypes, { backend, dtype });
    if (plan.backend !== 'webgpu' || !this.loader.selfCheck) return plan;
    // WebGPU failed its self-check with these weights before: straight to WASM, saying why.
    const verdict = await this.#gpuCheck.remembered(plan.dtype);
    if (verdict?.outcome !== 'failed') return plan;
    const wasm = wasmFallbackPlan(dtypes, describeVerdict(verdict, plan.dtype, true), true);
    return { ...wasm, reasons: [gpu.detail, ...wasm.reasons] };
  }

  async announce(): Promise<DevicePlan> {
    const plan = await this.plan();
    const { modelId } = this.settings;
    this.update({
      ...IDLE_STATUS,
      modelId,
      backend: plan.backend,
      dtype: plan.dtype,
      reasons: plan.reasons,
    });
    return plan;
  }

  /** The user asked for this model: downloading it is allowed from now on. */
  allowDownload(): void {
    this.#mayDownload = true;
    this.#knownMissing = false;
  }

  /**
   * The loaded model; concurrent callers share one load, a failed load can be retried. Nothing
   * heavy downloads before the user asks (allowDownload) unless it is all stored already: until
   * then callers get ModelNotDownloadedError (indexing saves files for keyword search meanwhile).
   */
  async get(): Promise<T> {
    if (!this.#model && !this.#mayDownload) {
      const files = await this.files().catch(() => undefined);
      if (files && files.totalBytes > 0 && files.cachedBytes >= files.totalBytes) {
        this.#mayDownload = true;
      } else {
        const size = files ? ` (≈ ${formatBytes(files.totalBytes - files.cachedBytes)})` : '';
        throw new ModelNotDownloadedError(
          `${this.settings.modelId} is not downloaded yet${size}: press its Download button first`,
        );
      }
    }
    this.#model ??= this.#load().catch((error: unknown) => {
      this.#model = undefined;
      this.#networkFailure = failedOnNetwork(error);
      const sourceUnreachable = error instanceof SourceUnreachableError;
      this.update({ phase: 'error', error: errorMessage(error), sourceUnreachable });
      throw error;
    });
    return this.#model;
  }

  /**
   * The model if it is loaded or may load now (the user allowed the download, or it is all
   * cached), else undefined; never waits for consent, and after a failed load waits for the
   * user's retry instead of downloading again for every caller.
   */
  async available(): Promise<T | undefined> {
    if (this.#model) return this.#model.catch(() => undefined);
    if (this.#status.phase === 'error' || this.#knownMissing) return undefined;
    return this.get().catch((error: unknown) => {
      if (error instanceof ModelNotDownloadedError) this.#knownMissing = true;
      return undefined;
    });
  }

  /**
   * The network is back: a download the user asked for that failed on the network (host
   * unreachable, connection broken) is tried again. Resolves whether it loaded now.
   */
  async reconnected(): Promise<boolean> {
    if (this.#status.phase !== 'error' || !this.#networkFailure || !this.#mayDownload) return false;
    return this.get().then(
      () => true,
      () => false,
    );
  }

  get loaded(): boolean {
    return this.#status.phase === 'ready';
  }

  async #load(): Promise<T> {
    this.update({ phase: 'detecting', error: undefined, sourceUnreachable: undefined });
    const plan = await this.plan();
    return withWasmFallback(
      plan,
      await this.#dtypes!,
      (plan) => this.#loadWith(plan),
      (error) => !(error instanceof ModelUnavailableError),
    );
  }

  async #loadWith(plan: DevicePlan): Promise<T> {
    const { backend, dtype, reasons } = plan;
    this.update({
      phase: 'downloading',
      modelId: this.settings.modelId,
      backend,
      dtype,
      reasons,
      files: {},
      checkingGpu: false,
    });
    const loadStart = performance.now();
    const model = await this.loader
      .load({
        modelId: this.settings.modelId,
        device: backend,
        dtype,
        onProgress: (info) => this.#onDownload(info),
      })
      .catch(async (error: unknown) => {
        const unfinished = Object.entries(this.#status.files)
          .filter(([, file]) => file.loaded < file.total)
          .map(([name]) => name);
        throw await explainLoadFailure(this.settings.modelId, error, unfinished);
      });
    try {
      const checking = backend === 'webgpu' && this.loader.selfCheck !== undefined;
      this.update({
        phase: 'warming',
        loadMs: performance.now() - loadStart,
        checkingGpu: checking,
      });
      const warmStart = performance.now();
      const checked = checking ? await this.#gpuCheck.run(model, dtype) : undefined;
      if (checking) this.update({ checkingGpu: false });
      const { notes = [], dimension } = (await this.loader.warmUp(model, plan)) ?? {};
      if (checked) notes.unshift(checked);
      if (backend === 'wasm') notes.push(wasmThreadsNote());
      const reasons = [...this.#status.reasons, ...notes];
      this.update({ phase: 'ready', warmupMs: performance.now() - warmStart, reasons, dimension });
      return model;
    } catch (error) {
      await this.loader.dispose(model);
      throw error;
    }
  }

  #onDownload(info: ProgressInfo): void {
    const files = withDownloadProgress(this.#status.files, info);
    if (files) this.update({ files }, info.status !== 'done');
  }

  /** Adds a line to the status' reasons (e.g. a document that failed to re-index). */
  note(reason: string): void {
    this.update({ reasons: [...this.#status.reasons, reason] });
  }

  /** `throttle` drops updates closer than PROGRESS_INTERVAL_MS: download events come by the hundred. */
  update(patch: Partial<ModelStatus>, throttle = false): void {
    this.#status = { ...this.#status, ...patch };
    const now = performance.now();
    if (throttle && now - this.#lastNotify < PROGRESS_INTERVAL_MS) return;
    this.#lastNotify = now;
    this.notify(this.#status);
  }
}
