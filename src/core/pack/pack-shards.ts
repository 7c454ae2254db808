// The contents of a pack's shards (pure): the document list and chunk records as JSON, vectors
// (int8 codes + per-row scales, optional float32 rows) and the keyword index as binary shards.
// Every decoder checks what it reads against the manifest and throws a PackError when it differs.

import type { KeywordSnapshot } from '../keyword/keyword-snapshot';
import { KEYWORD_SNAPSHOT_VERSION, snapshotProblem } from '../keyword/keyword-snapshot';
import { arrayOf, decodeBinaryShard, encodeBinaryShard } from './binary-shard';
import { PackError, type PackShard } from './pack-manifest';

/** A document of the pack; its chunks are rows [firstRow, firstRow + chunks). */
export interface PackDocument {
  /** Content hash of the original file. */
  id: string;
  name: string;
  /** Path within the packed folder ('/'-separated). */
  path: string;
  format?: string;
  pages?: number;
  size: number;
  tokenCount: number;
  chunks: number;
  firstRow: number;
}

/** One chunk: its text, where it is in its document, and its location there. */
export interface PackChunk {
  /** Index of its document in the document list. */
  doc: number;
  /** [start, end) of the chunk in the document's extracted text. */
  start: number;
  end: number;
  /** Untrusted document text: render as text only. */
  text: string;
  page?: number;
  headings?: string[];
}

export interface PackVectorRows {
  codes: Int8Array;
  scales: Float32Array;
}

const damaged = (file: string, why: string) =>
  new PackError(`The pack is damaged: ${file} ${why}.`);

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function parseJson(bytes: Uint8Array, file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw damaged(file, 'is not JSON');
}

export const encodeDocuments = (documents: readonly PackDocument[]) => json({ documents });

/** The document list, checked to tile `chunks` rows in order. */
export function decodeDocuments(bytes: Uint8Array, shard: PackShard, chunks: number) {
  const { documents } = parseJson(bytes, shard.file);
  if (!Array.isArray(documents)) throw damaged(shard.file, 'has no document list');
  let next = 0;
  for (const d of documents as PackDocument[]) {
    const valid =
      typeof d?.id === 'string' &&
      typeof d.name === 'string' &&
      typeof d.path === 'string' &&
      Number.isSafeInteger(d.chunks) &&
      d.chunks >= 0 &&
      d.firstRow === next;
    if (!valid) throw damaged(shard.file, 'lists a document wrongly');
    next += d.chunks;
  }
  if (next !== chunks) throw damaged(shard.file, `covers ${next} chunks, not ${chunks}`);
  return documents as PackDocument[];
}

export const encodeChunks = (chunks: readonly PackChunk[]) => json({ chunks });

/** The chunk records of a shard, checked against its row range and the document count. */
export function decodeChunks(bytes: Uint8Array, shard: PackShard, documents: number): PackChunk[] {
  const { chunks } = parseJson(bytes, shard.file);
  const [from, to] = shard.rows ?? [0, 0];
  if (!Array.isArray(chunks) || chunks.length !== to - from) {
    throw damaged(shard.file, `does not hold rows ${from}–${to}`);
  }
  for (const c of chunks as PackChunk[]) {
    const valid =
      typeof c?.text === 'string' &&
      Number.isSafeInteger(c.doc) &&
      c.doc >= 0 &&
      c.doc < documents &&
      Number.isSafeInteger(c.start) &&
      c.start >= 0 &&
      Number.isSafeInteger(c.end) &&
      c.end - c.start === c.text.length;
    if (!valid) throw damaged(shard.file, 'holds a chunk record that is not valid');
  }
  return chunks as PackChunk[];
}

export const encodeVectors = (rows: PackVectorRows) =>
  encodeBinaryShard({ scales: rows.scales, codes: rows.codes });

/** int8 codes and scales of a vector shard's rows. */
export function decodeVectors(bytes: Uint8Array, shard: PackShard, dimension: number) {
  const decoded = decodeBinaryShard(bytes, shard.file);
  const scales = arrayOf(decoded, 'scales', 'f32', shard.file);
  const codes = arrayOf(decoded, 'codes', 'i8', shard.file);
  const rows = (shard.rows?.[1] ?? 0) - (shard.rows?.[0] ?? 0);
  if (scales.length !== rows || codes.length !== rows * dimension) {
    throw damaged(shard.file, `does not hold ${rows} rows of ${dimension} dims`);
  }
  return { codes, scales };
}

export const encodeExact = (rows: Float32Array) => encodeBinaryShard({ rows });

/** float32 rows of an exact shard. */
export function decodeExact(bytes: Uint8Array, shard: PackShard, dimension: number) {
  const rows = arrayOf(decodeBinaryShard(bytes, shard.file), 'rows', 'f32', shard.file);
  const expected = ((shard.rows?.[1] ?? 0) - (shard.rows?.[0] ?? 0)) * dimension;
  if (rows.length !== expected) throw damaged(shard.file, `does not hold ${expected} values`);
  return rows;
}

export const encodeKeywords = (s: KeywordSnapshot) =>
  encodeBinaryShard(
    {
      docChunks: s.docChunks,
      rowLengths: s.rowLengths,
      termEnds: s.termEnds,
      rows: s.rows,
      counts: s.counts,
    },
    { version: s.version, docIds: s.docIds, terms: s.terms },
  );

/** The keyword index snapshot, validated (postings in range and order). */
export function decodeKeywords(bytes: Uint8Array, shard: PackShard): KeywordSnapshot {
  const decoded = decodeBinaryShard(bytes, shard.file);
  const { version, docIds, terms } = decoded.fields;
  const file = shard.file;
  const snapshot: KeywordSnapshot = {
    version: typeof version === 'number' ? version : KEYWORD_SNAPSHOT_VERSION + 1,
    docIds: Array.isArray(docIds) ? docIds.map(String) : [],
    docChunks: arrayOf(decoded, 'docChunks', 'u32', file),
    rowLengths: arrayOf(decoded, 'rowLengths', 'u32', file),
    terms: typeof terms === 'string' ? terms : '',
    termEnds: arrayOf(decoded, 'termEnds', 'u32', file),
    rows: arrayOf(decoded, 'rows', 'u32', file),
    counts: arrayOf(decoded, 'counts', 'u16', file),
  };
  const problem = snapshotProblem(snapshot);
  if (problem) throw damaged(file, `holds a keyword index that is not valid (${problem})`);
  return snapshot;
}

/** SHA-256 of `bytes` as lowercase hex (Web Crypto: browsers, workers and Node ≥ 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const view = new Uint8Array(
    bytes.buffer,
    bytes.byteOffset,
    bytes.byteLength,
  ) as Uint8Array<ArrayBuffer>;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', view));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
