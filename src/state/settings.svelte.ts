// User settings for the engine: model source, backend, dtype, dimension, chunk size and the limits
// on one file. Persisted in localStorage; URL parameters (`?models=fixtures&backend=wasm`) override
// them for one session.

import { QWEN3_EMBEDDING_MODEL_ID } from '../core/qwen3-embedding';
import { QWEN3_RERANKER_MODEL_ID } from '../core/qwen3-reranker';
import {
  DEFAULT_FILE_LIMITS,
  INDEX_BACKENDS,
  type EngineSettings,
  type IndexBackend,
} from '../core/types/library';
import {
  isBackendPreference,
  isDtypePreference,
  type BackendPreference,
  type DtypePreference,
  type ModelSettings,
  type ModelSource,
} from '../core/types/models';
import type { WasmThreadsVerdict } from '../core/wasm-threads';
import { downloadConsent } from './download-consent';

export const DEFAULT_EMBEDDING_MODEL = QWEN3_EMBEDDING_MODEL_ID;
export const DEFAULT_RERANKER_MODEL = QWEN3_RERANKER_MODEL_ID;
/** Where the dev/preview server serves the generated fixture models. */
export const FIXTURE_MODELS_PATH = 'fixture-models/';

export type SourceChoice = 'hub' | 'fixtures' | 'custom' | 'local';
/** What a model that cannot reach its source offers instead: a local folder or a mirror. */
export type AlternativeSource = Extract<SourceChoice, 'local' | 'custom'>;

interface StoredSettings {
  source: SourceChoice;
  customBaseUrl: string;
  backend: BackendPreference;
  dtype: DtypePreference;
  /** Matryoshka dimension; `null` keeps the model's full size. */
  dimension: number | null;
  indexBackend: IndexBackend;
  modelId: string;
  rerankerModelId: string;
  /** Tokens per chunk for newly indexed documents. */
  chunkTokens: number;
  /** Files above this size are refused with a message. */
  maxFileMegabytes: number;
  /** A DOCX that unpacks to more than this is refused (a zip bomb) before it is read. */
  maxUnpackedMegabytes: number;
  /** A file with more text than this (MB = 2^20 characters) is refused. */
  maxTextMegabytes: number;
  /** A file that would make more chunks than this is refused while it is chunked. */
  maxChunks: number;
}

export const CHUNK_TOKEN_CHOICES: readonly number[] = [128, 256, 384, 512];

/** A limit typed into a number field: a blank, zero or negative entry keeps the default. */
const limitOr = (value: number, fallback: number) =>
  Number.isFinite(value) && value > 0 ? value : fallback;

const MB = 2 ** 20;
const STORAGE_KEY = 'sieve:settings';
const DEFAULTS: StoredSettings = {
  source: 'hub',
  customBaseUrl: '',
  backend: 'auto',
  dtype: 'auto',
  dimension: null,
  indexBackend: 'flat-f32',
  modelId: DEFAULT_EMBEDDING_MODEL,
  rerankerModelId: DEFAULT_RERANKER_MODEL,
  chunkTokens: 512,
  maxFileMegabytes: DEFAULT_FILE_LIMITS.maxFileBytes / MB,
  maxUnpackedMegabytes: DEFAULT_FILE_LIMITS.maxUnpackedBytes / MB,
  maxTextMegabytes: DEFAULT_FILE_LIMITS.maxTextChars / MB,
  maxChunks: DEFAULT_FILE_LIMITS.maxChunks,
};

function readStored(): StoredSettings {
  try {
    return {
      ...DEFAULTS,
      ...(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<StoredSettings>),
    };
  } catch {
    return { ...DEFAULTS };
  }
}

function fromUrl(params: URLSearchParams): Partial<StoredSettings> {
  const out: Partial<StoredSettings> = {};
  const models = params.get('models');
  if (models === 'fixtures' || models === 'hub' || models === 'local') out.source = models;
  else if (models) Object.assign(out, { source: 'custom', customBaseUrl: models });
  const backend = params.get('backend');
  if (backend && isBackendPreference(backend)) out.backend = backend;
  const dtype = params.get('dtype');
  if (dtype && isDtypePreference(dtype)) out.dtype = dtype;
  const index = params.get('index');
  if (index && (INDEX_BACKENDS as readonly string[]).includes(index))
    out.indexBackend = index as IndexBackend;
  const reranker = params.get('reranker');
  if (reranker) out.rerankerModelId = reranker;
  const maxMegabytes = Number(params.get('maxmb'));
  if (maxMegabytes > 0) out.maxFileMegabytes = maxMegabytes;
  const chunkTokens = Number(params.get('chunk'));
  if (CHUNK_TOKEN_CHOICES.includes(chunkTokens)) out.chunkTokens = chunkTokens;
  const dimension = Number(params.get('dim'));
  if (Number.isInteger(dimension) && dimension > 0) out.dimension = dimension;
  return out;
}

