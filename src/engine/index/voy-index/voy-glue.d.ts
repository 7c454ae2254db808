// Types for voy-search 0.6.3's wasm-bindgen glue (voy_search_bg.js), which the package ships
// without declarations: the same API as the package entry, plus the hook that installs the wasm.
declare module 'voy-search/voy_search_bg.js' {
  export * from 'voy-search';
  /** Installs an instantiated voy_search_bg.wasm's exports; every glue call goes through them. */
  export function __wbg_set_wasm(exports: WebAssembly.Exports): void;
}
