// Content hashes of chunks (worker): 8 bytes of SHA-256 over what the embedder reads, so that a
// chunk seen before (an unchanged part of a new file version, repeated boilerplate) reuses its
// stored vector instead of being embedded again.

export const CHUNK_HASH_BYTES = 8;

/** Hashes of `inputs`, CHUNK_HASH_BYTES each, in order. */
export async function hashChunks(inputs: readonly string[]): Promise<Uint8Array> {
  const out = new Uint8Array(inputs.length * CHUNK_HASH_BYTES);
  const encoder = new TextEncoder();
  const digests = await Promise.all(
    inputs.map((input) => crypto.subtle.digest('SHA-256', encoder.encode(input))),
  );
  digests.forEach((digest, i) =>
    out.set(new Uint8Array(digest, 0, CHUNK_HASH_BYTES), i * CHUNK_HASH_BYTES),
  );
  return out;
}

/** The hash of chunk `i` as a map key. */
export function chunkHashKey(hashes: Uint8Array, i: number): string {
  let key = '';
  for (let b = i * CHUNK_HASH_BYTES; b < (i + 1) * CHUNK_HASH_BYTES; b++) {
    key += hashes[b]!.toString(16).padStart(2, '0');
  }
  return key;
}

export interface ChunkRef {
  docId: string;
  chunk: number;
}

/** Hash key → the first chunk with that hash among `docs` (those `usable` accepts). */
export function chunkOwners(
  docs: Iterable<{ id: string; chunkCount: number; hashes?: Uint8Array }>,
  usable: (docId: string) => boolean,
): Map<string, ChunkRef> {
  const owners = new Map<string, ChunkRef>();
  for (const { id, chunkCount, hashes } of docs) {
    if (!hashes || !usable(id)) continue;
    for (let chunk = 0; chunk < chunkCount; chunk++) {
      const key = chunkHashKey(hashes, chunk);
      if (!owners.has(key)) owners.set(key, { docId: id, chunk });
    }
  }
  return owners;
}

type HashedDocument = { id: string; chunkCount: number; hashes?: Uint8Array };

/**
 * `chunkOwners` kept up to date: built on first use, extended as documents get vectors (bulk
 * ingest would otherwise rebuild it for every file), rebuilt after removals.
 */
export class ChunkOwnerIndex {
  #owners: Map<string, ChunkRef> | undefined;

  constructor(
    private readonly documents: () => Iterable<HashedDocument>,
    private readonly usable: (docId: string) => boolean,
  ) {}

  get(): Map<string, ChunkRef> {
    this.#owners ??= chunkOwners(this.documents(), this.usable);
    return this.#owners;
  }

  /** A document that now has vectors offers its chunks. */
  add(doc: HashedDocument): void {
    if (!this.#owners) return;
    for (const [key, ref] of chunkOwners([doc], () => true))
      if (!this.#owners.has(key)) this.#owners.set(key, ref);
  }

  /** After a removal or a change of vector space. */
  reset(): void {
    this.#owners = undefined;
  }
}
