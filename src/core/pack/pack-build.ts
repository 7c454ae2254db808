// Writes a Sieve pack from documents, their chunks and vectors (pure; the browser's export and
// the Node CLI both call it): the keyword index is built here with the app's analyzer, vectors
// are quantised to int8 (float32 rows kept unless int8-only), and every shard is content-hashed.

import { ANALYZER_ID } from '../keyword/analyzer';
import { LUCENE_BM25 } from '../keyword/bm25';
import { KeywordIndex } from '../keyword/keyword-index';
import { keywordDocument } from '../keyword/keyword-document';
import { quantizeRowsInt8 } from '../int8';
import { embeddingInput } from '../section-chunks';
import {
  MANIFEST_FILE,
  PACK_FORMAT,
  PACK_VERSION,
  PackError,
  type PackChunking,
  type PackEmbedding,
  type PackManifest,
  type PackShard,
  type ShardKind,
} from './pack-manifest';
import {
  encodeChunks,
  encodeDocuments,
  encodeExact,
  encodeKeywords,
  encodeVectors,
  sha256Hex,
  type PackChunk,
  type PackDocument,
} from './pack-shards';

/** Rows per vector shard (1 MiB of int8 codes at 256 dims, 4 MiB at 1024). */
export const VECTOR_SHARD_ROWS = 4096;
/** Rows per chunk-record shard: a search fetches the few shards its hits are in. */
export const CHUNK_SHARD_ROWS = 256;

export interface PackDocumentInput extends Omit<PackDocument, 'chunks' | 'firstRow'> {
  chunks: Array<Omit<PackChunk, 'doc'>>;
  /** chunks.length × dimension unit vectors, row-major. */
  vectors: Float32Array;
}

export interface PackBuildInput {
  title: string;
  generator: string;
  embedding: Omit<PackEmbedding, 'pooling' | 'normalized'>;
  chunking: PackChunking;
  documents: readonly PackDocumentInput[];
  /** Leave out the float32 rows: about 4× smaller, ranking from int8 codes alone. */
  int8Only?: boolean;
  createdAt?: Date;
}

export interface PackFile {
  name: string;
  bytes: Uint8Array;
}

export interface BuiltPack {
  manifest: PackManifest;
  /** The shards, then manifest.json. */
  files: PackFile[];
}

const EXTENSION: Record<ShardKind, string> = {
  documents: 'json',
  chunks: 'json',
  vectors: 'bin',
  exact: 'bin',
  keywords: 'bin',
};

async function shardFile(
  kind: ShardKind,
  bytes: Uint8Array,
  rows?: [number, number],
): Promise<{ shard: PackShard; file: PackFile }> {
  const sha256 = await sha256Hex(bytes);
  const file = `${kind}.${sha256.slice(0, 16)}.${EXTENSION[kind]}`;
  return {
    shard: { kind, file, bytes: bytes.length, sha256, ...(rows ? { rows } : {}) },
    file: { name: file, bytes },
  };
}

/** Rows [from, to) of `vectors` (every document's, concatenated). */
function concatenated(documents: readonly PackDocumentInput[], dimension: number): Float32Array {
  const total = documents.reduce((n, d) => n + d.chunks.length, 0);
  const all = new Float32Array(total * dimension);
  let at = 0;
  for (const d of documents) {
    if (d.vectors.length !== d.chunks.length * dimension) {
      throw new PackError(
        `${d.path} has ${d.vectors.length / dimension} vectors for ${d.chunks.length} chunks of ${dimension} dims.`,
      );
    }
    all.set(d.vectors, at);
    at += d.vectors.length;
  }
  return all;
}

export async function buildPack(input: PackBuildInput): Promise<BuiltPack> {
  const dimension = input.embedding.dimension;
  const documents: PackDocument[] = [];
  const chunks: PackChunk[] = [];
  const keywordIndex = new KeywordIndex(LUCENE_BM25);
  for (const [doc, d] of input.documents.entries()) {
    const { chunks: docChunks, vectors: _vectors, ...record } = d;
    documents.push({ ...record, chunks: docChunks.length, firstRow: chunks.length });
    for (const c of docChunks) chunks.push({ doc, ...c });
    // The keyword index reads what the embedder read: the chunk behind its heading path.
    const inputs = docChunks.map((c) => embeddingInput(c.text, c));
    keywordIndex.add(String(doc), keywordDocument(inputs));
  }
  const vectors = concatenated(input.documents, dimension);
  const pieces: Array<{ shard: PackShard; file: PackFile }> = [];
  pieces.push(await shardFile('documents', encodeDocuments(documents)));
  const snapshot = keywordIndex.toSnapshot();
  pieces.push(await shardFile('keywords', encodeKeywords(snapshot)));
  for (let from = 0; from < chunks.length; from += CHUNK_SHARD_ROWS) {
    const to = Math.min(chunks.length, from + CHUNK_SHARD_ROWS);
    pieces.push(await shardFile('chunks', encodeChunks(chunks.slice(from, to)), [from, to]));
  }
  for (let from = 0; from < chunks.length; from += VECTOR_SHARD_ROWS) {
    const to = Math.min(chunks.length, from + VECTOR_SHARD_ROWS);
    const rows = vectors.subarray(from * dimension, to * dimension);
    pieces.push(
      await shardFile('vectors', encodeVectors(quantizeRowsInt8(rows, dimension)), [from, to]),
    );
    if (!input.int8Only) pieces.push(await shardFile('exact', encodeExact(rows), [from, to]));
  }
  const stats = keywordIndex.stats();
  const manifest: PackManifest = {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    title: input.title,
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    generator: input.generator,
    documents: documents.length,
    chunks: chunks.length,
    embedding: { ...input.embedding, pooling: 'last-token', normalized: true },
    vectors: { codes: 'int8', exact: input.int8Only ? null : 'float32', endianness: 'little' },
    chunking: input.chunking,
    keywords: {
      analyzer: ANALYZER_ID,
      k1: LUCENE_BM25.k1,
      b: LUCENE_BM25.b,
      chunks: stats.chunks,
      averageLength: stats.averageLength,
      terms: stats.terms,
      postings: stats.postings,
    },
    shards: pieces.map((p) => p.shard),
  };
  const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n');
  return {
    manifest,
    files: [...pieces.map((p) => p.file), { name: MANIFEST_FILE, bytes: manifestBytes }],
  };
}

/** Bytes per shard kind (manifest included), for size reports. */
export function packSizes(manifest: PackManifest, manifestBytes: number): Record<string, number> {
  const sizes: Record<string, number> = { manifest: manifestBytes };
  for (const shard of manifest.shards) sizes[shard.kind] = (sizes[shard.kind] ?? 0) + shard.bytes;
  return sizes;
}
