// Reads a Sieve pack from any source of its files (pure: a folder in Node, a URL, an archive):
// the manifest, then the documents, keyword index and vectors that searching needs, each checked
// against its size and hash; chunk records are read one shard at a time, when asked for.

import { errorMessage } from '../errors';
import type { KeywordSnapshot } from '../keyword/keyword-snapshot';
import {
  MANIFEST_FILE,
  PackError,
  readManifest,
  shardOfRow,
  shardsOf,
  type PackManifest,
  type PackShard,
} from './pack-manifest';
import {
  decodeChunks,
  decodeDocuments,
  decodeExact,
  decodeKeywords,
  decodeVectors,
  sha256Hex,
  type PackChunk,
  type PackDocument,
} from './pack-shards';

/** Where a pack's files come from. `onBytes` reports bytes received so far of this file. */
export interface PackSource {
  /** The pack's location, for messages. */
  readonly label: string;
  read(file: string, onBytes?: (loaded: number) => void): Promise<Uint8Array>;
}

/** Bytes of the files `open` reads, received so far of `total`. */
export interface PackLoadProgress {
  loaded: number;
  total: number;
}

export interface PackVectorData {
  dimension: number;
  codes: Int8Array;
  scales: Float32Array;
  /** float32 rows, when the pack has them. */
  exact?: Float32Array;
}

/** A shard's bytes, checked against the manifest's size and hash. */
async function readShard(
  source: PackSource,
  shard: PackShard,
  onBytes?: (loaded: number) => void,
): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await source.read(shard.file, onBytes);
  } catch (error) {
    if (error instanceof PackError) throw error;
    throw new PackError(
      `The pack is incomplete: ${shard.file} could not be read (${errorMessage(error)}).`,
    );
  }
  if (bytes.length !== shard.bytes) {
    throw new PackError(
      `The pack is damaged or truncated: ${shard.file} has ${bytes.length} bytes, not ${shard.bytes}.`,
    );
  }
  if ((await sha256Hex(bytes)) !== shard.sha256) {
    throw new PackError(`The pack is damaged: ${shard.file} does not match its hash.`);
  }
  return bytes;
}

/** The manifest of the pack at `source`. */
export async function readPackManifest(source: PackSource): Promise<PackManifest> {
  let bytes: Uint8Array;
  try {
    bytes = await source.read(MANIFEST_FILE);
  } catch (error) {
    if (error instanceof PackError) throw error;
    throw new PackError(
      `No Sieve pack at ${source.label}: its manifest.json could not be read (${errorMessage(error)}).`,
    );
  }
  return readManifest(new TextDecoder().decode(bytes));
}

export class OpenedPack {
  readonly #chunkShards = new Map<string, Promise<PackChunk[]>>();
  /** Document index of each row's first row, ascending, for row → document lookups. */
  readonly #firstRows: Uint32Array;

  private constructor(
    readonly source: PackSource,
    readonly manifest: PackManifest,
    readonly documents: readonly PackDocument[],
    readonly keywords: KeywordSnapshot,
    readonly vectors: PackVectorData,
  ) {
    this.#firstRows = Uint32Array.from(documents, (d) => d.firstRow);
  }

  /**
   * Reads and checks everything a search needs (not the chunk texts). `exact: false` skips the
   * float32 rows of a pack that has them.
   */
  static async open(
    source: PackSource,
    options: { exact?: boolean; onProgress?: (p: PackLoadProgress) => void } = {},
  ): Promise<OpenedPack> {
    const manifest = await readPackManifest(source);
    const wantExact = options.exact !== false && manifest.vectors.exact !== null;
    const needed = manifest.shards.filter(
      (s) => s.kind !== 'chunks' && (s.kind !== 'exact' || wantExact),
    );
    const total = needed.reduce((n, s) => n + s.bytes, 0);
    const received = new Map<string, number>();
    const report = () => {
      let loaded = 0;
      for (const n of received.values()) loaded += n;
      options.onProgress?.({ loaded, total });
    };
    const read = async (shard: PackShard) => {
      const bytes = await readShard(source, shard, (n) => {
        received.set(shard.file, n);
        report();
      });
      received.set(shard.file, shard.bytes);
      report();
      return bytes;
    };
    const [documentsShard] = shardsOf(manifest, 'documents');
    const [keywordsShard] = shardsOf(manifest, 'keywords');
    const documents = decodeDocuments(
      await read(documentsShard!),
      documentsShard!,
      manifest.chunks,
    );
    const keywords = decodeKeywords(await read(keywordsShard!), keywordsShard!);
    if (
      keywords.rowLengths.length !== manifest.chunks ||
      keywords.docIds.length !== documents.length
    ) {
      throw new PackError(`The pack is damaged: its keyword index does not match its documents.`);
    }
    const vectors = await OpenedPack.#readVectors(manifest, read, wantExact);
    return new OpenedPack(source, manifest, documents, keywords, vectors);
  }

