// A flat (brute-force) VectorIndex whose rows live contiguously in WebAssembly memory, scanned by
// the SIMD128 kernel; optionally an int8 first pass then exact f32 rescoring of the candidates.
// Runs in the index worker (or Node); same semantics as core's ExactCosineIndex.
import { quantizeInt8 as quantize, type Int8Rows } from '../../../core/int8';
import type { VectorHit, VectorIndex } from '../../../core/vector-index';
import { instantiateKernel, type KernelExports } from './kernel';
import { selectTop } from './select';

export type Quantization = 'none' | 'int8';

export interface WasmFlatIndexOptions {
  /** 'int8' adds a 4× smaller copy of every row for a faster approximate first pass. */
  quantization?: Quantization;
  /** int8 only: rescore max(k × rescoreFactor, 64) candidates exactly (default 4). */
  rescoreFactor?: number;
}

const PAGE = 65536;
// One page short of 4 GiB so that no end pointer the kernel computes can wrap to zero.
const MAX_BYTES = 65535 * PAGE;
const MIN_CANDIDATES = 64;

/** Byte offsets of each region for a given row capacity; every region is 16-byte aligned. */
interface Layout {
  capacity: number;
  queryF32: number;
  queryI8: number;
  /** Scores for every row, then room for as many candidate row ids. */
  scratch: number;
  scales: number;
  codes: number;
  rows: number;
  end: number;
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

function layoutFor(dim: number, capacity: number, int8: boolean): Layout {
  const queryF32 = 0;
  const queryI8 = align16(queryF32 + dim * 4);
  const scratch = align16(queryI8 + (int8 ? dim : 0));
  const scales = align16(scratch + capacity * 8);
  const codes = align16(scales + (int8 ? capacity * 4 : 0));
  const rows = align16(codes + (int8 ? capacity * dim : 0));
  const end = rows + capacity * dim * 4;
  return { capacity, queryF32, queryI8, scratch, scales, codes, rows, end };
}

export class WasmFlatIndex implements VectorIndex {
  readonly engine = 'wasm-simd';
  readonly quantization: Quantization;
  readonly #rescoreFactor: number;
  #kernel!: KernelExports;
  #layout!: Layout;
  #rowDoc: string[] = [];
  #rowChunk: number[] = [];
  /** Each document's rows are contiguous: add appends them and compaction keeps their order. */
  #docs = new Map<string, { start: number; count: number }>();

