import { describe, expect, it } from 'vitest';
import { KeywordIndex } from '../keyword/keyword-index';
import { keywordDocument } from '../keyword/keyword-document';
import { bagOfWords } from '../keyword/bm25';
import { analyze } from '../keyword/analyzer';
import { buildPack, CHUNK_SHARD_ROWS } from './pack-build';
import { folderOf, sampleInput } from '../../../test/packs';
import { archiveSource, packArchive } from './pack-archive';
import { documentText, OpenedPack } from './pack-reader';
import { MANIFEST_FILE, PackError, readManifest } from './pack-manifest';

describe('Sieve packs', () => {
  it('round-trips documents, chunks, vectors and the keyword index', async () => {
    const input = sampleInput(5, 3, 16);
    const { manifest, files } = await buildPack(input);
    expect(manifest.documents).toBe(5);
    expect(manifest.chunks).toBe(15);
    const pack = await OpenedPack.open(folderOf(files));
    expect(pack.documents.map((d) => d.path)).toEqual(input.documents.map((d) => d.path));
    for (const [i, d] of input.documents.entries()) {
      const rows = pack.rowsOf(i);
      rows.forEach((x, j) => expect(x).toBeCloseTo(d.vectors[j]!, 6));
      const chunks = await pack.documentChunks(i);
      expect(chunks.map((c) => c.text)).toEqual(d.chunks.map((c) => c.text));
      expect(chunks[1]!.headings).toEqual(['Part 1']);
      const text = documentText(chunks);
      for (const c of chunks) expect(text.slice(c.start, c.end)).toBe(c.text);
    }
    // The keyword index ranks as one built directly from the same inputs.
    const direct = new KeywordIndex();
    input.documents.forEach((d, i) =>
      direct.add(String(i), keywordDocument(d.chunks.map((c) => `${c.headings![0]}\n\n${c.text}`))),
    );
    const fromPack = KeywordIndex.fromSnapshot(pack.keywords);
    const query = { terms: bagOfWords(analyze('lighthouses chunk 2')) };
    expect(fromPack.search(query, 5)).toEqual(direct.search(query, 5));
    expect(pack.documentOfRow(0)).toBe(0);
    expect(pack.documentOfRow(3)).toBe(1);
    expect(pack.documentOfRow(14)).toBe(4);
  });

  it('dequantises int8-only packs within one code step', async () => {
    const input = sampleInput(2, 2, 32);
    const { manifest, files } = await buildPack({ ...input, int8Only: true });
    expect(manifest.vectors.exact).toBeNull();
    expect(manifest.shards.some((s) => s.kind === 'exact')).toBe(false);
    const pack = await OpenedPack.open(folderOf(files));
    const rows = pack.rowsOf(1);
    const scale = Math.max(...pack.int8Of(1).scales);
    rows.forEach((x, j) =>
      expect(Math.abs(x - input.documents[1]!.vectors[j]!)).toBeLessThanOrEqual(scale / 2 + 1e-7),
    );
  });

  it('names shards by content hash and splits chunk records by rows', async () => {
    const { manifest, files } = await buildPack(sampleInput(CHUNK_SHARD_ROWS + 1, 1, 4));
    const chunkShards = manifest.shards.filter((s) => s.kind === 'chunks');
    expect(chunkShards.map((s) => s.rows)).toEqual([
      [0, CHUNK_SHARD_ROWS],
      [CHUNK_SHARD_ROWS, CHUNK_SHARD_ROWS + 1],
    ]);
    for (const shard of manifest.shards) {
      expect(shard.file).toContain(shard.sha256.slice(0, 16));
      expect(files.find((f) => f.name === shard.file)!.bytes.length).toBe(shard.bytes);
    }
    const again = await buildPack(sampleInput(CHUNK_SHARD_ROWS + 1, 1, 4));
    expect(again.manifest.shards).toEqual(manifest.shards);
  });

  it('refuses a shard whose bytes changed or were cut', async () => {
    const { manifest, files } = await buildPack(sampleInput());
    const vectors = manifest.shards.find((s) => s.kind === 'vectors')!;
    const flipped = folderOf(files);
    const bytes = new Uint8Array(flipped.files.get(vectors.file)!);
    bytes[bytes.length - 1]! ^= 1;
    flipped.files.set(vectors.file, bytes);
    await expect(OpenedPack.open(flipped)).rejects.toThrow(/does not match its hash/);
    const cut = folderOf(files);
    cut.files.set(vectors.file, bytes.subarray(0, bytes.length - 3));
    await expect(OpenedPack.open(cut)).rejects.toThrow(/truncated/);
    const missing = folderOf(files);
    missing.files.delete(vectors.file);
    await expect(OpenedPack.open(missing)).rejects.toThrow(/incomplete/);
  });

  it('round-trips through one archive and refuses archives that are not packs', async () => {
    const { files } = await buildPack(sampleInput());
    const archive = packArchive(files);
    const pack = await OpenedPack.open(archiveSource(archive));
    expect(pack.documents).toHaveLength(3);
    expect(() => archiveSource(archive.subarray(0, archive.length - 40))).toThrow(PackError);
    expect(() => archiveSource(new TextEncoder().encode('hello'))).toThrow(/not a Sieve pack/);
    const foreign = packArchive([{ name: 'readme.txt', bytes: new Uint8Array([1, 2]) }]);
    expect(() => archiveSource(foreign)).toThrow(/no manifest.json/);
  });

  it('reads the manifest it writes and refuses a newer version', async () => {
    const { manifest, files } = await buildPack(sampleInput());
    const json = new TextDecoder().decode(files.find((f) => f.name === MANIFEST_FILE)!.bytes);
    expect(readManifest(json)).toEqual(manifest);
    const newer = JSON.stringify({ ...manifest, version: 99 });
    expect(() => readManifest(newer)).toThrow(/newer Sieve \(pack version 99/);
  });
});