  static async #readVectors(
    manifest: PackManifest,
    read: (shard: PackShard) => Promise<Uint8Array>,
    exact: boolean,
  ): Promise<PackVectorData> {
    const dimension = manifest.embedding.dimension;
    const rows = manifest.chunks;
    const data: PackVectorData = {
      dimension,
      codes: new Int8Array(rows * dimension),
      scales: new Float32Array(rows),
      ...(exact ? { exact: new Float32Array(rows * dimension) } : {}),
    };
    for (const shard of shardsOf(manifest, 'vectors')) {
      const { codes, scales } = decodeVectors(await read(shard), shard, dimension);
      data.codes.set(codes, shard.rows![0] * dimension);
      data.scales.set(scales, shard.rows![0]);
    }
    if (data.exact) {
      for (const shard of shardsOf(manifest, 'exact')) {
        data.exact.set(
          decodeExact(await read(shard), shard, dimension),
          shard.rows![0] * dimension,
        );
      }
    }
    return data;
  }

  /** Index of the document that holds chunk `row`. */
  documentOfRow(row: number): number {
    let lo = 0;
    let hi = this.#firstRows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#firstRows[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The chunk record of `row` (its shard is read and checked once, then kept). */
  async chunk(row: number): Promise<PackChunk> {
    if (!Number.isInteger(row) || row < 0 || row >= this.manifest.chunks) {
      throw new RangeError(`No chunk row ${row} in this pack`);
    }
    const shard = shardOfRow(this.manifest, 'chunks', row);
    return (await this.#chunkShard(shard))[row - shard.rows![0]]!;
  }

  /** Every chunk record of document `doc`, in order. */
  async documentChunks(doc: number): Promise<PackChunk[]> {
    const d = this.documents[doc];
    if (!d) throw new RangeError(`No document ${doc} in this pack`);
    const rows = Array.from({ length: d.chunks }, (_, i) => d.firstRow + i);
    return Promise.all(rows.map((row) => this.chunk(row)));
  }

  #chunkShard(shard: PackShard): Promise<PackChunk[]> {
    let loading = this.#chunkShards.get(shard.file);
    if (!loading) {
      loading = readShard(this.source, shard).then((bytes) =>
        decodeChunks(bytes, shard, this.documents.length),
      );
      // A failed read (offline, say) is tried again next time.
      loading.catch(() => this.#chunkShards.delete(shard.file));
      this.#chunkShards.set(shard.file, loading);
    }
    return loading;
  }

  /** Rows as the vector index takes them: the exact rows, or the int8 codes × their scales. */
  rowsOf(doc: number): Float32Array {
    const d = this.documents[doc]!;
    const dim = this.vectors.dimension;
    const from = d.firstRow * dim;
    const to = (d.firstRow + d.chunks) * dim;
    if (this.vectors.exact) return this.vectors.exact.subarray(from, to);
    const rows = new Float32Array(to - from);
    for (let i = 0; i < rows.length; i++) {
      rows[i] =
        this.vectors.codes[from + i]! * this.vectors.scales[d.firstRow + Math.floor(i / dim)]!;
    }
    return rows;
  }

  /** A document's int8 codes and scales. */
  int8Of(doc: number): { codes: Int8Array; scales: Float32Array } {
    const d = this.documents[doc]!;
    const dim = this.vectors.dimension;
    return {
      codes: this.vectors.codes.subarray(d.firstRow * dim, (d.firstRow + d.chunks) * dim),
      scales: this.vectors.scales.subarray(d.firstRow, d.firstRow + d.chunks),
    };
  }
}

/**
 * A document's text as the pack holds it: its chunks laid at their offsets (text between chunks
 * that no chunk holds, usually blank lines, becomes line breaks).
 */
export function documentText(chunks: readonly PackChunk[]): string {
  const length = chunks.reduce((n, c) => Math.max(n, c.end), 0);
  const parts: string[] = [];
  let at = 0;
  for (const c of [...chunks].sort((a, b) => a.start - b.start)) {
    if (c.end <= at) continue;
    if (c.start > at) parts.push('\n'.repeat(c.start - at));
    parts.push(c.text.slice(Math.max(0, at - c.start)));
    at = c.end;
  }
  if (at < length) parts.push('\n'.repeat(length - at));
  return parts.join('');
}
