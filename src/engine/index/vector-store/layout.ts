// The persisted layout of one vector space (pure, no storage imports): a manifest listing
// segments of at most SEGMENT_ROWS rows, and plans for appending, removing and compacting them.
// The IndexedDB side (vector-store.ts) turns a plan into one atomic transaction.

export const VECTOR_SCHEMA_VERSION = 1;
/** Rows per full segment: 1024 × 1024 dims is 4 MiB of f32 + 1 MiB of int8 per record. */
export const SEGMENT_ROWS = 1024;
/** Compaction runs once there are this many more segments than twice the minimum. */
export const COMPACTION_SLACK = 8;

/** What the stored vectors are: they are only ever compared with vectors of the same identity. */
export interface VectorIdentity {
  modelId: string;
  dtype: string;
  dimension: number;
}

/**
 * One stored segment: `docs[i]` owns the next `rows[i]` rows. A document's rows are contiguous
 * across the whole manifest (a large one spans consecutive segments).
 */
export interface SegmentInfo {
  id: number;
  docs: string[];
  rows: number[];
}

export interface VectorManifest extends VectorIdentity {
  schema: number;
  /** The index key this manifest belongs to (model id | dtype | requested dimension). */
  key: string;
  /** Segments carry int8 codes and per-row scales beside the exact f32 rows. */
  quantization: 'int8';
  /** Rows in all segments. */
  count: number;
  /** Bumped by every committed change; a write expecting another generation is refused. */
  generation: number;
  nextSegment: number;
  segments: SegmentInfo[];
}

/** Rows [from, to) of a source, copied into a new segment. */
export interface RowRange {
  from: number;
  to: number;
}

export interface PlannedSegment {
  info: SegmentInfo;
  /** Where the rows come from, in order: stored segment ids, or appendedRows(i). */
  parts: Array<{ source: number; range: RowRange }>;
}

export interface LayoutPlan {
  next: VectorManifest;
  write: PlannedSegment[];
  /** Ids of segments the change deletes. */
  drop: number[];
}

export function emptyManifest(key: string, identity: VectorIdentity): VectorManifest {
  return {
    schema: VECTOR_SCHEMA_VERSION,
    key,
    ...identity,
    quantization: 'int8',
    count: 0,
    generation: 0,
    nextSegment: 0,
    segments: [],
  };
}

export const segmentRowCount = (s: SegmentInfo): number => s.rows.reduce((a, b) => a + b, 0);

/** Rows per document across the manifest. */
export function rowsByDoc(manifest: VectorManifest): Map<string, number> {
  const rows = new Map<string, number>();
  for (const s of manifest.segments) {
    s.docs.forEach((doc, i) => rows.set(doc, (rows.get(doc) ?? 0) + s.rows[i]!));
  }
  return rows;
}

function bump(manifest: VectorManifest, segments: SegmentInfo[], nextSegment: number) {
  return {
    ...manifest,
    segments,
    nextSegment,
    generation: manifest.generation + 1,
    count: segments.reduce((sum, s) => sum + segmentRowCount(s), 0),
  };
}

/** Source id of the rows of the `i`-th appended document (sources ≥ 0 are stored segments). */
export const appendedRows = (i: number): number => -1 - i;

/**
 * Documents' rows (`[id, rows]`, in order) appended as new segments of SEGMENT_ROWS rows, the
 * last one partly filled; a document may continue in the next segment.
 */
export function planAppend(
  manifest: VectorManifest,
  docs: ReadonlyArray<readonly [id: string, rows: number]>,
): LayoutPlan {
  const write: PlannedSegment[] = [];
  let id = manifest.nextSegment;
  let open: PlannedSegment | undefined;
  let openRows = 0;
  docs.forEach(([doc, rows], i) => {
    for (let from = 0; from < rows;) {
      if (!open || openRows === SEGMENT_ROWS) {
        open = { info: { id: id++, docs: [], rows: [] }, parts: [] };
        openRows = 0;
        write.push(open);
      }
      const to = Math.min(rows, from + SEGMENT_ROWS - openRows);
      open.info.docs.push(doc);
      open.info.rows.push(to - from);
      open.parts.push({ source: appendedRows(i), range: { from, to } });
      openRows += to - from;
      from = to;
    }
  });
  const segments = [...manifest.segments, ...write.map((w) => w.info)];
  return { next: bump(manifest, segments, id), write, drop: [] };
}

