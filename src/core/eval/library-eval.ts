// Evaluating through the app's own library and search (pure): how a BEIR document is stored (one
// text file named by its id) and read back from chunk hits, the reranked order, running means per
// stage, and the corpus followed through the queue. The page drives it (src/state/
// evaluation.svelte.ts), reading the dataset with beir-folder.ts; scripts/eval runs the engine.

import { FINAL_STATUSES, type DocumentSummary, type IngestUpdate } from '../types/library';
import type { QueryMetrics } from './metrics';
import { rerankOrder } from './stage-rankings';

/** The stages, list size and rerank depth of `npm run eval`, so the app's figures compare. */
export {
  STAGES as EVAL_STAGES,
  type Stage as EvalStage,
  DEFAULT_LIST_SIZE as EVAL_LIST_SIZE,
  DEFAULT_RERANK_DEPTH as DEFAULT_EVAL_RERANK_DEPTH,
} from './evaluate';

const SUFFIX = '.txt';

/** The path (and file name) a BEIR document is stored under: its id, as a text file. */
export const evalPath = (docId: string): string => `${docId}${SUFFIX}`;

/** The BEIR id of a document stored by `evalPath`. */
export const beirIdOf = (path: string): string =>
  path.endsWith(SUFFIX) ? path.slice(0, -SUFFIX.length) : path;

const QUOTES = /["\u201C\u201D\u201E\uFF02]/gu;
const EXCLUSION = /(^|\s)-+(?=\S)/gu;

/**
 * A query's text with the search box's syntax taken out: quotes would make phrases that hits must
 * contain and a leading '-' would exclude a word, while BEIR scores every word alike. Hyphens inside
 * words ("covid-19") stay.
 */
export function plainQuery(text: string): string {
  return text.replace(QUOTES, ' ').replace(EXCLUSION, '$1').replace(/\s+/gu, ' ').trim();
}

/** A ranked document: its BEIR id and the passage (chunk text) that ranked it. */
export interface RankedPassage {
  id: string;
  text: string;
}

/**
 * Documents from chunk hits (best first) as BEIR ranks them: each by its best chunk, that is its
 * first hit, the first `n`, never the query's own id (BEIR leaves identical ids out).
 */
export function documentRanking(
  hits: ReadonlyArray<{ docPath: string; text: string }>,
  n: number,
  exclude?: string,
): RankedPassage[] {
  const ranked: RankedPassage[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    if (ranked.length >= n) break;
    const id = beirIdOf(hit.docPath);
    if (id === exclude || seen.has(id)) continue;
    seen.add(id);
    ranked.push({ id, text: hit.text });
  }
  return ranked;
}

/**
 * The reranked list: the first `scores.length` documents by score, best first (ties keep their
 * order, NaN after every number), then the rest of `ranked` in its order.
 */
export function rerankedIds(ranked: readonly RankedPassage[], scores: ArrayLike<number>): string[] {
  const head = ranked.slice(0, scores.length);
  const order = rerankOrder(scores).filter((i) => i < head.length);
  return [...order.map((i) => head[i]!.id), ...ranked.slice(head.length).map((d) => d.id)];
}

/** Running means of the metrics and of the time per query, as queries finish. */
export class MetricTally {
  #count = 0;
  #ms = 0;
  #sums: QueryMetrics = { ndcgAt10: 0, mrrAt10: 0, recallAt100: 0, pAt5: 0 };

  add(metrics: QueryMetrics, ms: number): void {
    this.#count++;
    this.#ms += ms;
    for (const key of Object.keys(this.#sums) as Array<keyof QueryMetrics>)
      this.#sums[key] += metrics[key];
  }

  get count(): number {
    return this.#count;
  }

  /** Mean of each metric (NaN before the first query, as meanMetrics). */
  get means(): QueryMetrics {
    const n = this.#count;
    const s = this.#sums;
    return {
      ndcgAt10: s.ndcgAt10 / n,
      mrrAt10: s.mrrAt10 / n,
      recallAt100: s.recallAt100 / n,
      pAt5: s.pAt5 / n,
    };
  }

  get msPerQuery(): number {
    return this.#count === 0 ? 0 : this.#ms / this.#count;
  }
}

/** Longest collection name the library accepts. */
const MAX_COLLECTION_NAME = 80;

/** The temporary collection's name: the dataset's, unused among `taken` (compared without case). */
export function collectionName(dataset: string, taken: ReadonlyArray<{ name: string }>): string {
  const names = new Set(taken.map((c) => c.name.toLowerCase()));
  const base = `Evaluation: ${dataset}`.slice(0, MAX_COLLECTION_NAME - 4).trim();
  if (!names.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const name = `${base} ${n}`;
    if (!names.has(name.toLowerCase())) return name;
  }
}

/** A library document as the watch needs it. */
type StoredDocument = Pick<DocumentSummary, 'path' | 'collection' | 'indexed'>;
/** A queue row as the watch needs it. */
type QueueRow = Pick<IngestUpdate, 'key' | 'name' | 'status'>;

/**
 * Follows the corpus through the indexing queue into the library: which of its files are stored
 * (and with vectors), and which the queue finished without storing them (failed, skipped, the
 * same text as another, cancelled). Queue rows carry no collection: the run's rows are those named
 * by its paths that were not in the queue before it.
 */
export class IndexWatch {
  readonly #paths = new Set<string>();
  readonly #before: ReadonlySet<string>;
  /** Paths the queue finished without storing, once seen (rows may be cleared later). */
  readonly #ended = new Set<string>();
  /** Files sent to the queue. */
  sent = 0;

  constructor(
    readonly collection: string,
    queueBefore: readonly QueueRow[],
  ) {
    this.#before = new Set(queueBefore.map((row) => row.key));
  }

  add(path: string): void {
    this.#paths.add(path);
  }

  #ours(row: QueueRow): boolean {
    return !this.#before.has(row.key) && this.#paths.has(row.name);
  }

  count(
    documents: readonly StoredDocument[],
    queue: readonly QueueRow[],
  ): { stored: number; vectored: number; settled: number } {
    const stored = new Set<string>();
    let vectored = 0;
    for (const doc of documents) {
      if (doc.collection !== this.collection || !this.#paths.has(doc.path)) continue;
      stored.add(doc.path);
      if (doc.indexed) vectored++;
    }
    for (const row of queue)
      if (this.#ours(row) && FINAL_STATUSES.has(row.status) && !stored.has(row.name))
        this.#ended.add(row.name);
    let ended = 0;
    for (const path of this.#ended) if (!stored.has(path)) ended++;
    return { stored: stored.size, vectored, settled: stored.size + ended };
  }

  /** Whether the queue holds files of others still to index (a queue Cancel would drop them). */
  othersWaiting(queue: readonly QueueRow[]): boolean {
    return queue.some((row) => !FINAL_STATUSES.has(row.status) && !this.#ours(row));
  }
}
