// A VectorIndex on voy-search 0.6.3 (WASM k-d tree) that works within its limits: MRL
// truncation to ≤ 768 dims, deduplication, exact removal, our own cosine scores, no JSON
// persistence. Runs wherever voy's wasm loads (worker, page, Node); call `initVoy()` first.
//
// How each voy limit is handled:
// - voy hard-codes 768 dims (it silently cuts longer vectors and does not re-normalise). Every
//   vector and query here is cut to `indexDimension` (≤ 768, Matryoshka truncation) and
//   re-normalised before voy sees it, so voy's squared-L2 order is the cosine order of the prefix
//   and every score is the cosine of the truncated, re-normalised vectors.
// - kiddo panics once 33 points share a position on a split axis, which identical vectors
//   (boilerplate chunks) always do, and the panic leaves the wasm instance unusable. Identical
//   prepared vectors are therefore stored as ONE voy point that maps to all their (docId, chunk)
//   rows; a hit on it returns every row, all with the same exact score. Chosen over jitter because
//   it changes no vector or score, stores duplicates once, and cannot fail the way a too-small
//   jitter (lost to f32 rounding in 768 dims) or a too-large one (reordered near-ties) can.
// - voy removes a tree point only when given the bit-identical vector, else it leaves a ghost that
//   fills top-k slots. The exact prepared vectors are kept here and passed back on removal.
// - voy returns no scores: cosine is recomputed from the kept vectors for the returned points,
//   and a few extra points are fetched so that f32 rounding at the k-th place cannot drop a hit.
// - voy's serialize() writes ~12 KB of JSON per vector and fails past ~44k vectors: it is never
//   used. Persistence stores our own vectors and rebuilds with `VoyIndex.fromRows` (batched).
import type { VectorHit, VectorIndex } from '../../../core/vector-index';
import { l2NormalizeInPlace } from '../../../core/vectors';
import { initVoy, voyApi, type EmbeddedResource, type Voy, type VoyWasmSource } from './voy-wasm';

/** The dimension voy-search 0.6.3 is compiled for. */
export const VOY_MAX_DIMENSION = 768;
/** Extra points fetched beyond k, absorbing f32 rounding differences at the boundary. */
const OVERFETCH = 8;
/** Points per voy call: each call JSON-stringifies its batch (~15 KB per 768-d vector). */
const DEFAULT_BATCH = 2048;

export interface VoyIndexOptions {
  /** Dims given to voy: 1..min(dimension, 768); default min(dimension, 768). */
  indexDimension?: number;
  /** Points per voy index/add/remove call (default 2048). */
  batchSize?: number;
}

interface Row {
  docId: string;
  chunk: number;
}

/** One voy point: a distinct prepared vector and every row that has it, in insertion order. */
interface Entry {
  id: string;
  hash: number;
  vector: Float32Array;
  rows: Row[];
}

/** FNV-1a over the float bits; -0 was canonicalised to +0, so equal vectors hash equally. */
function hashBits(v: Float32Array): number {
  const bits = new Uint32Array(v.buffer, v.byteOffset, v.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < bits.length; i++) h = Math.imul(h ^ bits[i]!, 0x01000193);
  return h >>> 0;
}