/** Every segment holding rows of `docIds` is rewritten without them (or dropped when emptied). */
export function planRemoval(manifest: VectorManifest, docIds: ReadonlySet<string>): LayoutPlan {
  const write: PlannedSegment[] = [];
  const drop: number[] = [];
  let id = manifest.nextSegment;
  const segments: SegmentInfo[] = [];
  for (const s of manifest.segments) {
    if (!s.docs.some((d) => docIds.has(d))) {
      segments.push(s);
      continue;
    }
    drop.push(s.id);
    const kept: SegmentInfo = { id, docs: [], rows: [] };
    const parts: PlannedSegment['parts'] = [];
    let at = 0;
    s.docs.forEach((doc, i) => {
      const rows = s.rows[i]!;
      if (!docIds.has(doc)) {
        kept.docs.push(doc);
        kept.rows.push(rows);
        const last = parts.at(-1);
        if (last && last.range.to === at) last.range.to = at + rows;
        else parts.push({ source: s.id, range: { from: at, to: at + rows } });
      }
      at += rows;
    });
    if (kept.docs.length === 0) continue;
    id++;
    segments.push(kept);
    write.push({ info: kept, parts });
  }
  return { next: bump(manifest, segments, id), write, drop };
}

/** Whether the manifest holds far more segments than its rows need. */
export function needsCompaction(manifest: VectorManifest): boolean {
  const minimum = Math.ceil(manifest.count / SEGMENT_ROWS);
  return manifest.segments.length > 2 * minimum + COMPACTION_SLACK;
}

/**
 * Merges runs of neighbouring segments whose rows fit in one segment (greedy, order kept), so
 * that no two neighbours could still be merged; null when nothing merges.
 */
export function planCompaction(manifest: VectorManifest): LayoutPlan | null {
  const groups: SegmentInfo[][] = [];
  let group: SegmentInfo[] = [];
  let groupRows = 0;
  for (const s of manifest.segments) {
    const rows = segmentRowCount(s);
    if (group.length > 0 && groupRows + rows > SEGMENT_ROWS) {
      groups.push(group);
      group = [];
      groupRows = 0;
    }
    group.push(s);
    groupRows += rows;
  }
  if (group.length > 0) groups.push(group);
  if (groups.every((g) => g.length === 1)) return null;

  let id = manifest.nextSegment;
  const write: PlannedSegment[] = [];
  const drop: number[] = [];
  const segments = groups.map((members) => {
    if (members.length === 1) return members[0]!;
    const merged: SegmentInfo = { id: id++, docs: [], rows: [] };
    const parts: PlannedSegment['parts'] = [];
    for (const s of members) {
      drop.push(s.id);
      parts.push({ source: s.id, range: { from: 0, to: segmentRowCount(s) } });
      merged.docs.push(...s.docs);
      merged.rows.push(...s.rows);
    }
    write.push({ info: merged, parts });
    return merged;
  });
  return { next: bump(manifest, segments, id), write, drop };
}

/**
 * Why a manifest read back from storage cannot be used, or null when it is sound: wrong schema,
 * identity or counts, or a document whose rows are not contiguous.
 */
export function manifestProblem(manifest: unknown, key: string): string | null {
  if (typeof manifest !== 'object' || manifest === null) return 'not an object';
  const m = manifest as Partial<VectorManifest>;
  if (m.schema !== VECTOR_SCHEMA_VERSION)
    return `schema ${String(m.schema)} is not ${VECTOR_SCHEMA_VERSION}`;
  if (m.key !== key) return `belongs to ${String(m.key)}`;
  if (!Number.isInteger(m.dimension) || (m.dimension ?? 0) < 1) return 'bad dimension';
  if (!Array.isArray(m.segments)) return 'no segment list';
  const seen = new Set<string>();
  let last: string | undefined;
  let count = 0;
  for (const s of m.segments) {
    if (s.docs.length !== s.rows.length || s.docs.length === 0)
      return `segment ${s.id} is malformed`;
    for (const [i, doc] of s.docs.entries()) {
      if (doc !== last && seen.has(doc)) return `rows of ${doc} are not contiguous`;
      seen.add(doc);
      last = doc;
      count += s.rows[i]!;
    }
  }
  return count === m.count ? null : `holds ${count} rows, not ${String(m.count)}`;
}
