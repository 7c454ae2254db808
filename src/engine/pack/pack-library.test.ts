import { describe, expect, it } from 'vitest';
import { buildPack } from '../../core/pack/pack-build';
import { OpenedPack } from '../../core/pack/pack-reader';
import { folderOf, sampleInput } from '../../../test/packs';
import { searchStage1 } from '../library/hybrid-search';
import { PackLibrary } from './pack-library';

const request = { k: 5, perLeg: 10, rrfK: 60 } as const;

async function library(int8Only = false, backend: 'flat-f32' | 'flat-int8' = 'flat-int8') {
  const input = sampleInput(6, 3, 16);
  const { files } = await buildPack({ ...input, int8Only });
  return {
    input,
    library: await PackLibrary.create(await OpenedPack.open(folderOf(files)), backend),
  };
}

describe('PackLibrary', () => {
  it('finds a chunk by its own vector, with its text, path and location', async () => {
    const { input, library: lib } = await library();
    const target = input.documents[4]!;
    const vector = target.vectors.slice(16 * 2, 16 * 3);
    const response = await searchStage1(
      lib,
      { ...request, query: 'anything', mode: 'meaning' },
      { embed: async () => vector },
    );
    const top = response.hits[0]!;
    expect([top.docId, top.chunk, top.docPath]).toEqual(['4', 2, 'folder/doc4.md']);
    expect(top.text).toBe(target.chunks[2]!.text);
    expect(top.location).toBe('Part 2');
    expect(top.score).toBeCloseTo(1, 5);
    expect(response.searched).toBe(18);
  });

  it('ranks int8-only packs the same for a stored chunk', async () => {
    const { input, library: lib } = await library(true, 'flat-f32');
    const vector = input.documents[1]!.vectors.slice(0, 16);
    const response = await searchStage1(
      lib,
      { ...request, query: 'x', mode: 'meaning' },
      { embed: async () => vector },
    );
    expect([response.hits[0]!.docId, response.hits[0]!.chunk]).toEqual(['1', 0]);
  });

  it('searches keywords, applies exclusions, and rebuilds a document for the source view', async () => {
    const { library: lib } = await library();
    const response = await searchStage1(
      lib,
      { ...request, query: 'lighthouses -chunk', mode: 'keywords' },
      { unavailable: 'not asked for' },
    );
    expect(response.hits).toEqual([]);
    const found = await searchStage1(
      lib,
      { ...request, query: 'lighthouses "chunk 1"', mode: 'hybrid' },
      { unavailable: 'no model' },
    );
    expect(found.hits.length).toBeGreaterThan(0);
    for (const hit of found.hits) expect(hit.text).toMatch(/chunk 1/);
    expect(found.hits[0]!.text).toMatch(/lighthouses/);
    expect(found.notice).toMatch(/Keyword results only/);
    const view = await lib.document('3');
    expect(view?.text).toContain('Document 3 chunk 2 about lighthouses.');
    expect(await lib.document('9')).toBeUndefined();
  });
});
