// Small packs for unit tests: documents with recognisable vectors and texts, and a pack folder
// held in memory.
import type { PackBuildInput, PackFile } from '../src/core/pack/pack-build';
import type { PackSource } from '../src/core/pack/pack-reader';

/** Unit vectors with a recognisable direction per (document, chunk). */
function vectorsFor(doc: number, chunks: number, dim: number): Float32Array {
  const v = new Float32Array(chunks * dim);
  for (let c = 0; c < chunks; c++) {
    for (let i = 0; i < dim; i++) v[c * dim + i] = Math.sin(doc * 7 + c * 3 + i * 0.37);
    let norm = 0;
    for (let i = 0; i < dim; i++) norm += v[c * dim + i]! ** 2;
    for (let i = 0; i < dim; i++) v[c * dim + i]! /= Math.sqrt(norm);
  }
  return v;
}

export function sampleInput(docs = 3, chunksPerDoc = 2, dim = 8): PackBuildInput {
  return {
    title: 'Test pack',
    generator: 'sieve test',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    embedding: {
      modelId: 'onnx-community/Qwen3-Embedding-0.6B-ONNX',
      dtype: 'fp32',
      dimension: dim,
      queryTemplate: 'Instruct: {instruction}\nQuery:{query}',
      instruction: 'Find passages',
    },
    chunking: { tokenizer: 'qwen3', maxTokens: 512, overlapTokens: 48, headingContext: true },
    documents: Array.from({ length: docs }, (_, d) => {
      const texts = Array.from(
        { length: chunksPerDoc },
        (_, c) => `Document ${d} chunk ${c} about ${d % 2 ? 'lighthouses' : 'glaciers'}.`,
      );
      let at = 0;
      return {
        id: `hash${d}`,
        name: `doc${d}.md`,
        path: `folder/doc${d}.md`,
        format: 'markdown',
        size: 100 + d,
        tokenCount: 10 * chunksPerDoc,
        chunks: texts.map((text, c) => {
          const start = at;
          at += text.length + 2;
          return { start, end: start + text.length, text, headings: [`Part ${c}`] };
        }),
        vectors: vectorsFor(d, chunksPerDoc, dim),
      };
    }),
  };
}

export function folderOf(
  files: readonly PackFile[],
): PackSource & { files: Map<string, Uint8Array> } {
  const map = new Map(files.map((f) => [f.name, f.bytes]));
  return {
    label: 'test folder',
    files: map,
    read: async (name) => {
      const bytes = map.get(name);
      if (!bytes) throw new Error(`no ${name}`);
      return bytes;
    },
  };
}