export class SettingsState {
  source = $state<SourceChoice>('hub');
  customBaseUrl = $state('');
  backend = $state<BackendPreference>('auto');
  dtype = $state<DtypePreference>('auto');
  dimension = $state<number | null>(null);
  indexBackend = $state<IndexBackend>('flat-f32');
  modelId = $state(DEFAULT_EMBEDDING_MODEL);
  rerankerModelId = $state(DEFAULT_RERANKER_MODEL);
  chunkTokens = $state(DEFAULTS.chunkTokens);
  maxFileMegabytes = $state(DEFAULTS.maxFileMegabytes);
  maxUnpackedMegabytes = $state(DEFAULTS.maxUnpackedMegabytes);
  maxTextMegabytes = $state(DEFAULTS.maxTextMegabytes);
  maxChunks = $state(DEFAULTS.maxChunks);
  /** Test seam `?gpucheck=corrupt`, never stored: the WebGPU self-check sees corrupted outputs. */
  readonly gpuCheckFault: 'corrupt' | undefined;

  constructor(location: Location = window.location) {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- read once, never mutated
    const params = new URLSearchParams(location.search);
    Object.assign(this, readStored(), fromUrl(params));
    this.gpuCheckFault = params.get('gpucheck') === 'corrupt' ? 'corrupt' : undefined;
  }

  /** The WASM thread count for both model workers; set by `useWasmThreads` before they start. */
  wasmThreads = $state.raw<WasmThreadsVerdict | null>(null);

  useWasmThreads(verdict: WasmThreadsVerdict): void {
    this.wasmThreads = verdict;
  }

  /** The embedding model for this session (a pack names its own); saved only by `save`. */
  chooseModel(modelId: string): void {
    this.modelId = modelId;
  }

  /** Another model source, shown in the settings panel; applied and saved only on Apply. */
  chooseSource(source: SourceChoice): void {
    this.source = source;
  }

  #threads(): Pick<ModelSettings, 'wasmThreads' | 'wasmThreadsReason'> {
    const verdict = this.wasmThreads;
    return verdict ? { wasmThreads: verdict.threads, wasmThreadsReason: verdict.reason } : {};
  }

  modelSource(): ModelSource {
    if (this.source === 'fixtures') {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a one-off URL resolution
      return { kind: 'url', baseUrl: new URL(FIXTURE_MODELS_PATH, document.baseURI).href };
    }
    if (this.source === 'local') return { kind: 'local' };
    if (this.source === 'custom' && this.customBaseUrl)
      return { kind: 'url', baseUrl: this.customBaseUrl };
    return { kind: 'hub' };
  }

  engineSettings(): EngineSettings {
    return {
      modelId: this.modelId,
      source: this.modelSource(),
      backend: this.backend,
      dtype: this.dtype,
      dimension: this.dimension,
      indexBackend: this.indexBackend,
      maxFileBytes: Math.round(this.maxFileMegabytes * MB),
      maxUnpackedBytes: Math.round(
        limitOr(this.maxUnpackedMegabytes, DEFAULTS.maxUnpackedMegabytes) * MB,
      ),
      maxTextChars: Math.round(limitOr(this.maxTextMegabytes, DEFAULTS.maxTextMegabytes) * MB),
      maxChunks: Math.round(limitOr(this.maxChunks, DEFAULTS.maxChunks)),
      chunkTokens: this.chunkTokens,
      downloadAllowed: downloadConsent.has(this.modelSource(), this.modelId),
      ...this.#threads(),
      gpuCheckFault: this.gpuCheckFault,
    };
  }

  /** The reranker repo ships its own dtypes (q8, q4), so its precision is always automatic. */
  rerankerSettings(): ModelSettings {
    return {
      modelId: this.rerankerModelId,
      source: this.modelSource(),
      backend: this.backend,
      dtype: 'auto',
      downloadAllowed: downloadConsent.has(this.modelSource(), this.rerankerModelId),
      ...this.#threads(),
      gpuCheckFault: this.gpuCheckFault,
    };
  }

  save(): void {
    const stored: StoredSettings = {
      source: this.source,
      customBaseUrl: this.customBaseUrl,
      backend: this.backend,
      dtype: this.dtype,
      dimension: this.dimension,
      indexBackend: this.indexBackend,
      modelId: this.modelId,
      rerankerModelId: this.rerankerModelId,
      chunkTokens: this.chunkTokens,
      maxFileMegabytes: this.maxFileMegabytes,
      maxUnpackedMegabytes: this.maxUnpackedMegabytes,
      maxTextMegabytes: this.maxTextMegabytes,
      maxChunks: this.maxChunks,
    };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
  }
}
