// The WebGPU self-check in a model worker: runs a few fixed inputs through the model on WebGPU and
// through a WASM copy of the same file, compares them and remembers the verdict per browser, GPU,
// model and dtype. Quantised GPU kernels have returned wrong numbers without any error.

import { createStore, get, set } from 'idb-keyval';
import { errorMessage } from '../../core/errors';
import {
  corruptOutputs,
  describeVerdict,
  verdictKey,
  type CheckOutputs,
  type Comparison,
  type GpuVerdict,
} from '../../core/gpu-self-check';
import type { Dtype, GpuReport, ModelSettings } from '../../core/types/models';
import { WebGpuRejectedError } from './device';

/** How a model takes the check: its outputs for the fixed inputs, and how to compare them. */
export interface SelfCheck<T> {
  run(model: T): Promise<CheckOutputs>;
  compare(gpu: CheckOutputs, wasm: CheckOutputs): Comparison;
}

export interface VerdictStore {
  get(key: string): Promise<GpuVerdict | undefined>;
  set(key: string, verdict: GpuVerdict): Promise<void>;
}

/** Verdicts for one session only (Node, tests). */
export function memoryVerdictStore(): VerdictStore {
  const verdicts = new Map<string, GpuVerdict>();
  return {
    get: async (key) => verdicts.get(key),
    set: async (key, verdict) => void verdicts.set(key, verdict),
  };
}

let browserStore: VerdictStore | undefined;

/**
 * Verdicts in IndexedDB, shared by both model workers. A store that fails (private mode, site
 * data cleared) only costs a repeated check, so its errors read as "not remembered".
 */
export function browserVerdictStore(): VerdictStore {
  if (browserStore) return browserStore;
  const db = createStore('sieve-gpu-checks', 'verdicts');
  browserStore = {
    get: (key) => get<GpuVerdict>(key, db).catch(() => undefined),
    set: (key, verdict) => set(key, verdict, db).catch(() => undefined),
  };
  return browserStore;
}

export interface SelfCheckRun<T> {
  /** The model as loaded on WebGPU. */
  model: T;
  check: SelfCheck<T>;
  /** The same model file on WASM; disposed after its run. */
  loadWasmCopy: () => Promise<T>;
  dispose: (model: T) => Promise<void>;
  /** The test seam: pretend the GPU returned garbage. */
  corruptGpu?: boolean;
}

/**
 * Compares the WebGPU model with a WASM copy of the same weights. An error on WebGPU propagates
 * (the caller falls back to WASM); a copy that cannot load or run on WASM leaves it unverified.
 */
export async function runSelfCheck<T>(run: SelfCheckRun<T>): Promise<GpuVerdict> {
  const start = performance.now();
  const verdict = (outcome: GpuVerdict['outcome'], detail: string): GpuVerdict => ({
    outcome,
    detail,
    ms: performance.now() - start,
    checkedAt: Date.now(),
  });
  const gpu = await run.check.run(run.model);
  let wasm: CheckOutputs;
  let copy: T;
  try {
    copy = await run.loadWasmCopy();
  } catch (error) {
    return verdict('unverified', `the same weights do not load on WASM (${errorMessage(error)})`);
  }
  try {
    wasm = await run.check.run(copy);
  } catch (error) {
    return verdict('unverified', `the same weights do not run on WASM (${errorMessage(error)})`);
  } finally {
    await run.dispose(copy);
  }
  const { passed, detail } = run.check.compare(run.corruptGpu ? corruptOutputs(gpu) : gpu, wasm);
  return verdict(passed ? 'passed' : 'failed', detail);
}

/** What GpuSelfCheck needs of a model loader. */
interface CheckedLoader<T> {
  selfCheck?: SelfCheck<T>;
  load(target: {
    modelId: string;
    device: 'wasm';
    dtype: Dtype;
    onProgress: () => void;
  }): Promise<T>;
  dispose(model: T): Promise<void>;
}

/** One model's self-checks in a worker (ModelHost runs it after a WebGPU load). */
export class GpuSelfCheck<T> {
  constructor(
    private readonly settings: Pick<ModelSettings, 'modelId' | 'source' | 'gpuCheckFault'>,
    private readonly loader: CheckedLoader<T>,
    private readonly verdicts: VerdictStore,
    private readonly gpu: () => Promise<GpuReport>,
  ) {}

  /** A verdict from an earlier check of these weights on this browser and GPU. */
  async remembered(dtype: Dtype): Promise<GpuVerdict | undefined> {
    return this.verdicts.get(await this.#key(dtype));
  }

  /**
   * Checks `model` (loaded on WebGPU) unless a verdict is remembered; returns the verdict's line
   * for the status. A failed check throws WebGpuRejectedError: the caller falls back to WASM.
   */
  async run(model: T, dtype: Dtype): Promise<string | undefined> {
    const check = this.loader.selfCheck;
    if (!check) return undefined;
    const key = await this.#key(dtype);
    const known = await this.verdicts.get(key);
    if (known) return describeVerdict(known, dtype, true);
    const { modelId, gpuCheckFault } = this.settings;
    const verdict = await runSelfCheck({
      model,
      check,
      loadWasmCopy: () =>
        this.loader.load({ modelId, device: 'wasm', dtype, onProgress: () => undefined }),
      dispose: (copy) => this.loader.dispose(copy),
      corruptGpu: gpuCheckFault === 'corrupt',
    });
    await this.verdicts.set(key, verdict);
    const line = describeVerdict(verdict, dtype, false);
    if (verdict.outcome === 'failed') throw new WebGpuRejectedError(line);
    return line;
  }

  async #key(dtype: Dtype): Promise<string> {
    const gpu = await this.gpu();
    const { source, modelId } = this.settings;
    return verdictKey({
      userAgent: globalThis.navigator?.userAgent ?? '',
      adapter: [gpu.vendor, gpu.architecture].join(' '),
      source: source.kind === 'url' ? source.baseUrl : source.kind,
      modelId,
      dtype,
    });
  }
}
