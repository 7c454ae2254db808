// A Sieve pack's manifest (pure): what a pack holds and everything needed to search it correctly
// (vector space, query format, chunker, keyword analyzer), with its shard list. `readManifest`
// refuses anything that is not a complete manifest of a version this code reads.

export const PACK_FORMAT = 'sieve-pack';
/** Bumped when a reader of the previous version could misread a pack; readers refuse newer ones. */
export const PACK_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
/** How queries are written for the embedder: `{instruction}` and `{query}` are filled in. */
export const QUERY_TEMPLATE = 'Instruct: {instruction}\nQuery:{query}';

/** A pack that cannot be used, with a message for the user. */
export class PackError extends Error {
  override name = 'PackError';
}

export const SHARD_KINDS = ['documents', 'chunks', 'vectors', 'exact', 'keywords'] as const;
export type ShardKind = (typeof SHARD_KINDS)[number];

export interface PackShard {
  kind: ShardKind;
  /** File name in the pack (content-hashed: a changed shard gets a new name). */
  file: string;
  bytes: number;
  /** SHA-256 of the file, lowercase hex. */
  sha256: string;
  /** Chunk rows [from, to) it holds (chunks, vectors and exact shards). */
  rows?: [number, number];
}

/** The vector space: vectors are only comparable with queries embedded the same way. */
export interface PackEmbedding {
  modelId: string;
  /** The weights' revision (commit or ETag) where known. */
  revision?: string;
  dtype: string;
  pooling: 'last-token';
  normalized: true;
  dimension: number;
  /** The model's own size; a smaller `dimension` is a Matryoshka cut, normalised again. */
  fullDimension?: number;
  queryTemplate: string;
  /** The instruction the pack's queries are meant to use. */
  instruction: string;
}

export interface PackVectors {
  /** Every pack has int8 codes with one float32 scale per row (value = code × scale). */
  codes: 'int8';
  /** float32 rows for exact rescoring, or null in an int8-only pack. */
  exact: 'float32' | null;
  endianness: 'little';
}

export interface PackChunking {
  /** The tokenizer chunks were measured with (the embedding model's). */
  tokenizer: string;
  maxTokens: number;
  overlapTokens: number;
  /** Each chunk is embedded behind its heading path ("A › B\n\n" + text). */
  headingContext: boolean;
}

export interface PackKeywords {
  analyzer: string;
  k1: number;
  b: number;
  /** BM25 corpus statistics: chunks (N), their mean length in terms, distinct terms, postings. */
  chunks: number;
  averageLength: number;
  terms: number;
  postings: number;
}

export interface PackManifest {
  format: typeof PACK_FORMAT;
  version: number;
  title: string;
  /** ISO 8601. */
  createdAt: string;
  /** What wrote the pack, e.g. "sieve 0.1.0 (node)". */
  generator: string;
  documents: number;
  chunks: number;
  embedding: PackEmbedding;
  vectors: PackVectors;
  chunking: PackChunking;
  keywords: PackKeywords;
  shards: PackShard[];
}

/** Shard file names: no folders, nothing a URL or a path could escape with. */
const SAFE_FILE = /^[a-z0-9][a-z0-9._-]{0,127}$/;
const SHA256 = /^[0-9a-f]{64}$/;

type Check = (value: unknown) => boolean;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text: Check = (v) => typeof v === 'string';
const nonEmpty: Check = (v) => typeof v === 'string' && v.trim() !== '';
const count: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const positive: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 1;
const finite: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const oneOf =
  (...values: unknown[]): Check =>
  (v) =>
    values.includes(v);

function fieldsProblem(
  where: string,
  value: unknown,
  fields: Record<string, Check>,
): string | null {
  if (!isObject(value)) return `${where} is missing`;
  for (const [name, check] of Object.entries(fields)) {
    if (!check(value[name])) return `${where}.${name} is missing or invalid`;
  }
  return null;
}

/** Why the row ranges of one shard kind do not cover [0, chunks) in order, or null. */
function rowsProblem(shards: readonly PackShard[], kind: ShardKind, chunks: number) {
  let next = 0;
  for (const shard of shards.filter((s) => s.kind === kind)) {
    const [from, to] = shard.rows ?? [-1, -1];
    if (from !== next || to <= from) return `the ${kind} shards do not cover the chunks in order`;
    next = to;
  }
  return next === chunks ? null : `the ${kind} shards cover ${next} of ${chunks} chunks`;
}

