// Shared parts of `npm run bench:index` (Node): the row format written to
// bench-results/index.json, the run configuration passed to each child process, and helpers.

export type Backend = 'flat-f32' | 'flat-int8' | 'js-flat' | 'voy';

export const K = 10;
export const ROWS_PER_DOC = 20;
export const DATA_SEED = 1;
export const QUERY_SEED = 2;

export interface Row {
  runtime: 'node' | 'chromium';
  backend: Backend;
  n: number;
  dim: number;
  /** Dims the backend actually indexes (voy: ≤ 768, MRL-truncated). */
  index_dim: number;
  build_ms: number | null;
  queries: number | null;
  query_p50_ms: number | null;
  query_p95_ms: number | null;
  recall_at_10: number | null;
  bytes_per_vector: number | null;
  idb_save_ms: number | null;
  idb_load_ms: number | null;
  note: string;
}

/** One child process's work: one data set, several backends measured one after another. */
export interface RunConfig {
  n: number;
  dim: number;
  backends: Backend[];
  /** Timed queries per backend (k = 10). */
  queries: Partial<Record<Backend, number>>;
  /** voy only: give up once building has taken longer than this. */
  voyBuildLimitMs: number;
}

export const round = (x: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export function emptyRow(
  backend: Backend,
  n: number,
  dim: number,
  runtime: Row['runtime'] = 'node',
): Row {
  return {
    runtime,
    backend,
    n,
    dim,
    index_dim: dim,
    build_ms: null,
    queries: null,
    query_p50_ms: null,
    query_p95_ms: null,
    recall_at_10: null,
    bytes_per_vector: null,
    idb_save_ms: null,
    idb_load_ms: null,
    note: '',
  };
}

/** Prefix of the one stdout line on which a child process reports its rows. */
export const ROWS_PREFIX = 'BENCH_INDEX_ROWS ';
