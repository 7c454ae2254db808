// A collection exported to a pack file and imported into another library (fake-indexeddb): the
// same texts, chunks, vectors and search results, nothing embedded; another vector space is
// refused unless re-embedding is asked for; unusable packs leave the library exactly as it was.
import 'fake-indexeddb/auto';
import { entries } from 'idb-keyval';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { randomUnitVectors } from '../../../test/random-vectors';
import { documentOf } from '../../../test/stored-documents';
import { bagOfWords } from '../../core/keyword/bm25';
import { analyze } from '../../core/keyword/analyzer';
import { packArchive } from '../../core/pack/pack-archive';
import { MANIFEST_FILE, PackError } from '../../core/pack/pack-manifest';
import { documentIdIn, indexKeyOf, LibraryStore } from '../library/library-store';
import { SharedLibrary } from '../library/shared-library';
import { exportCollection, type ExportSpace } from './library-export';
import { importPackFile, type ImportTarget } from './library-import';

const DIM = 8;
const KEY = indexKeyOf('m', 'q8', DIM);
const IDENTITY = { modelId: 'm', dtype: 'q8', dimension: DIM };
const SPACE: ExportSpace = {
  modelId: 'm',
  dtype: 'q8',
  instruction: 'Find passages',
  chunking: { tokenizer: 'm', maxTokens: 512, overlapTokens: 48, headingContext: true },
};
let dbCount = 0;
const opened: SharedLibrary[] = [];
afterEach(() => opened.splice(0).forEach((tab) => tab.close()));

async function library() {
  const store = new LibraryStore(`transfer-test-${++dbCount}`, 'library');
  const shared = new SharedLibrary(store, { onChange: () => {} });
  opened.push(shared);
  await shared.open(KEY, 'flat-f32');
  await shared.attach(KEY, IDENTITY, 'flat-f32');
  return { shared, store, library: shared.library };
}

/** A library with a collection "Field notes" of three documents (one with pages and headings). */
async function source() {
  const lib = await library();
  const collection = await lib.shared.createCollection('Field notes');
  const docs = [
    documentOf('alpha', 1, ['Glaciers carve valleys.', 'Moraines mark the ice.']),
    documentOf('beta', 2, ['Lighthouses warn ships.', 'Fresnel lenses focus light.', 'Keepers.']),
    documentOf('gamma', 3, ['Sourdough starters ferment flour.']),
  ];
  const beta = docs[1]!;
  beta.chunks.sectionOf = Uint32Array.from([0, 0, 1]);
  beta.chunks.sections = [
    { start: 0, end: beta.chunks.ends[1]!, page: 1, headings: ['Coasts', 'Lights'] },
    { start: beta.chunks.starts[2]!, end: beta.source.length, page: 2 },
  ];
  for (const [i, doc] of docs.entries()) {
    doc.record.id = documentIdIn(collection.id, doc.record.id);
    doc.record.collection = collection.id;
    doc.record.path = `notes/${doc.record.name}`;
    const vectors = randomUnitVectors(doc.record.chunkCount, DIM, i + 1);
    await lib.shared.write(() => lib.library.add(doc, vectors));
  }
  return { ...lib, collection };
}

const target = (
  shared: SharedLibrary,
  known: Partial<ImportTarget['known']> = {},
  loaded = true,
): ImportTarget => ({
  shared,
  known: { modelId: 'm', dtype: 'q8', dimension: DIM, ...known },
  loadEmbedder: async () => (loaded ? DIM : undefined),
  modelLoaded: () => loaded,
});

/** Every stored record, to compare a library before and after. */
const snapshot = async (store: LibraryStore) =>
  (await entries(store.db)).sort(([a], [b]) => String(a).localeCompare(String(b)));

async function exported() {
  const from = await source();
  const phases: string[] = [];
  const pack = await exportCollection(from.library, from.collection, SPACE, (p) =>
    phases.push(p.phase),
  );
  return { from, pack, phases };
}

/** The archive with `change` applied to its files. */
function edited(bytes: Uint8Array, change: (files: Record<string, Uint8Array>) => void) {
  const files = unzipSync(bytes);
  change(files);
  return packArchive(Object.entries(files).map(([name, b]) => ({ name, bytes: b })));
}