function sameVector(a: Float32Array, b: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

const resource = (e: Entry): EmbeddedResource => ({
  id: e.id,
  title: '',
  url: '',
  embeddings: Array.from(e.vector),
});

export class VoyIndex implements VectorIndex {
  readonly engine = 'voy';
  readonly indexDimension: number;
  readonly #batch: number;
  #voy: Voy;
  #nextId = 0;
  #rows = 0;
  /** Per document, the entry of each chunk (index = chunk). */
  #docs = new Map<string, Entry[]>();
  #entries = new Map<string, Entry>();
  #byHash = new Map<number, Entry[]>();

  /** Loads voy's wasm, then builds an index of `docs` in batched voy calls. */
  static async fromRows(
    dimension: number,
    docs: Iterable<readonly [docId: string, vectors: Float32Array]>,
    options: VoyIndexOptions & { wasm?: VoyWasmSource } = {},
  ): Promise<VoyIndex> {
    await initVoy(options.wasm);
    const index = new VoyIndex(dimension, options);
    index.addMany(docs);
    return index;
  }

  /** `dimension` is the model's (what add and search take); requires `await initVoy()`. */
  constructor(
    readonly dimension: number,
    options: VoyIndexOptions = {},
  ) {
    if (!Number.isInteger(dimension) || dimension < 1) {
      throw new RangeError(`bad dimension ${dimension}`);
    }
    const indexDimension = options.indexDimension ?? Math.min(dimension, VOY_MAX_DIMENSION);
    const most = Math.min(dimension, VOY_MAX_DIMENSION);
    if (!Number.isInteger(indexDimension) || indexDimension < 1 || indexDimension > most) {
      throw new RangeError(
        `index dimension ${indexDimension} is outside 1..${most} (voy-search is fixed at ${VOY_MAX_DIMENSION} dims; model dimension ${dimension})`,
      );
    }
    this.indexDimension = indexDimension;
    this.#batch = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_BATCH));
    const api = voyApi();
    if (!api) throw new Error('voy-search is not loaded: await initVoy() first');
    this.#voy = new api.Voy();
  }

  get size(): number {
    return this.#rows;
  }

  /** Distinct vectors held by voy (≤ size: identical rows share one). */
  get points(): number {
    return this.#entries.size;
  }

  has(docId: string): boolean {
    return this.#docs.has(docId);
  }

  add(docId: string, vectors: Float32Array): void {
    this.addMany([[docId, vectors]]);
  }

  /** Adds (or replaces) several documents with as few voy calls as batching allows. */
  addMany(docs: Iterable<readonly [docId: string, vectors: Float32Array]>): void {
    // Validate and prepare everything first, so a bad input leaves the index untouched.
    const prepared = new Map<string, Float32Array[]>();
    for (const [docId, vectors] of docs) {
      if (vectors.length % this.dimension !== 0) {
        throw new RangeError(
          `vector data of length ${vectors.length} is not a multiple of the index dimension ${this.dimension}`,
        );
      }
      const rows: Float32Array[] = [];
      for (let at = 0; at < vectors.length; at += this.dimension)
        rows.push(this.#prepare(vectors, at));
      prepared.set(docId, rows);
    }
    for (const docId of prepared.keys()) this.remove(docId);
    const fresh: Entry[] = [];
    for (const [docId, rows] of prepared) {
      const entries = rows.map((vector, chunk) => {
        const hash = hashBits(vector);
        const bucket = this.#byHash.get(hash) ?? [];
        let entry = bucket.find((e) => sameVector(e.vector, vector));
        if (!entry) {
          entry = { id: String(this.#nextId++), hash, vector, rows: [] };
          bucket.push(entry);
          this.#byHash.set(hash, bucket);
          this.#entries.set(entry.id, entry);
          fresh.push(entry);
        }
        entry.rows.push({ docId, chunk });
        return entry;
      });
      this.#docs.set(docId, entries);
      this.#rows += rows.length;
    }
    // An empty voy index is built with index() (one tree build); later batches are added.
    const empty = this.#entries.size === fresh.length;
    for (let start = 0; start < fresh.length; start += this.#batch) {
      const embeddings = fresh.slice(start, start + this.#batch).map(resource);
      this.#voyCall(() =>
        start === 0 && empty ? this.#voy.index({ embeddings }) : this.#voy.add({ embeddings }),
      );
    }
  }

  remove(docId: string): boolean {
    const entries = this.#docs.get(docId);
    if (!entries) return false;
    this.#docs.delete(docId);
    this.#rows -= entries.length;
    const emptied: Entry[] = [];
    for (const entry of new Set(entries)) {
      entry.rows = entry.rows.filter((r) => r.docId !== docId);
      if (entry.rows.length > 0) continue;
      emptied.push(entry);
      this.#entries.delete(entry.id);
      const bucket = this.#byHash.get(entry.hash)!.filter((e) => e !== entry);
      if (bucket.length > 0) this.#byHash.set(entry.hash, bucket);
      else this.#byHash.delete(entry.hash);
    }
    // The kept bit-identical vectors let voy delete the tree points, leaving no ghosts.
    for (let start = 0; start < emptied.length; start += this.#batch) {
      const embeddings = emptied.slice(start, start + this.#batch).map(resource);
      this.#voyCall(() => this.#voy.remove({ embeddings }));
    }
    return true;
  }

  /** With `allow`, voy is asked for ever more neighbours until enough allowed rows come back. */
  search(query: Float32Array, k: number, allow?: (docId: string) => boolean): VectorHit[] {
    if (query.length !== this.dimension) {
      throw new RangeError(`query has dimension ${query.length}, the index has ${this.dimension}`);
    }
    const want = Math.min(Math.floor(k), this.#rows);
    if (!(want > 0)) return [];
    const q = this.#prepare(query, 0);
    // Each point carries ≥ 1 row, so `want` points always cover `want` rows.
    for (let fetch = want + OVERFETCH; ; fetch *= 4) {
      const hits = this.#nearest(q, Math.min(this.#entries.size, fetch), want, allow);
      if (hits.length === want || fetch >= this.#entries.size) return hits;
    }
  }

  #nearest(
    q: Float32Array,
    fetch: number,
    want: number,
    allow: ((docId: string) => boolean) | undefined,
  ): VectorHit[] {
    const { neighbors } = this.#voyCall(() => this.#voy.search(q, fetch));
    const scored = neighbors.map((n) => {
      const entry = this.#entries.get(n.id);
      if (!entry) throw new Error(`voy returned an unknown point ${n.id}`);
      return { entry, score: dot(entry.vector, q) };
    });
    scored.sort((a, b) => b.score - a.score);
    const hits: VectorHit[] = [];
    for (const { entry, score } of scored) {
      for (const { docId, chunk } of entry.rows) {
        if (allow && !allow(docId)) continue;
        hits.push({ docId, chunk, score });
        if (hits.length === want) return hits;
      }
    }
    return hits;
  }

  clear(): void {
    const api = voyApi()!;
    this.#voy.free();
    this.#voy = new api.Voy();
    this.#docs.clear();
    this.#entries.clear();
    this.#byHash.clear();
    this.#rows = 0;
  }

  /** Frees voy's memory for this index; the index must not be used afterwards. */
  dispose(): void {
    this.#voy.free();
  }

  /** Row at `at`, truncated to indexDimension, re-normalised, -0 → +0; finite values only. */
  #prepare(source: Float32Array, at: number): Float32Array {
    const v = source.slice(at, at + this.indexDimension);
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) throw new RangeError(`vector holds a non-finite value ${v[i]}`);
    }
    l2NormalizeInPlace(v);
    for (let i = 0; i < v.length; i++) v[i]! += 0;
    return v;
  }

  #voyCall<T>(call: () => T): T {
    try {
      return call();
    } catch (cause) {
      throw new Error(`voy-search failed (its wasm instance may now be unusable)`, { cause });
    }
  }
}
