// The vectors of one vector space in IndexedDB: typed-array segments (f32 rows, int8 codes and
// scales) plus a manifest, changed only by atomic transactions, and streamed into an in-memory
// VectorIndex on load. Runs in the embedder worker (or a page).

import { getMany, type UseStore } from 'idb-keyval';
import type { VectorIndex } from '../../../core/vector-index';
import type { WriteBatch, WriteGuard } from '../../storage/idb-batch';
import {
  emptyManifest,
  manifestProblem,
  planAppend,
  planCompaction,
  planRemoval,
  rowsByDoc,
  segmentRowCount,
  type LayoutPlan,
  type SegmentInfo,
  type VectorIdentity,
  type VectorManifest,
} from './layout';
import { assembleSegment, DocumentRows, type SegmentRecord } from './segment-records';

export const MANIFEST_PREFIX = 'manifest:';
export const SEGMENT_PREFIX = 'segment:';
export const manifestKey = (indexKey: string) => `${MANIFEST_PREFIX}${indexKey}`;
export const segmentKey = (indexKey: string, id: number) => `${SEGMENT_PREFIX}${indexKey}:${id}`;

/** A planned change: commit `batch` under `guard` (with anything else), then `adopt` it. */
export interface VectorChange {
  batch: WriteBatch;
  guard: WriteGuard;
  next: VectorManifest;
}

export interface LoadProgress {
  rows: number;
  total: number;
}

/** Segments read per IndexedDB transaction while loading (≈ 40 MiB at 1024 dims). */
const LOAD_BATCH = 8;

export class CorruptIndexError extends Error {
  override name = 'CorruptIndexError';
}

export class VectorStore {
  #manifest: VectorManifest | undefined;
  #rowsByDoc: Map<string, number>;

  constructor(
    private readonly db: UseStore,
    readonly key: string,
    manifest?: VectorManifest,
  ) {
    this.#manifest = manifest;
    this.#rowsByDoc = manifest ? rowsByDoc(manifest) : new Map();
  }

  /** The stored manifest of `key`; one that fails validation is reported as corrupt. */
  static async open(db: UseStore, key: string): Promise<VectorStore> {
    const [stored] = await getMany([manifestKey(key)], db);
    if (stored === undefined) return new VectorStore(db, key);
    const problem = manifestProblem(stored, key);
    if (problem) throw new CorruptIndexError(`The stored index ${key} is unusable: ${problem}.`);
    return new VectorStore(db, key, stored as VectorManifest);
  }

  get manifest(): VectorManifest | undefined {
    return this.#manifest;
  }

  /** Whether the stored manifest is still the one read or written here (another tab may write). */
  async isCurrent(): Promise<boolean> {
    const [stored] = await getMany([manifestKey(this.key)], this.db);
    return (stored as VectorManifest | undefined)?.generation === this.#manifest?.generation;
  }

  get dimension(): number | undefined {
    return this.#manifest?.dimension;
  }

  get count(): number {
    return this.#manifest?.count ?? 0;
  }

  has(docId: string): boolean {
    return this.#rowsByDoc.has(docId);
  }

  docIds(): IterableIterator<string> {
    return this.#rowsByDoc.keys();
  }

  /** Stores `vectors` (row-major) as `docId`'s rows, replacing any it had. */
  replaceChange(docId: string, vectors: Float32Array, identity: VectorIdentity) {
    return this.replaceManyChange([[docId, vectors]], identity);
  }

