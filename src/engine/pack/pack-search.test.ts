// searchPack: the library's stage 1 over a pack, reading chunk texts only for the hits returned.
import { describe, expect, it } from 'vitest';
import { buildPack } from '../../core/pack/pack-build';
import { OpenedPack } from '../../core/pack/pack-reader';
import { folderOf, sampleInput } from '../../../test/packs';
import { searchStage1 } from '../library/hybrid-search';
import { PackLibrary } from './pack-library';
import { searchPack } from './pack-search';

const DIM = 16;

/** 300 documents × 2 chunks: three chunk shards (256 rows each). */
async function opened() {
  const input = sampleInput(300, 2, DIM);
  const folder = folderOf((await buildPack(input)).files);
  const reads: string[] = [];
  const source = {
    label: folder.label,
    read: (file: string) => {
      reads.push(file);
      return folder.read(file);
    },
  };
  const pack = await OpenedPack.open(source);
  reads.length = 0;
  return { input, lib: await PackLibrary.create(pack, 'flat-f32'), reads };
}

const request = { k: 3, perLeg: 50, rrfK: 60, mode: 'hybrid' } as const;

describe('searchPack', () => {
  it('returns what searchStage1 returns, reading only the returned hits’ chunk shards', async () => {
    const { input, lib, reads } = await opened();
    // Document 299's first chunk (in the last shard), found by meaning; keywords match all.
    const vector = input.documents[299]!.vectors.slice(0, DIM);
    const embedder = { embed: async () => vector };
    const query = { ...request, query: 'glaciers' };
    const response = await searchPack(lib, query, embedder);
    const shards = new Set(
      response.hits.map(
        (h) => Math.floor(lib.pack.documents[Number(h.docId)]!.firstRow + h.chunk) >> 8,
      ),
    );
    expect(reads.filter((f) => f.startsWith('chunks.'))).toHaveLength(shards.size);
    expect(shards.size).toBeLessThan(3);

    const eager = await searchStage1(lib, query, embedder);
    const strip = (r: typeof response) =>
      r.hits.map(({ text, marks, location, start, end, docId, chunk, score, legs }) => ({
        text,
        marks,
        location,
        start,
        end,
        docId,
        chunk,
        score,
        legs,
      }));
    expect(strip(response)).toEqual(strip(eager));
    expect(response.hits[0]!.text).toMatch(/glaciers/);
    expect(response.hits[0]!.marks?.length).toBeGreaterThan(0);
  });

  it('reads candidates’ texts when phrases or exclusions filter by text', async () => {
    const { lib } = await opened();
    const response = await searchPack(
      lib,
      { ...request, mode: 'keywords', query: 'lighthouses -"chunk 0"' },
      { unavailable: 'not asked for' },
    );
    expect(response.hits.length).toBe(3);
    for (const hit of response.hits) expect(hit.text).toMatch(/chunk 1 about lighthouses/);
  });
});
