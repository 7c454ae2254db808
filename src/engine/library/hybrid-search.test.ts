// Stage 1 on a real Library (fake-indexeddb) with hand-made vectors: each leg alone, RRF fusion
// with per-leg ranks, phrases and exclusions on both legs, and keywords alone without a model.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { documentOf } from '../../../test/stored-documents';
import type { SearchRequest } from '../../core/types/library';
import { searchStage1, type QueryEmbedder } from './hybrid-search';
import { Library } from './library';
import { indexKeyOf, LibraryStore } from './library-store';

const DIM = 4;
const KEY = indexKeyOf('m', 'q8', DIM);
let dbCount = 0;

/** Unit vector along axis `a` tilted a little towards axis `b`. */
function axis(a: number, tilt = 0, b = (a + 1) % DIM): Float32Array {
  const v = new Float32Array(DIM);
  v[a] = 1;
  v[b] = tilt;
  const norm = Math.hypot(1, tilt);
  return v.map((x) => x / norm);
}

const rows = (...vectors: Float32Array[]) => {
  const out = new Float32Array(vectors.length * DIM);
  vectors.forEach((v, i) => out.set(v, i * DIM));
  return out;
};

async function library() {
  const lib = new Library(new LibraryStore(`hybrid-${++dbCount}`, 'library'));
  await lib.open(KEY, 'flat-f32');
  await lib.attachIndex(KEY, { modelId: 'm', dtype: 'q8', dimension: DIM }, 'flat-f32');
  // Meaning ranks (query = axis 0): pump#0, valve#0, draft#0, seal#0; keywords differ.
  await lib.add(
    documentOf('pump', 1, ['Centrifugal pumps move water.', 'Spare impeller for the pump.']),
    rows(axis(0, 0.1), axis(2)),
  );
  await lib.add(
    documentOf('valve', 2, ['The valve XJ-9000 seals the pump outlet.', 'Valve maintenance.']),
    rows(axis(0, 0.3), axis(3)),
  );
  await lib.add(documentOf('draft', 3, ['Draft notes on pump valve sizing.']), rows(axis(0, 0.6)));
  await lib.add(documentOf('seal', 4, ['Shaft seal wear.']), rows(axis(0, 0.9)));
  return lib;
}

const request = (query: string, mode: SearchRequest['mode'], k = 10): SearchRequest => ({
  query,
  k,
  mode,
  perLeg: 100,
  rrfK: 60,
});
const embedder: QueryEmbedder = { embed: async () => axis(0) };
const keys = (hits: Array<{ docId: string; chunk: number }>) =>
  hits.map((h) => `${h.docId}#${h.chunk}`);

describe('searchStage1', () => {
  it('meaning ranks by cosine, keywords by BM25, each with its own rank', async () => {
    const lib = await library();
    const meaning = await searchStage1(lib, request('xj-9000', 'meaning'), embedder);
    expect(keys(meaning.hits).slice(0, 4)).toEqual(['pump#0', 'valve#0', 'draft#0', 'seal#0']);
    expect(meaning.legs).toEqual(['meaning']);
    expect(meaning.hits[1]!.legs).toEqual({ meaning: 2 });
    const keywords = await searchStage1(lib, request('xj-9000', 'keywords'), embedder);
    expect(keys(keywords.hits)).toEqual(['valve#0']);
    expect(keywords.hits[0]!.legs).toEqual({ keywords: 1 });
    expect(keywords.hits[0]!.marks).toEqual([
      [10, 12],
      [13, 17],
    ]);
  });

  it('hybrid fuses both legs by RRF: a rare exact term lifts its chunk to the top', async () => {
    const lib = await library();
    const { hits, legs } = await searchStage1(lib, request('XJ-9000', 'hybrid'), embedder);
    expect(legs).toEqual(['keywords', 'meaning']);
    // valve#0: 1/61 + 1/62 beats pump#0's 1/61 alone.
    expect(hits[0]).toMatchObject({ docId: 'valve', chunk: 0, legs: { keywords: 1, meaning: 2 } });
    expect(hits[0]!.score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(hits[1]).toMatchObject({ docId: 'pump', chunk: 0, legs: { meaning: 1 } });
    expect(hits[1]!.score).toBeCloseTo(1 / 61, 12);
  });

  it('applies "phrases" and -exclusions to both legs', async () => {
    const lib = await library();
    const phrase = await searchStage1(lib, request('"pump outlet"', 'hybrid'), embedder);
    expect(keys(phrase.hits)).toEqual(['valve#0']);
    const excluded = await searchStage1(lib, request('pump -draft', 'meaning'), embedder);
    expect(keys(excluded.hits)).not.toContain('draft#0');
    expect(keys(excluded.hits)).toContain('seal#0');
    const both = await searchStage1(lib, request('pump -"pump outlet"', 'hybrid'), embedder);
    expect(keys(both.hits)).not.toContain('valve#0');
    expect(keys(both.hits)).toContain('pump#1');
  });

  it('runs on keywords alone, and says why, when the embedding model is unavailable', async () => {
    const lib = await library();
    const response = await searchStage1(lib, request('impeller', 'hybrid'), {
      unavailable: 'not downloaded yet',
    });
    expect(response.legs).toEqual(['keywords']);
    expect(response.notice).toMatch(/Keyword results only.*not downloaded yet/);
    expect(keys(response.hits)).toEqual(['pump#1']);
    expect(response.timings.queryEmbeddingMs).toBe(0);
  });

  it('more like this: the stored chunk is the query (its vector and salient terms), itself left out', async () => {
    const lib = await library();
    const like = await searchStage1(
      lib,
      { ...request('', 'hybrid'), like: { docId: 'valve', chunk: 0 } },
      { unavailable: 'a model call would be a bug' },
    );
    expect(like.legs).toEqual(['keywords', 'meaning']);
    expect(keys(like.hits)).not.toContain('valve#0');
    // Cosine to valve#0's stored vector ranks pump#0 first (1.03 / (√1.09 √1.01) ≈ 0.982); its
    // salient terms (valv, xj, 9000, seal, pump, outlet) find the chunks sharing "seal".
    expect(like.hits.find((h) => h.legs?.meaning === 1)).toMatchObject({ docId: 'pump', chunk: 0 });
    expect(like.hits.find((h) => h.docId === 'seal')?.legs?.keywords).toBeGreaterThan(0);
    await expect(
      searchStage1(lib, { ...request('', 'hybrid'), like: { docId: 'nope', chunk: 0 } }, embedder),
    ).rejects.toThrow('no longer in the library');
  });

  it('keeps to the scope in both legs', async () => {
    const lib = await library();
    const scoped = await searchStage1(
      lib,
      { ...request('pump', 'hybrid'), scope: { collection: 'default', documents: ['draft'] } },
      embedder,
    );
    expect(keys(scoped.hits)).toEqual(['draft#0']);
  });
});
