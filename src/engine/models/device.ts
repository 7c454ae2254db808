// Feature detection and backend/dtype choice: the one place that decides where a model runs
// (WebGPU or WASM) and in which precision, and records why. Runs in the model workers.
// Why the choices: dynamic-int8 (q8) graphs run mostly on the CPU under WebGPU (ONNX Runtime
// falls back to the CPU for their dynamic-quantization ops); f16 dtypes need the adapter's
// `shader-f16` feature (transformers.js throws without it); a failed f16 session poisons every
// later WebGPU session in the page.

import type {
  Backend,
  BackendPreference,
  Dtype,
  DtypePreference,
  GpuReport,
} from '../../core/types/models';
import { errorMessage } from '../../core/errors';

export interface DevicePlan {
  backend: Backend;
  dtype: Dtype;
  /** Human-readable reasons for the choice, shown in the UI. */
  reasons: string[];
}

const F16_DTYPES: readonly Dtype[] = ['fp16', 'q4f16'];

/** Preferred dtypes per backend, best first. */
/** Backends, with WebGPU split by whether the adapter has f16 arithmetic. */
type Tier = 'webgpu-f16' | Backend;

const PREFERENCE: Record<Tier, readonly Dtype[]> = {
  'webgpu-f16': ['fp16', 'q4f16', 'q4', 'fp32'],
  webgpu: ['q4', 'fp32'],
  wasm: ['q8', 'q4', 'fp32'],
};

export async function detectGpu(
  gpu: GPU | undefined = globalThis.navigator?.gpu,
): Promise<GpuReport> {
  if (!gpu)
    return {
      available: false,
      detail: 'This browser has no WebGPU (navigator.gpu is missing).',
      shaderF16: false,
    };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return {
      available: false,
      detail: `WebGPU adapter request failed: ${String(error)}`,
      shaderF16: false,
    };
  }
  if (!adapter) {
    return {
      available: false,
      detail: 'No WebGPU adapter is available (disabled or blocklisted GPU).',
      shaderF16: false,
    };
  }
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const legacy = adapter as GPUAdapter & { isFallbackAdapter?: boolean };
  const isFallbackAdapter = Boolean(info.isFallbackAdapter ?? legacy.isFallbackAdapter);
  const shaderF16 = adapter.features.has('shader-f16');
  const name = [info.vendor, info.architecture].filter(Boolean).join(' ') || 'unknown GPU';
  return {
    available: true,
    detail: `WebGPU adapter: ${name}${isFallbackAdapter ? ' (software fallback adapter)' : ''}, shader-f16 ${shaderF16 ? 'yes' : 'no'}.`,
    vendor: info.vendor,
    architecture: info.architecture,
    isFallbackAdapter,
    shaderF16,
  };
}

function pickDtype(order: readonly Dtype[], available: readonly Dtype[]): Dtype | undefined {
  return order.find((d) => available.includes(d));
}

/** Chooses backend and dtype from what the device offers and what the model repo ships. */
export function planDevice(
  gpu: GpuReport,
  available: readonly Dtype[],
  preference: { backend: BackendPreference; dtype: DtypePreference },
): DevicePlan {
  const reasons: string[] = [gpu.detail];
  let backend: Backend = 'wasm';
  if (preference.backend === 'wasm') {
    reasons.push('WASM was selected in the settings.');
  } else if (!gpu.available) {
    reasons.push('Using WASM.');
  } else if (gpu.isFallbackAdapter && preference.backend === 'auto') {
    // Measured with `npm run bench:embed`: SwiftShader WebGPU embeds 35-45x slower than WASM.
    reasons.push(
      'This is a software adapter, much slower than WASM: using WASM (WebGPU can be forced in the settings).',
    );
  } else {
    backend = 'webgpu';
    if (gpu.isFallbackAdapter) {
      reasons.push('This is a software adapter: expect it to be slower than WASM.');
    }
  }
  const tier = backend === 'wasm' ? 'wasm' : gpu.shaderF16 ? 'webgpu-f16' : 'webgpu';
  let dtype: Dtype | undefined;
  if (preference.dtype !== 'auto') {
    const wanted = preference.dtype;
    if (!available.includes(wanted)) {
      reasons.push(`This model has no ${wanted} weights.`);
    } else if (backend === 'webgpu' && F16_DTYPES.includes(wanted) && !gpu.shaderF16) {
      reasons.push(`${wanted} needs the shader-f16 GPU feature, which this adapter lacks.`);
    } else {
      dtype = wanted;
      reasons.push(`${wanted} was selected in the settings.`);
    }
  }
  if (!dtype) {
    dtype = pickDtype(PREFERENCE[tier], available);
    if (!dtype)
      throw new Error(
        `The model offers none of the dtypes this device can run (${available.join(', ')}).`,
      );
    reasons.push(`Chose ${dtype}: ${DTYPE_REASON[tier]}`);
  }
  return { backend, dtype, reasons };
}

const DTYPE_REASON: Record<Tier, string> = {
  'webgpu-f16': 'the GPU supports f16 arithmetic.',
  webgpu: 'without shader-f16, 4-bit weights run on the GPU (8-bit ones would run on the CPU).',
  wasm: '8-bit weights are the fastest on the CPU.',
};

/** WebGPU ran but is not to be used (its self-check failed); the message says why in full. */
export class WebGpuRejectedError extends Error {
  override name = 'WebGpuRejectedError';
}

/** The plan after WebGPU failed at load or warm-up time, or was rejected (`failure` says why). */
export function wasmFallbackPlan(
  available: readonly Dtype[],
  failure: string,
  explained = false,
): DevicePlan {
  const dtype = pickDtype(PREFERENCE.wasm, available);
  if (!dtype) throw new Error(`No WASM-compatible dtype in ${available.join(', ')}`);
  return {
    backend: 'wasm',
    dtype,
    reasons: [
      explained ? failure : `WebGPU failed (${failure}); fell back to WASM.`,
      `Chose ${dtype} for WASM.`,
    ],
  };
}

/**
 * Runs `load` with `plan`; if WebGPU fails at load or warm-up, runs it again on WASM and the
 * returned plan says why. Errors on WASM propagate.
 */
export async function withWasmFallback<T>(
  plan: DevicePlan,
  available: readonly Dtype[],
  load: (plan: DevicePlan) => Promise<T>,
  /** Failures that WASM cannot fix (e.g. missing model files) are not retried. */
  retryable: (error: unknown) => boolean = () => true,
): Promise<T> {
  try {
    return await load(plan);
  } catch (error) {
    if (plan.backend !== 'webgpu' || !retryable(error)) throw error;
    const explained = error instanceof WebGpuRejectedError;
    return await load(wasmFallbackPlan(available, errorMessage(error), explained));
  }
}