  constructor(
    readonly dimension: number,
    options: WasmFlatIndexOptions = {},
  ) {
    if (!Number.isInteger(dimension) || dimension < 1)
      throw new RangeError(`bad dimension ${dimension}`);
    this.quantization = options.quantization ?? 'none';
    this.#rescoreFactor = options.rescoreFactor ?? 4;
    if (!(this.#rescoreFactor >= 1)) {
      throw new RangeError(`rescoreFactor must be at least 1, got ${this.#rescoreFactor}`);
    }
    this.#reset();
  }

  get size(): number {
    return this.#rowDoc.length;
  }

  has(docId: string): boolean {
    return this.#docs.has(docId);
  }

  /**
   * Adds a document's rows; `int8` (codes and scales computed by core's quantizeInt8, e.g. read
   * back from the vector store) saves re-quantising them in an int8 index.
   */
  add(docId: string, vectors: Float32Array, int8?: Int8Rows): void {
    const dim = this.dimension;
    if (vectors.length % dim !== 0) {
      throw new RangeError(
        `vector data of length ${vectors.length} is not a multiple of the index dimension ${dim}`,
      );
    }
    const rows = vectors.length / dim;
    if (int8 && (int8.codes.length !== vectors.length || int8.scales.length !== rows)) {
      throw new RangeError(`int8 codes for ${int8.scales.length} rows do not match ${rows} rows`);
    }
    // Grow before removing the old rows, so a failed grow leaves the index as it was.
    this.#makeRoom(this.size - (this.#docs.get(docId)?.count ?? 0) + rows);
    this.remove(docId);
    const start = this.size;
    const layout = this.#layout;
    const buffer = this.#kernel.memory.buffer;
    new Float32Array(buffer, layout.rows + start * dim * 4, vectors.length).set(vectors);
    if (this.quantization === 'int8') {
      const codes = new Int8Array(buffer, layout.codes);
      const scales = new Float32Array(buffer, layout.scales, layout.capacity);
      if (int8) {
        codes.set(int8.codes, start * dim);
        scales.set(int8.scales, start);
      } else {
        for (let r = 0; r < rows; r++) {
          const row = vectors.subarray(r * dim, (r + 1) * dim);
          scales[start + r] = quantize(row, codes, (start + r) * dim);
        }
      }
    }
    for (let r = 0; r < rows; r++) {
      this.#rowDoc.push(docId);
      this.#rowChunk.push(r);
    }
    this.#docs.set(docId, { start, count: rows });
  }

  remove(docId: string): boolean {
    const span = this.#docs.get(docId);
    if (!span) return false;
    this.#docs.delete(docId);
    const { start, count } = span;
    if (count === 0) return true;
    const dim = this.dimension;
    const n = this.size;
    const end = start + count;
    const bytes = new Uint8Array(this.#kernel.memory.buffer);
    // One memmove per region keeps the survivors contiguous and in their original order.
    const close = (base: number, width: number) =>
      bytes.copyWithin(base + start * width, base + end * width, base + n * width);
    close(this.#layout.rows, dim * 4);
    if (this.quantization === 'int8') {
      close(this.#layout.codes, dim);
      close(this.#layout.scales, 4);
    }
    this.#rowDoc.splice(start, count);
    this.#rowChunk.splice(start, count);
    for (const other of this.#docs.values()) if (other.start >= end) other.start -= count;
    return true;
  }

  search(query: Float32Array, k: number, allow?: (docId: string) => boolean): VectorHit[] {
    const dim = this.dimension;
    if (query.length !== dim) {
      throw new RangeError(`query has dimension ${query.length}, the index has ${dim}`);
    }
    const n = this.size;
    const want = Math.min(Math.floor(k), n);
    if (!(want > 0)) return [];
    const kernel = this.#kernel;
    const { queryF32, queryI8, scales, codes, rows, scratch, capacity } = this.#layout;
    new Float32Array(kernel.memory.buffer, queryF32, dim).set(query);
    const candidates = Math.max(want * this.#rescoreFactor, MIN_CANDIDATES);
    if (this.quantization === 'none' || candidates >= n) {
      kernel.score_f32(queryF32, rows, dim, n, scratch);
      const scores = new Float32Array(kernel.memory.buffer, scratch, n);
      this.#mask(scores, allow);
      return Array.from(selectTop(scores, want), (row) => this.#hit(row, scores[row]!)).filter(
        (hit) => hit.score !== -Infinity,
      );
    }

    const queryScale = quantize(query, new Int8Array(kernel.memory.buffer, queryI8, dim), 0);
    kernel.score_i8(queryI8, queryScale, codes, scales, dim, n, scratch);
    const approx = new Float32Array(kernel.memory.buffer, scratch, n);
    this.#mask(approx, allow);
    // Ascending row order, so the exact pass's tie-break (lower position) means the lower row.
    const picked = selectTop(approx, candidates)
      .filter((row) => approx[row] !== -Infinity)
      .sort();
    const ids = scratch + capacity * 4;
    new Int32Array(kernel.memory.buffer, ids, picked.length).set(picked);
    kernel.gather_f32(queryF32, rows, dim, ids, picked.length, scratch);
    const exact = new Float32Array(kernel.memory.buffer, scratch, picked.length);
    return Array.from(selectTop(exact, want), (at) => this.#hit(picked[at]!, exact[at]!));
  }

  clear(): void {
    this.#reset();
  }

  /** Room for `rows` rows in all, allocated once (before a bulk load) instead of grown by halves. */
  reserve(rows: number): void {
    if (rows <= this.#layout.capacity) return;
    this.#resize(rows);
  }

  /** Scores of rows whose document `allow` rejects become -Infinity (one fill per document). */
  #mask(scores: Float32Array, allow: ((docId: string) => boolean) | undefined): void {
    if (!allow) return;
    for (const [docId, { start, count }] of this.#docs) {
      if (!allow(docId)) scores.fill(-Infinity, start, start + count);
    }
  }

  #hit(row: number, score: number): VectorHit {
    return { docId: this.#rowDoc[row]!, chunk: this.#rowChunk[row]!, score };
  }

  /** A fresh instance, because WebAssembly memory cannot shrink: dropping it frees the rows. */
  #reset(): void {
    this.#kernel = instantiateKernel();
    this.#rowDoc = [];
    this.#rowChunk = [];
    this.#docs.clear();
    this.#layout = layoutFor(this.dimension, 0, this.quantization === 'int8');
    this.#growMemory(this.#layout.end);
  }

  /** Makes room for `rows` rows, growing by half again so that appends stay amortised O(1). */
  #makeRoom(rows: number): void {
    const old = this.#layout;
    if (rows <= old.capacity) return;
    this.#resize(Math.max(rows, Math.ceil(old.capacity * 1.5), 64));
  }

  #resize(capacity: number): void {
    const old = this.#layout;
    const next = layoutFor(this.dimension, capacity, this.quantization === 'int8');
    this.#growMemory(next.end);
    const bytes = new Uint8Array(this.#kernel.memory.buffer);
    const n = this.size;
    const dim = this.dimension;
    // Regions only move up, so moving the last one first never overwrites bytes still to move.
    bytes.copyWithin(next.rows, old.rows, old.rows + n * dim * 4);
    if (this.quantization === 'int8') {
      bytes.copyWithin(next.codes, old.codes, old.codes + n * dim);
      bytes.copyWithin(next.scales, old.scales, old.scales + n * 4);
    }
    this.#layout = next;
  }

  #growMemory(bytes: number): void {
    const memory = this.#kernel.memory;
    const missing = Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE;
    if (missing <= 0) return;
    const mib = Math.ceil(bytes / 2 ** 20);
    const why = `WasmFlatIndex needs ${mib} MiB of WebAssembly memory (dimension ${this.dimension})`;
    if (bytes > MAX_BYTES) throw new RangeError(`${why}, over the 4 GiB limit`);
    try {
      memory.grow(missing);
    } catch (cause) {
      throw new RangeError(`${why} and the runtime refused to grow it`, { cause });
    }
  }
}
