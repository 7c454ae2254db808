// Builds the in-memory vector index the settings ask for (embedder worker or Node): the WASM
// SIMD flat scan in f32 or int8 with exact rescoring, or the voy-search baseline.

import type { IndexBackend } from '../../core/types/library';
import type { VectorIndex } from '../../core/vector-index';
import { createVectorIndex } from './flat-index';
import { initVoy } from './voy-index/voy-wasm';
import { VOY_MAX_DIMENSION, VoyIndex } from './voy-index/voy-index';

export interface BuiltIndex {
  index: VectorIndex;
  /** What searches, in words, for the model status. */
  description: string;
}

export async function buildIndex(backend: IndexBackend, dimension: number): Promise<BuiltIndex> {
  if (backend === 'voy') {
    await initVoy();
    const indexDimension = Math.min(dimension, VOY_MAX_DIMENSION);
    const cut =
      indexDimension < dimension ? `, vectors cut to ${indexDimension} dims and re-normalised` : '';
    return {
      index: new VoyIndex(dimension, { indexDimension }),
      description: `voy-search k-d tree (a measured baseline: slower, no native scores${cut}).`,
    };
  }
  const quantization = backend === 'flat-int8' ? 'int8' : 'none';
  const { index, engine } = createVectorIndex(dimension, { quantization });
  if (engine === 'js')
    return { index, description: 'exact flat scan in plain JavaScript (no WASM SIMD here).' };
  const scan =
    quantization === 'int8' ? 'int8 first pass with exact f32 rescoring' : 'exact f32 scan';
  return { index, description: `WebAssembly SIMD flat index, ${scan}.` };
}