function shardsProblem(m: Record<string, unknown>): string | null {
  if (!Array.isArray(m.shards)) return 'shards is missing';
  for (const [i, shard] of m.shards.entries()) {
    const problem = fieldsProblem(`shards[${i}]`, shard, {
      kind: oneOf(...SHARD_KINDS),
      file: (v) => typeof v === 'string' && SAFE_FILE.test(v) && v !== MANIFEST_FILE,
      bytes: count,
      sha256: (v) => typeof v === 'string' && SHA256.test(v),
      rows: optional(
        (v) => Array.isArray(v) && v.length === 2 && count(v[0]) && count(v[1]) && v[0] <= v[1],
      ),
    });
    if (problem) return problem;
  }
  const shards = m.shards as PackShard[];
  for (const kind of ['documents', 'keywords'] as const) {
    const n = shards.filter((s) => s.kind === kind).length;
    if (n !== 1) return `a pack has one ${kind} shard, this one has ${n}`;
  }
  const chunks = m.chunks as number;
  const ranged: ShardKind[] = ['chunks', 'vectors'];
  if ((m.vectors as PackVectors).exact !== null) ranged.push('exact');
  else if (shards.some((s) => s.kind === 'exact')) return 'an int8-only pack lists exact shards';
  for (const kind of ranged) {
    const problem = rowsProblem(shards, kind, chunks);
    if (problem) return problem;
  }
  return null;
}

/** Why `value` is not a manifest this code can use, or null. */
export function manifestProblem(value: unknown): string | null {
  if (!isObject(value) || value.format !== PACK_FORMAT) return 'it is not a Sieve pack';
  if (!positive(value.version)) return 'its version is missing';
  if ((value.version as number) > PACK_VERSION) {
    return `it was made by a newer Sieve (pack version ${String(value.version)}; this version reads up to ${PACK_VERSION}): update Sieve to open it`;
  }
  return (
    fieldsProblem('manifest', value, {
      title: text,
      createdAt: text,
      generator: text,
      documents: count,
      chunks: count,
    }) ??
    fieldsProblem('embedding', value.embedding, {
      modelId: nonEmpty,
      revision: optional(text),
      dtype: nonEmpty,
      pooling: oneOf('last-token'),
      normalized: oneOf(true),
      dimension: positive,
      fullDimension: optional(positive),
      queryTemplate: (v) => typeof v === 'string' && v.includes('{query}'),
      instruction: text,
    }) ??
    fieldsProblem('vectors', value.vectors, {
      codes: oneOf('int8'),
      exact: oneOf('float32', null),
      endianness: oneOf('little'),
    }) ??
    fieldsProblem('chunking', value.chunking, {
      tokenizer: nonEmpty,
      maxTokens: positive,
      overlapTokens: count,
      headingContext: (v) => typeof v === 'boolean',
    }) ??
    fieldsProblem('keywords', value.keywords, {
      analyzer: nonEmpty,
      k1: finite,
      b: (v) => finite(v) && (v as number) <= 1,
      chunks: count,
      averageLength: finite,
      terms: count,
      postings: count,
    }) ??
    shardsProblem(value)
  );
}

/** The manifest in `json`; throws a PackError that says what is wrong. */
export function readManifest(json: string): PackManifest {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new PackError('This is not a Sieve pack: its manifest.json is not JSON.');
  }
  const problem = manifestProblem(value);
  if (problem) throw new PackError(`This pack cannot be opened: ${problem}.`);
  return value as PackManifest;
}

/** Shards of one kind in row order. */
export const shardsOf = (manifest: PackManifest, kind: ShardKind): PackShard[] =>
  manifest.shards.filter((s) => s.kind === kind);

/** The shard of `kind` holding chunk `row`. */
export function shardOfRow(manifest: PackManifest, kind: ShardKind, row: number): PackShard {
  const shard = shardsOf(manifest, kind).find((s) => s.rows && row >= s.rows[0] && row < s.rows[1]);
  if (!shard) throw new RangeError(`No ${kind} shard holds row ${row}`);
  return shard;
}

/** The identity the app compares with its embedder: model, dtype and dimension. */
export const vectorSpaceOf = ({ embedding }: PackManifest) => ({
  modelId: embedding.modelId,
  dtype: embedding.dtype,
  dimension: embedding.dimension,
});