describe('Pack export and import', () => {
  it('round-trips a collection: texts, chunks, vectors and results, nothing embedded', async () => {
    const { from, pack, phases } = await exported();
    expect(pack.fileName).toBe('Field notes.sievepack');
    expect([pack.documents, pack.chunks]).toEqual([3, 6]);
    expect(new Set(phases)).toEqual(new Set(['reading', 'building', 'archiving']));

    const to = await library();
    await to.shared.createCollection('Field notes');
    const result = await importPackFile(pack.bytes, target(to.shared), {});
    if (!('imported' in result)) throw new Error(result.mismatch);
    expect(result.imported).toMatchObject({ documents: 3, chunks: 6, reembedding: false });
    // The name was taken: the import gets a numbered one.
    expect(result.imported.collection.name).toBe('Field notes (2)');
    const id = result.imported.collection.id;
    expect(await to.library.withoutVectors()).toEqual([]);

    const before = from.library.summaries().filter((d) => d.collection === from.collection.id);
    const after = to.library.summaries().filter((d) => d.collection === id);
    expect(after.map((d) => [d.name, d.path, d.chunkCount, d.indexed])).toEqual(
      before.map((d) => [d.name, d.path, d.chunkCount, true]),
    );
    for (const [i, d] of before.entries()) {
      const original = (await from.library.document(d.id))!;
      const copy = (await to.library.document(after[i]!.id))!;
      expect(copy.source).toBe(original.source);
      expect(copy.chunks.starts).toEqual(original.chunks.starts);
      expect(copy.chunks.ends).toEqual(original.chunks.ends);
      expect(copy.chunks.hashes).toHaveLength(8 * d.chunkCount);
      expect(await to.library.vectorsOf(after[i]!.id)).toEqual(await from.library.vectorsOf(d.id));
      expect(await to.library.embeddingInputs(copy)).toEqual(
        await from.library.embeddingInputs(original),
      );
    }
    const strip = (hits: Array<{ docName: string; chunk: number; score: number }>) =>
      hits.map(({ docName, chunk, score }) => ({ docName, chunk, score }));
    const query = randomUnitVectors(1, DIM, 42);
    expect(strip(await to.library.search(query, 4))).toEqual(
      strip(await from.library.search(query, 4)),
    );
    const words = { terms: bagOfWords(analyze('lights lenses')) };
    expect(strip(await to.library.searchKeywords(words, 3))).toEqual(
      strip(await from.library.searchKeywords(words, 3)),
    );

    // A fresh reading of the stored library finds the same (everything was committed).
    const reread = new SharedLibrary(to.store, { onChange: () => {} });
    opened.push(reread);
    await reread.open(KEY, 'flat-f32');
    expect(reread.library.idsIn(id)).toHaveLength(3);
    expect((await reread.collections()).map((c) => c.name)).toContain('Field notes (2)');
  });

  it('refuses a pack of another vector space, naming each difference, unless asked to re-embed', async () => {
    const { pack } = await exported();
    const to = await library();
    const before = await snapshot(to.store);
    const result = await importPackFile(
      pack.bytes,
      target(to.shared, { modelId: 'other', dtype: 'fp32' }),
      {},
    );
    expect('mismatch' in result && result.mismatch).toMatch(
      /made with m \(q8, 8 dims\); this browser's embedder is other \(fp32, 8 dims\)\. Different model, dtype/,
    );
    expect(await snapshot(to.store)).toEqual(before);

    const dims = await importPackFile(pack.bytes, target(to.shared, { dimension: 4 }), {});
    expect('mismatch' in dims && dims.mismatch).toMatch(/Different dimension/);

    const again = await importPackFile(pack.bytes, target(to.shared, { modelId: 'other' }), {
      reembed: true,
    });
    if (!('imported' in again)) throw new Error(again.mismatch);
    expect(again.imported).toMatchObject({ documents: 3, reembedding: true });
    const waiting = await to.library.withoutVectors();
    expect(waiting.map((d) => d.record.name).sort()).toEqual([
      'alpha.txt',
      'beta.txt',
      'gamma.txt',
    ]);
    // Their texts are there for re-embedding and keyword search.
    expect(await to.library.embeddingInputs(waiting[0]!)).toHaveLength(
      waiting[0]!.record.chunkCount,
    );
  });

  it('asks for the model when the vector space matches but the model cannot load', async () => {
    const { pack } = await exported();
    const to = await library();
    const before = await snapshot(to.store);
    await expect(importPackFile(pack.bytes, target(to.shared, {}, false), {})).rejects.toThrow(
      /Load the embedding model first/,
    );
    expect(await snapshot(to.store)).toEqual(before);
  });

  it('refuses corrupt, truncated, foreign and newer packs with the library unchanged', async () => {
    const { pack } = await exported();
    const to = await library();
    await to.shared.createCollection('Kept');
    const before = await snapshot(to.store);
    const vectorsFile = (files: Record<string, Uint8Array>) =>
      Object.keys(files).find((name) => name.startsWith('vectors.'))!;
    const bad: Array<[string, Uint8Array, RegExp]> = [
      ['truncated', pack.bytes.subarray(0, pack.bytes.length - 200), /damaged or truncated/],
      [
        'corrupt',
        edited(pack.bytes, (files) => {
          const name = vectorsFile(files);
          files[name] = files[name]!.slice();
          files[name]![20]! ^= 0xff;
        }),
        /does not match its hash/,
      ],
      [
        'missing shard',
        edited(pack.bytes, (files) => delete files[vectorsFile(files)]),
        /incomplete/,
      ],
      [
        'foreign',
        packArchive([{ name: 'readme.txt', bytes: new Uint8Array([1, 2, 3]) }]),
        /not a Sieve pack/,
      ],
      ['not a zip', new TextEncoder().encode('hello'), /not a Sieve pack/],
      [
        'newer',
        edited(pack.bytes, (files) => {
          const manifest = JSON.parse(new TextDecoder().decode(files[MANIFEST_FILE]));
          files[MANIFEST_FILE] = new TextEncoder().encode(
            JSON.stringify({ ...manifest, version: 2 }),
          );
        }),
        /newer Sieve \(pack version 2/,
      ],
    ];
    for (const [what, bytes, message] of bad) {
      const attempt = importPackFile(bytes, target(to.shared), {});
      await expect(attempt, what).rejects.toThrow(message);
      await expect(attempt, what).rejects.toBeInstanceOf(PackError);
      expect(await snapshot(to.store), what).toEqual(before);
    }
    expect(to.library.summaries()).toEqual([]);
  });

  it('refuses to export an empty collection or one whose documents lack vectors', async () => {
    const lib = await library();
    const empty = await lib.shared.createCollection('Empty');
    await expect(exportCollection(lib.library, empty, SPACE)).rejects.toThrow(/no documents/);
    const doc = documentOf('delta', 1, ['Waiting for vectors.']);
    doc.record.id = documentIdIn(empty.id, 'delta');
    doc.record.collection = empty.id;
    await lib.shared.write(() => lib.library.add(doc, undefined));
    await expect(exportCollection(lib.library, empty, SPACE)).rejects.toThrow(
      /1 document of “Empty” has no vectors for this model yet/,
    );
  });
});
