// What a ModelHost is given: the loader of one kind of model (load, warm up, dispose, self-check)
// and options; and how transformers.js' download events update the per-file progress. Pure types
// and one pure function; model workers.

import type { ProgressInfo } from '@huggingface/transformers';
import type { DevicePlan } from './device';
import type { SelfCheck, VerdictStore } from './gpu-check';
import type {
  Backend,
  DownloadEstimates,
  Dtype,
  GpuReport,
  ModelStatus,
} from '../../core/types/models';

/** What to load: the configured repository, on the planned device and dtype. */
export interface LoadTarget {
  modelId: string;
  device: Backend;
  dtype: Dtype;
  onProgress: (info: ProgressInfo) => void;
}

export interface ModelLoader<T> {
  /**
   * The repository Sieve uses by default, the dtypes it ships (other repos are probed) and the
   * approximate sizes of its files per dtype (reported before anything is asked of the hub).
   */
  shipped: { modelId: string; dtypes: readonly Dtype[]; estimates?: DownloadEstimates };
  load(target: LoadTarget): Promise<T>;
  /** First run (shader compilation, arena allocation) plus any checks worth reporting. */
  warmUp(model: T, plan: DevicePlan): Promise<{ notes?: string[]; dimension?: number } | void>;
  dispose(model: T): Promise<void>;
  /** Fixed inputs whose WebGPU outputs must match WASM's before WebGPU is trusted. */
  selfCheck?: SelfCheck<T>;
}

export interface ModelHostOptions {
  /** What WebGPU the worker sees (tests inject an adapter). */
  detectGpu?: () => Promise<GpuReport>;
  /** Where WebGPU self-check verdicts are remembered (IndexedDB in browsers). */
  verdicts?: VerdictStore;
}

/** `files` after one download event, or undefined when the event changes nothing shown. */
export function withDownloadProgress(
  files: ModelStatus['files'],
  info: ProgressInfo,
): ModelStatus['files'] | undefined {
  const next = { ...files };
  if (info.status === 'progress_total') {
    Object.assign(next, info.files);
  } else if (info.status === 'progress') {
    next[info.file] = { loaded: info.loaded, total: info.total };
  } else if (info.status === 'done' && next[info.file]) {
    const file = next[info.file]!;
    next[info.file] = { loaded: file.total, total: file.total };
  } else {
    return undefined;
  }
  return next;
}
