// Housekeeping of stored vector spaces (embedder worker): opening a manifest that may be damaged,
// dropping a vector space, and finding records nothing refers to any more (rows of removed
// documents, segments no manifest lists, the per-document vector records of older versions).

import type { UseStore } from 'idb-keyval';
import { commit, entriesWithPrefix, keysWithPrefix, mergeBatches } from '../storage/idb-batch';
import type { WriteBatch, WriteGuard } from '../storage/idb-batch';
import { manifestProblem, type VectorManifest } from '../index/vector-store/layout';
import {
  CorruptIndexError,
  MANIFEST_PREFIX,
  manifestKey,
  SEGMENT_PREFIX,
  segmentKey,
  VectorStore,
  type VectorChange,
} from '../index/vector-store/vector-store';

/** Per-document vector records written before the segment layout (schema 0). */
const LEGACY_VECTORS_PREFIX = 'vectors:';

/** The vector store of `key`; a damaged one is deleted (its documents get re-embedded). */
export async function openVectorStore(
  db: UseStore,
  key: string,
  note: (message: string) => void,
): Promise<VectorStore> {
  try {
    return await VectorStore.open(db, key);
  } catch (error) {
    if (!(error instanceof CorruptIndexError)) throw error;
    note(`${error.message} It was deleted; documents will be re-indexed.`);
    return dropStoredIndex(db, new VectorStore(db, key));
  }
}

/** Deletes a vector space's manifest and segments in one transaction; returns it empty. */
export async function dropStoredIndex(db: UseStore, store: VectorStore): Promise<VectorStore> {
  const segments = await keysWithPrefix(db, `${SEGMENT_PREFIX}${store.key}:`);
  await commit(db, { puts: [], deletes: [manifestKey(store.key), ...segments] });
  return new VectorStore(db, store.key);
}

async function storedManifests(db: UseStore): Promise<Array<[string, unknown]>> {
  const entries = await entriesWithPrefix<unknown>(db, MANIFEST_PREFIX);
  return entries.map(([key, manifest]) => [key.slice(MANIFEST_PREFIX.length), manifest]);
}

/** Changes removing `ids`' rows from every sound vector space but `exceptKey`. */
export async function removalsElsewhere(
  db: UseStore,
  exceptKey: string,
  ids: ReadonlySet<string>,
): Promise<VectorChange[]> {
  const changes: VectorChange[] = [];
  for (const [key, manifest] of await storedManifests(db)) {
    if (key === exceptKey || manifestProblem(manifest, key) !== null) continue;
    const change = await new VectorStore(db, key, manifest as VectorManifest).removeChange(ids);
    if (change) changes.push(change);
  }
  return changes;
}

export interface TidyChange {
  batch: WriteBatch;
  guards: WriteGuard[];
  /** The change to `current`'s manifest, to adopt once committed. */
  current?: VectorChange;
}

/**
 * One change that removes the rows of documents `isDocument` no longer knows from every vector
 * space, deletes damaged manifests and unreferenced segments, and drops legacy vector records;
 * null when everything is tidy.
 */
export async function tidyChange(
  db: UseStore,
  current: VectorStore,
  isDocument: (id: string) => boolean,
): Promise<TidyChange | null> {
  const [manifests, segmentKeys, legacy] = await Promise.all([
    storedManifests(db),
    keysWithPrefix(db, SEGMENT_PREFIX),
    keysWithPrefix(db, LEGACY_VECTORS_PREFIX),
  ]);
  const batches: WriteBatch[] = [{ puts: [], deletes: [...legacy] }];
  const guards: WriteGuard[] = [];
  const referenced = new Set<string>();
  let currentChange: VectorChange | undefined;
  for (const [key, manifest] of manifests) {
    if (manifestProblem(manifest, key) !== null) {
      batches[0]!.deletes.push(manifestKey(key));
      continue;
    }
    const store =
      key === current.key ? current : new VectorStore(db, key, manifest as VectorManifest);
    const orphans = new Set([...store.docIds()].filter((id) => !isDocument(id)));
    const change = orphans.size > 0 ? await store.removeChange(orphans) : null;
    for (const s of (change?.next ?? store.manifest)!.segments)
      referenced.add(segmentKey(key, s.id));
    if (!change) continue;
    batches.push(change.batch);
    guards.push(change.guard);
    if (store === current) currentChange = change;
  }
  const unreferenced = segmentKeys.filter((k) => !referenced.has(k));
  batches[0]!.deletes.push(...unreferenced);
  if (batches.length === 1 && batches[0]!.deletes.length === 0) return null;
  return { batch: mergeBatches(...batches), guards, current: currentChange };
}
