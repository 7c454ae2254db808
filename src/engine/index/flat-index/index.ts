// Creates the fastest vector index this runtime supports: the WebAssembly SIMD flat index, or
// core's plain-JS ExactCosineIndex where SIMD (or WebAssembly at all) is unavailable. Runs in the
// index worker or Node.
import { ExactCosineIndex, type VectorIndex } from '../../../core/vector-index';
import { kernelModule } from './kernel';
import { WasmFlatIndex, type WasmFlatIndexOptions } from './wasm-flat-index';

export { WasmFlatIndex, type Quantization, type WasmFlatIndexOptions } from './wasm-flat-index';

export type VectorEngine = 'wasm-simd' | 'js';

export interface CreatedVectorIndex {
  index: VectorIndex;
  engine: VectorEngine;
}

/** Whether WasmFlatIndex can run here; the answer is computed once and cached. */
export function wasmSimdSupported(): boolean {
  return kernelModule() !== null;
}

/**
 * A vector index of `dimension`. The JS fallback ignores `quantization`: it always scans exact
 * floats, so results stay exact, only slower.
 */
export function createVectorIndex(
  dimension: number,
  options: WasmFlatIndexOptions = {},
): CreatedVectorIndex {
  if (wasmSimdSupported()) {
    return { index: new WasmFlatIndex(dimension, options), engine: 'wasm-simd' };
  }
  return { index: new ExactCosineIndex(dimension), engine: 'js' };
}
