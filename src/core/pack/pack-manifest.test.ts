import { describe, expect, it } from 'vitest';
import { sampleInput } from '../../../test/packs';
import { buildPack } from './pack-build';
import { manifestProblem, readManifest, PACK_VERSION, type PackManifest } from './pack-manifest';

const built = buildPack(sampleInput(3, 2, 8));
const valid = async () => structuredClone((await built).manifest) as PackManifest;

/** Every leaf path of the manifest's fixed fields (shards handled separately). */
const FIELDS = [
  'format',
  'version',
  'title',
  'createdAt',
  'generator',
  'documents',
  'chunks',
  'embedding.modelId',
  'embedding.dtype',
  'embedding.pooling',
  'embedding.normalized',
  'embedding.dimension',
  'embedding.queryTemplate',
  'embedding.instruction',
  'vectors.codes',
  'vectors.exact',
  'vectors.endianness',
  'chunking.tokenizer',
  'chunking.maxTokens',
  'chunking.overlapTokens',
  'chunking.headingContext',
  'keywords.analyzer',
  'keywords.k1',
  'keywords.b',
  'keywords.chunks',
  'keywords.averageLength',
  'keywords.terms',
  'keywords.postings',
  'shards',
];

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = target;
  for (const part of parts.slice(0, -1)) at = at[part] as Record<string, unknown>;
  const last = parts.at(-1)!;
  if (value === undefined) delete at[last];
  else at[last] = value;
}

describe('pack manifest validation', () => {
  it('accepts what the builder writes', async () => {
    expect(manifestProblem(await valid())).toBeNull();
  });

  it.each(FIELDS)('refuses a manifest without %s or with a wrong type', async (path) => {
    const missing = await valid();
    setPath(missing as unknown as Record<string, unknown>, path, undefined);
    expect(manifestProblem(missing)).not.toBeNull();
    const wrong = await valid();
    setPath(wrong as unknown as Record<string, unknown>, path, { nested: 'object' });
    expect(manifestProblem(wrong)).not.toBeNull();
  });

  it('refuses out-of-range numbers and unknown values', async () => {
    const cases: Array<[string, unknown]> = [
      ['embedding.dimension', 0],
      ['embedding.dimension', 1.5],
      ['chunking.maxTokens', -1],
      ['keywords.b', 1.5],
      ['keywords.k1', -0.1],
      ['embedding.pooling', 'mean'],
      ['vectors.endianness', 'big'],
      ['embedding.queryTemplate', 'no placeholder'],
      ['documents', -2],
    ];
    for (const [path, value] of cases) {
      const m = await valid();
      setPath(m as unknown as Record<string, unknown>, path, value);
      expect(manifestProblem(m), `${path} = ${String(value)}`).not.toBeNull();
    }
  });

  it('names a newer version and a foreign file', async () => {
    const newer = { ...(await valid()), version: PACK_VERSION + 1 };
    expect(manifestProblem(newer)).toMatch(/newer Sieve/);
    expect(manifestProblem({ format: 'pagefind' })).toBe('it is not a Sieve pack');
    expect(() => readManifest('{not json')).toThrow(/not JSON/);
  });

  it('refuses shard lists that are unsafe, incomplete or out of order', async () => {
    const base = await valid();
    const mutate = (change: (m: PackManifest) => void) => {
      const m = structuredClone(base);
      change(m);
      return manifestProblem(m);
    };
    const chunkShard = (m: PackManifest) => m.shards.find((s) => s.kind === 'chunks')!;
    expect(mutate((m) => (chunkShard(m).file = '../etc/passwd'))).toMatch(/file/);
    expect(mutate((m) => (chunkShard(m).file = 'manifest.json'))).toMatch(/file/);
    expect(mutate((m) => (chunkShard(m).sha256 = 'abc'))).toMatch(/sha256/);
    expect(mutate((m) => (chunkShard(m).rows = [0, 5]))).toMatch(/cover/);
    expect(mutate((m) => (m.shards = m.shards.filter((s) => s.kind !== 'keywords')))).toMatch(
      /one keywords shard/,
    );
    expect(mutate((m) => (m.shards = m.shards.filter((s) => s.kind !== 'exact')))).toMatch(
      /exact shards cover/,
    );
    expect(mutate((m) => (m.vectors.exact = null))).toMatch(/int8-only pack lists exact/);
    expect(mutate((m) => (m.chunks += 1))).toMatch(/cover/);
  });
});
