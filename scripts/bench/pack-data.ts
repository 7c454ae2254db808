// Inputs of `npm run bench:pack` (Node), exported for its Chromium part too: a folder of generated
// text and Markdown files to pack, and a synthetic pack of N chunks built with buildPack from
// realistic chunk texts and unit vectors (a pack's size does not depend on the model's weights).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPack, type BuiltPack, type PackDocumentInput } from '../../src/core/pack/pack-build';
import { QUERY_TEMPLATE } from '../../src/core/pack/pack-manifest';
import { INSTRUCTION_PRESETS } from '../../src/core/instructions';
import { QWEN3_EMBEDDING_MODEL_ID } from '../../src/core/qwen3-embedding';
import { truncateAndNormalize } from '../../src/core/vectors';
import { rng } from './corpus';
import { makeDocument } from './ingest-docs';

/** Writes `files` documents (alternately .md and .txt, 2–8 KB) into `dir`; returns their bytes. */
export function makeBenchFolder(dir: string, files: number): number {
  let bytes = 0;
  for (let i = 0; i < files; i++) {
    const format = i % 2 === 0 ? 'markdown' : 'text';
    const sub = join(dir, `part-${Math.floor(i / 50)}`);
    mkdirSync(sub, { recursive: true });
    const content = makeDocument(format, 1000 + i, 2048 + ((i * 997) % 6144));
    writeFileSync(join(sub, `doc-${i}.${format === 'markdown' ? 'md' : 'txt'}`), content);
    bytes += content.length;
  }
  return bytes;
}

/** Characters per synthetic chunk: about 400 Qwen3 tokens of English, a typical 512-token chunk. */
export const SYNTHETIC_CHUNK_CHARS = 1800;
const CHUNKS_PER_DOCUMENT = 20;
export const FULL_DIMENSION = 1024;

/** Unit vectors of FULL_DIMENSION, deterministic; cut to `dimension` as Matryoshka does. */
function unitVectors(rows: number, dimension: number, seed: number): Float32Array {
  const next = rng(seed);
  const out = new Float32Array(rows * dimension);
  const full = new Float32Array(FULL_DIMENSION);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < FULL_DIMENSION; i++) full[i] = next() * 2 - 1;
    out.set(truncateAndNormalize(full, dimension), r * dimension);
  }
  return out;
}

/** Documents of CHUNKS_PER_DOCUMENT prose chunks each, `chunks` in all. */
export function syntheticDocuments(chunks: number, dimension: number): PackDocumentInput[] {
  const documents: PackDocumentInput[] = [];
  const decoder = new TextDecoder();
  for (let doc = 0, row = 0; row < chunks; doc++) {
    const count = Math.min(CHUNKS_PER_DOCUMENT, chunks - row);
    const text = decoder.decode(makeDocument('text', doc, count * SYNTHETIC_CHUNK_CHARS + 200));
    const docChunks = [];
    let at = 0;
    for (let c = 0; c < count; c++) {
      // Cut at a space near the target length, as the chunker cuts at boundaries.
      const end = Math.max(at + 1, text.lastIndexOf(' ', at + SYNTHETIC_CHUNK_CHARS) + 1);
      const piece = text.slice(at, end);
      docChunks.push({ start: at, end, text: piece, headings: [`Section ${c + 1}`] });
      at = end;
    }
    documents.push({
      id: doc.toString(16).padStart(32, '0'),
      name: `doc-${doc}.md`,
      path: `bench/doc-${doc}.md`,
      format: 'markdown',
      size: at,
      tokenCount: count * 400,
      chunks: docChunks,
      vectors: unitVectors(count, dimension, doc + 1),
    });
    row += count;
  }
  return documents;
}

/** A pack of `chunks` synthetic chunks (10,000 for the size table and the Chromium open test). */
export function buildSyntheticPack(
  chunks: number,
  dimension: number,
  int8Only: boolean,
): Promise<BuiltPack> {
  return buildPack({
    title: `Synthetic ${chunks}-chunk pack`,
    generator: 'sieve bench:pack',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    embedding: {
      modelId: QWEN3_EMBEDDING_MODEL_ID,
      dtype: 'fp32',
      dimension,
      fullDimension: FULL_DIMENSION,
      queryTemplate: QUERY_TEMPLATE,
      instruction: INSTRUCTION_PRESETS.general.text,
    },
    chunking: {
      tokenizer: QWEN3_EMBEDDING_MODEL_ID,
      maxTokens: 511,
      overlapTokens: 48,
      headingContext: true,
    },
    documents: syntheticDocuments(chunks, dimension),
    int8Only,
  });
}
