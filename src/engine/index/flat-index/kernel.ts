// Loads the SIMD128 flat-scan kernel (kernel.wat, bytes in the generated kernel.wasm.ts) and types
// its exports. Runs wherever the index runs: a worker, the main thread or Node.
import { kernelBytes } from './kernel.wasm.ts';

/** The kernel's exports; every pointer is a byte offset into `memory`. */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  score_f32(query: number, rows: number, dim: number, count: number, out: number): void;
  gather_f32(
    query: number,
    rows: number,
    dim: number,
    ids: number,
    count: number,
    out: number,
  ): void;
  score_i8(
    query: number,
    queryScale: number,
    rows: number,
    scales: number,
    dim: number,
    count: number,
    out: number,
  ): void;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled kernel, or null where the runtime cannot run it. Validating the kernel itself
 * (under 1 KB) rather than a one-instruction probe also catches engines that shipped an early
 * SIMD draft without the extmul/extadd instructions it uses. Compiling can still throw where a
 * content security policy forbids WebAssembly, which also means "use the JS index".
 */
export function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled =
        typeof WebAssembly === 'object' && WebAssembly.validate(kernelBytes)
          ? new WebAssembly.Module(kernelBytes)
          : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** A fresh instance with its own memory; synchronous because the module is tiny and cached. */
export function instantiateKernel(): KernelExports {
  const module = kernelModule();
  if (!module) throw new Error('this runtime cannot run the WebAssembly SIMD128 kernel');
  return new WebAssembly.Instance(module).exports as unknown as KernelExports;
}
