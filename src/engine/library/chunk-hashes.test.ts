import { describe, expect, it } from 'vitest';
import { CHUNK_HASH_BYTES, chunkHashKey, ChunkOwnerIndex } from './chunk-hashes';

/** Hashes whose chunk `i` is the bytes [seed + i, …]. */
const hashes = (seeds: number[]) => {
  const out = new Uint8Array(seeds.length * CHUNK_HASH_BYTES);
  seeds.forEach((seed, i) => out.fill(seed, i * CHUNK_HASH_BYTES, (i + 1) * CHUNK_HASH_BYTES));
  return out;
};
const key = (seed: number) => chunkHashKey(hashes([seed]), 0);

describe('ChunkOwnerIndex', () => {
  it('builds from usable documents, is extended by added ones, and rebuilt after a reset', () => {
    const docs = [
      { id: 'a', chunkCount: 2, hashes: hashes([1, 2]) },
      { id: 'b', chunkCount: 1, hashes: hashes([3]) },
    ];
    const usable = new Set(['a']);
    let builds = 0;
    const index = new ChunkOwnerIndex(
      () => {
        builds++;
        return docs;
      },
      (id) => usable.has(id),
    );
    expect([...index.get().keys()]).toEqual([key(1), key(2)]);
    index.add({ id: 'c', chunkCount: 2, hashes: hashes([2, 4]) });
    // The first owner of a hash stays; new hashes join without a rebuild.
    expect(index.get().get(key(2))).toEqual({ docId: 'a', chunk: 1 });
    expect(index.get().get(key(4))).toEqual({ docId: 'c', chunk: 1 });
    expect(builds).toBe(1);
    usable.add('b');
    index.reset();
    expect(index.get().get(key(3))).toEqual({ docId: 'b', chunk: 0 });
    expect(index.get().has(key(4))).toBe(false);
    expect(builds).toBe(2);
  });

  it('ignores additions before it is first built', () => {
    const index = new ChunkOwnerIndex(
      () => [],
      () => true,
    );
    index.add({ id: 'c', chunkCount: 1, hashes: hashes([9]) });
    expect(index.get().size).toBe(0);
  });
});