  /** Stores several documents' rows in one change (packed into full segments). */
  async replaceManyChange(
    docs: ReadonlyArray<readonly [id: string, vectors: Float32Array]>,
    identity: VectorIdentity,
    alsoRemove: ReadonlySet<string> = new Set(),
  ): Promise<VectorChange> {
    const base = this.#manifest ?? emptyManifest(this.key, identity);
    const dim = base.dimension;
    if (dim !== identity.dimension || base.modelId !== identity.modelId) {
      throw new Error(
        `${identity.modelId} vectors of ${identity.dimension} dims do not belong in ${this.key} (${dim} dims)`,
      );
    }
    for (const [, vectors] of docs) {
      if (vectors.length % dim !== 0) {
        throw new RangeError(`${vectors.length} floats are not whole ${dim}-d rows`);
      }
    }
    const batch: WriteBatch = { puts: [], deletes: [] };
    let manifest = base;
    const replaced = new Set(
      [...docs.map(([id]) => id), ...alsoRemove].filter((id) => this.has(id)),
    );
    if (replaced.size > 0) {
      const removal = planRemoval(manifest, replaced);
      await this.#apply(removal, batch);
      manifest = removal.next;
    }
    const append = planAppend(
      manifest,
      docs.map(([id, vectors]) => [id, vectors.length / dim]),
    );
    await this.#apply(
      append,
      batch,
      docs.map(([, vectors]) => vectors),
    );
    return this.#change(batch, append.next);
  }

  /** Removes every row of `docIds`; null when none of them has rows here. */
  async removeChange(docIds: ReadonlySet<string>): Promise<VectorChange | null> {
    const manifest = this.#manifest;
    if (!manifest || ![...docIds].some((id) => this.has(id))) return null;
    const plan = planRemoval(manifest, docIds);
    const batch: WriteBatch = { puts: [], deletes: [] };
    await this.#apply(plan, batch);
    return this.#change(batch, plan.next);
  }

  /** Merges small neighbouring segments; null when there is nothing worth merging. */
  async compactionChange(): Promise<VectorChange | null> {
    const plan = this.#manifest && planCompaction(this.#manifest);
    if (!plan) return null;
    const batch: WriteBatch = { puts: [], deletes: [] };
    await this.#apply(plan, batch);
    return this.#change(batch, plan.next);
  }

  /** A copy of `docId`'s stored rows (row-major), read from its segments; undefined if none. */
  async rowsOf(docId: string): Promise<Float32Array | undefined> {
    const manifest = this.#manifest;
    const total = this.#rowsByDoc.get(docId);
    if (!manifest || total === undefined) return undefined;
    const dim = manifest.dimension;
    const spans: Array<{ info: SegmentInfo; offset: number; rows: number }> = [];
    for (const info of manifest.segments) {
      let offset = 0;
      info.docs.forEach((doc, i) => {
        if (doc === docId) spans.push({ info, offset, rows: info.rows[i]! });
        offset += info.rows[i]!;
      });
    }
    const infos = [...new Set(spans.map((s) => s.info))];
    const records = await this.#readSegments(infos);
    const recordOf = new Map(infos.map((info, i) => [info.id, records[i]!]));
    const out = new Float32Array(total * dim);
    let at = 0;
    for (const { info, offset, rows } of spans) {
      out.set(
        recordOf.get(info.id)!.vectors.subarray(offset * dim, (offset + rows) * dim),
        at * dim,
      );
      at += rows;
    }
    return out;
  }

  /** Makes a committed change the current state. */
  adopt(change: VectorChange): void {
    this.#manifest = change.next;
    this.#rowsByDoc = rowsByDoc(change.next);
  }

  /**
   * Streams every stored row into `index` (document by document, int8 codes included), reading a
   * few segments per transaction so memory holds little more than the index itself.
   */
  async load(index: VectorIndex, onProgress?: (p: LoadProgress) => void): Promise<void> {
    const manifest = this.#manifest;
    if (!manifest) return;
    if (index.dimension !== manifest.dimension) {
      throw new Error(`index of ${index.dimension} dims cannot load ${manifest.dimension}-d rows`);
    }
    index.reserve?.(manifest.count);
    const pending = new DocumentRows(manifest.dimension, index);
    let rows = 0;
    for (let at = 0; at < manifest.segments.length; at += LOAD_BATCH) {
      const infos = manifest.segments.slice(at, at + LOAD_BATCH);
      const records = await this.#readSegments(infos);
      infos.forEach((info, i) => {
        pending.take(info, records[i]!);
        rows += segmentRowCount(info);
      });
      onProgress?.({ rows, total: manifest.count });
    }
    pending.flush();
  }

  #change(batch: WriteBatch, next: VectorManifest): VectorChange {
    batch.puts.push([manifestKey(this.key), next]);
    const generation = this.#manifest?.generation;
    const guard: WriteGuard = {
      key: manifestKey(this.key),
      holds: (stored) => (stored as VectorManifest | undefined)?.generation === generation,
      conflict: 'The library was changed in another tab: reload this page to see it.',
    };
    return { batch, guard, next };
  }

  /** Adds the records `plan` writes and deletes to `batch`; sources are read as needed. */
  async #apply(
    plan: LayoutPlan,
    batch: WriteBatch,
    appended: readonly Float32Array[] = [],
  ): Promise<void> {
    const dim = plan.next.dimension;
    const sources = [...new Set(plan.write.flatMap((w) => w.parts.map((p) => p.source)))].filter(
      (id) => id >= 0,
    );
    const infos = sources.map((id) => this.#manifest!.segments.find((s) => s.id === id)!);
    const read = new Map<number, SegmentRecord>();
    (await this.#readSegments(infos)).forEach((record, i) => read.set(sources[i]!, record));
    for (const { info, parts } of plan.write) {
      const record = assembleSegment(segmentRowCount(info), dim, parts, read, appended);
      batch.puts.push([segmentKey(this.key, info.id), record]);
    }
    for (const id of plan.drop) batch.deletes.push(segmentKey(this.key, id));
  }

  async #readSegments(infos: readonly SegmentInfo[]): Promise<SegmentRecord[]> {
    if (infos.length === 0) return [];
    const dim = this.#manifest!.dimension;
    const records = await getMany<SegmentRecord | undefined>(
      infos.map((s) => segmentKey(this.key, s.id)),
      this.db,
    );
    return records.map((record, i) => {
      const info = infos[i]!;
      const rows = segmentRowCount(info);
      if (
        !record ||
        record.vectors?.length !== rows * dim ||
        record.codes?.length !== rows * dim ||
        record.scales?.length !== rows
      ) {
        throw new CorruptIndexError(`Segment ${info.id} of ${this.key} is missing or damaged.`);
      }
      return record;
    });
  }
}
