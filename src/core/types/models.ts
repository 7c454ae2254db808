// Plain data about the models that the page and the model workers share: where models come from,
// how they should run, what a worker reports while loading one, and what this device offers. Pure.

/** Where a model runs in the browser. */
export const BACKENDS = ['webgpu', 'wasm'] as const;
export type Backend = (typeof BACKENDS)[number];
export type BackendPreference = 'auto' | Backend;

/** Weight precisions Sieve can load (the ONNX files a repository may ship). */
export const DTYPES = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'] as const;
export type Dtype = (typeof DTYPES)[number];
export type DtypePreference = 'auto' | Dtype;

/** The ONNX file name suffix of each dtype in transformers.js' repository layout. */
export const ONNX_SUFFIX: Readonly<Record<Dtype, string>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
};

/** `model_q4.onnx`: the weights file of `dtype` in a repository's `onnx/` folder. */
export const onnxFileName = (dtype: Dtype): string => `model${ONNX_SUFFIX[dtype]}.onnx`;

/** What onnx-community/Qwen3-Reranker-0.6B-ONNX ships: no fp32 or fp16 weights. */
export const RERANKER_DTYPES = ['q8', 'q4'] as const satisfies readonly Dtype[];
export type RerankerDtype = (typeof RERANKER_DTYPES)[number];

export const isBackendPreference = (value: string): value is BackendPreference =>
  value === 'auto' || (BACKENDS as readonly string[]).includes(value);

export const isDtypePreference = (value: string): value is DtypePreference =>
  value === 'auto' || (DTYPES as readonly string[]).includes(value);

/** The hub, a mirror with the hub's repo layout, or model folders imported into OPFS. */
export type ModelSource = { kind: 'hub' } | { kind: 'url'; baseUrl: string } | { kind: 'local' };

export interface ModelSettings {
  modelId: string;
  source: ModelSource;
  backend: BackendPreference;
  dtype: DtypePreference;
  /** The user has asked for this model before: loading may download (again) without asking. */
  downloadAllowed: boolean;
  /** ONNX Runtime's WASM thread count as the page chose it (src/state/wasm-threads.ts), and why. */
  wasmThreads?: number;
  wasmThreadsReason?: string;
  /** Test seam (`?gpucheck=corrupt`): the WebGPU self-check sees corrupted GPU outputs. */
  gpuCheckFault?: 'corrupt';
}

export type ModelPhase = 'idle' | 'detecting' | 'downloading' | 'warming' | 'ready' | 'error';

export interface FileDownload {
  loaded: number;
  total: number;
}

export interface ModelStatus {
  phase: ModelPhase;
  modelId: string;
  backend?: Backend;
  dtype?: Dtype;
  dimension?: number;
  /** Why this backend and dtype were chosen (or why a fallback happened). */
  reasons: string[];
  files: Record<string, FileDownload>;
  loadMs?: number;
  warmupMs?: number;
  /** While warming: the WebGPU self-check is comparing outputs with a WASM copy. */
  checkingGpu?: boolean;
  error?: string;
  /** The error is that the model source could not be reached (offline, blocked, no such host). */
  sourceUnreachable?: boolean;
  /** Documents stored for another model/dtype/dimension and being re-embedded for this one. */
  reindex?: { done: number; total: number };
  /** Stored vectors read into the search index so far, while it loads at start-up. */
  indexLoad?: { rows: number; total: number };
}

export const IDLE_STATUS: ModelStatus = { phase: 'idle', modelId: '', reasons: [], files: {} };

/** Not loaded and not loading: a Download / Load action would start something. */
export const canStartLoad = ({ phase }: Pick<ModelStatus, 'phase'>): boolean =>
  phase === 'idle' || phase === 'error';

/** Between the go-ahead and ready: checking the device, downloading or warming up. */
export const isLoading = ({ phase }: Pick<ModelStatus, 'phase'>): boolean =>
  phase === 'detecting' || phase === 'downloading' || phase === 'warming';

/** A file a model download fetches and its approximate size in bytes. */
export type FileEstimate = readonly [name: string, bytes: number];
/** A repository's download per dtype, as shipped: what the app assumes before asking the source. */
export type DownloadEstimates = Partial<Record<Dtype, readonly FileEstimate[]>>;

/** A model's download as the chosen dtype needs it, and how much of it is already stored. */
export interface ModelFiles {
  modelId: string;
  dtype: string;
  files: Array<{ name: string; bytes?: number; cached: boolean }>;
  totalBytes: number;
  cachedBytes: number;
  /** Where "cached" files are: transformers.js' Cache Storage, or the imported local folder. */
  store: 'browser-cache' | 'local-folder';
  /** The sizes are the app's estimates: nothing is stored and the source was not asked yet. */
  estimated?: boolean;
}

export interface GpuReport {
  available: boolean;
  /** Why WebGPU is or is not usable, in words. */
  detail: string;
  vendor?: string;
  architecture?: string;
  isFallbackAdapter?: boolean;
  shaderF16: boolean;
}

/** What this device offers the models, for the "About this device" view. */
export interface DeviceReport {
  gpu: GpuReport;
  crossOriginIsolated: boolean;
  wasmThreads: number;
  /** How the count was chosen: measured (with the probe's timings) or the default rule. */
  wasmThreadsReason?: string;
  cores: number;
}

/** A file from the model-folder picker with its path (`picked/sub/file`). */
export interface ModelFolderFile {
  path: string;
  file: File;
}

/** A model stored in OPFS (the "local folder" source): its id, files and size. */
export interface LocalModel {
  modelId: string;
  files: string[];
  bytes: number;
}

export interface ModelImportProgress {
  /** Bytes copied so far / in all. */
  done: number;
  total: number;
  /** The model being copied. */
  modelId: string;
}

export interface ModelImportResult {
  /** The models copied by this import. */
  imported: Array<{ modelId: string; files: number; bytes: number }>;
  /** Files of the folder left out (hidden files, other weight formats…). */
  ignored: number;
  /** Every model now stored. */
  stored: LocalModel[];
}
