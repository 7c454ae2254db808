// Loads voy-search 0.6.3 without WASM-ESM support: imports its wasm-bindgen glue
// (voy_search_bg.js) and instantiates voy_search_bg.wasm ourselves with the glue as its imports,
// so Node (vitest, tsx) and Vite need no flag or plugin. Runs in a worker, a page or Node.
import type * as NodeFs from 'node:fs/promises';
import type * as NodeModule from 'node:module';
import * as glue from 'voy-search/voy_search_bg.js';

export type { Voy, EmbeddedResource, Resource } from 'voy-search';

/** The wasm bytes, a (promised) fetch Response for them, or their URL. */
export type VoyWasmSource = BufferSource | Response | PromiseLike<Response> | URL | string;

/** The glue, once its wasm is installed. */
export type VoyApi = typeof glue;

// The glue keeps one wasm instance in module state, so there is exactly one per JS realm.
let loading: Promise<VoyApi> | undefined;
let memory: WebAssembly.Memory | undefined;

const nodeVersion = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions
  ?.node;

/** Node: the file from node_modules; elsewhere: the URL Vite gives the asset. */
async function defaultSource(): Promise<VoyWasmSource> {
  if (nodeVersion) {
    // Variable specifiers keep bundlers from pulling Node built-ins into a browser build.
    const fsName = 'node:fs/promises';
    const moduleName = 'node:module';
    const fs = (await import(/* @vite-ignore */ fsName)) as typeof NodeFs;
    const nodeModule = (await import(/* @vite-ignore */ moduleName)) as typeof NodeModule;
    const path = nodeModule.createRequire(import.meta.url).resolve('voy-search/voy_search_bg.wasm');
    return fs.readFile(path);
  }
  const { default: url } = await import('voy-search/voy_search_bg.wasm?url');
  return url;
}

async function instantiate(source: VoyWasmSource | undefined): Promise<VoyApi> {
  let input = await (source ?? defaultSource());
  if (typeof input === 'string' || input instanceof URL) input = await fetch(input);
  const bytes = input instanceof Response ? await input.arrayBuffer() : input;
  const { instance } = await WebAssembly.instantiate(bytes, { './voy_search_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  memory = instance.exports.memory as WebAssembly.Memory;
  return glue;
}

/**
 * Instantiates voy's wasm once per realm (later calls return the same promise; a failed load
 * may be retried). `source` overrides where the bytes come from.
 */
export function initVoy(source?: VoyWasmSource): Promise<VoyApi> {
  loading ??= instantiate(source).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** The glue if `initVoy` has finished, else null. */
export function voyApi(): VoyApi | null {
  return memory ? glue : null;
}

/** Bytes of voy's WebAssembly memory so far (it only grows); 0 before `initVoy`. */
export function voyMemoryBytes(): number {
  return memory?.buffer.byteLength ?? 0;
}
