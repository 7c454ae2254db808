// Evaluating through the app's own library and search (pure): which files of a picked folder make
// a BEIR dataset, which judged queries run, how a BEIR document is stored (one text file named by
// its id) and read back from chunk hits, the reranked order, and running means per stage. The
// page drives it (src/state/evaluation.svelte.ts); scripts/eval runs the engine directly.

import { FINAL_STATUSES, type DocumentSummary, type IngestUpdate } from '../types/library';
import {
  jsonLines,
  parseCorpusLine,
  parseQrels,
  parseQueryLine,
  type BeirDocument,
  type BeirQuery,
  type Qrels,
} from './beir';
import type { QueryMetrics } from './metrics';
import { judgedQueries, type JudgedQueries } from './evaluate';
import { rerankOrder } from './stage-rankings';

/** The stages, list size and rerank depth of `npm run eval`, so the app's figures compare. */
export {
  STAGES as EVAL_STAGES,
  type Stage as EvalStage,
  DEFAULT_LIST_SIZE as EVAL_LIST_SIZE,
  DEFAULT_RERANK_DEPTH as DEFAULT_EVAL_RERANK_DEPTH,
} from './evaluate';

/** Where a dataset's files are among the picked paths (indexes into them). */
export interface BeirFolder {
  /** The dataset folder's name (its path inside the pick when deeper). */
  name: string;
  corpus: number;
  queries: number;
  /** Files in qrels/, by name; `test.tsv` first when present, then by name. */
  qrels: Array<{ name: string; index: number }>;
}

const segmentsOf = (path: string) => path.split('/').filter((s) => s !== '');
const hidden = (segments: readonly string[]) =>
  segments.some((s) => s.startsWith('.') || s.toLowerCase() === '__macosx');

/** The split BEIR evaluates on, chosen first when a dataset has several qrels files. */
export const DEFAULT_QRELS = 'test.tsv';

/**
 * Finds a BEIR dataset (corpus.jsonl, queries.jsonl, qrels/*.tsv) among a picked folder's
 * '/'-separated paths: the folder may be the dataset itself or hold it deeper. Throws, saying what
 * is missing, when there is none or more than one.
 */
export function findBeirFolder(paths: readonly string[]): BeirFolder {
  const entries = paths
    .map((path, index) => ({ segments: segmentsOf(path), index }))
    .filter(({ segments }) => segments.length > 0 && !hidden(segments));
  const nameOf = (segments: readonly string[]) => segments[segments.length - 1]!;
  const corpora = entries.filter(({ segments }) => nameOf(segments) === 'corpus.jsonl');
  if (corpora.length === 0) {
    const packed = entries.find(({ segments }) => /\.(gz|zip|tar|tgz)$/i.test(nameOf(segments)));
    if (packed)
      throw new Error(
        `No corpus.jsonl in the folder, only the packed ${nameOf(packed.segments)}: unpack it first.`,
      );
    throw new Error(
      'No corpus.jsonl in the folder: pick a BEIR dataset folder (corpus.jsonl, queries.jsonl and qrels/test.tsv).',
    );
  }
  const depth = Math.min(...corpora.map(({ segments }) => segments.length));
  const shallowest = corpora.filter(({ segments }) => segments.length === depth);
  const dirOf = (segments: readonly string[]) => segments.slice(0, -1).join('/');
  if (shallowest.length > 1) {
    const names = shallowest.map(({ segments }) => dirOf(segments) || '.').join(', ');
    throw new Error(`The folder holds several datasets (${names}): pick one of them.`);
  }
  const corpus = shallowest[0]!;
  const root = dirOf(corpus.segments);
  const inRoot = (segments: readonly string[], dir: string) => dirOf(segments) === dir;
  const queries = entries.find(
    ({ segments }) => inRoot(segments, root) && nameOf(segments) === 'queries.jsonl',
  );
  const where = root === '' ? 'the folder' : root;
  if (!queries) throw new Error(`queries.jsonl is missing next to corpus.jsonl (in ${where}).`);
  const qrelsDir = root === '' ? 'qrels' : `${root}/qrels`;
  const qrels = entries
    .filter(
      ({ segments }) => inRoot(segments, qrelsDir) && /\.(tsv|txt|qrels)$/i.test(nameOf(segments)),
    )
    .map(({ segments, index }) => ({ name: nameOf(segments), index }))
    .sort((a, b) =>
      a.name === DEFAULT_QRELS ? -1 : b.name === DEFAULT_QRELS ? 1 : a.name < b.name ? -1 : 1,
    );
  if (qrels.length === 0)
    throw new Error(`No relevance judgements: qrels/test.tsv is missing (in ${where}).`);
  const name = root === '' ? 'dataset' : nameOf(segmentsOf(root));
  return { name, corpus: corpus.index, queries: queries.index, qrels };
}

export type QuerySelection = JudgedQueries;

/** The judged queries to run (see judgedQueries: the same ones `npm run eval -- --sample` takes). */
export function selectQueries(
  texts: ReadonlyMap<string, string>,
  qrels: Qrels,
  sample?: number | null,
): QuerySelection {
  return judgedQueries(texts, qrels, sample ?? undefined);
}

/** How many of `queries` have no document the qrels call relevant (grade > 0) in the corpus. */
export function queriesWithoutRelevant(
  queries: readonly BeirQuery[],
  qrels: Qrels,
  inCorpus: (docId: string) => boolean,
): number {
  return queries.filter(({ id }) => {
    for (const [docId, grade] of qrels.get(id) ?? [])
      if (grade > 0 && inCorpus(docId)) return false;
    return true;
  }).length;
}

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

type Chunks = AsyncIterable<string> | Iterable<string>;

export interface DatasetSource {
  /** The qrels file's text and its path in messages (e.g. "qrels/test.tsv"). */
  qrels: { text: string; path: string };
  /** queries.jsonl and corpus.jsonl, streamed. */
  queries: Chunks;
  corpus: Chunks;
  sample?: number | null;
}

export interface BeirDataset extends QuerySelection {
  qrels: Qrels;
  documents: BeirDocument[];
  /** Queries run that have no relevant document in the corpus. */
  withoutRelevant: number;
}

/**
 * Reads and checks a whole dataset: malformed lines (file and line number), duplicate document
 * ids, judgements of queries that queries.jsonl lacks or of documents the corpus lacks.
 */
export async function readBeirDataset(source: DatasetSource): Promise<BeirDataset> {
  const { path } = source.qrels;
  const qrels = parseQrels(source.qrels.text, path);
  if (qrels.size === 0) throw new Error(`${path} holds no judgements.`);

  const texts = new Map<string, string>();
  for await (const { line, lineNumber } of jsonLines(source.queries)) {
    const query = parseQueryLine(line, lineNumber, 'queries.jsonl');
    if (qrels.has(query.id)) texts.set(query.id, query.text);
  }
  const selection = selectQueries(texts, qrels, source.sample);
  if (selection.judged === 0)
    throw new Error(
      `None of the ${qrels.size} queries judged in ${path} is in queries.jsonl: are they from the same dataset?`,
    );

  const documents: BeirDocument[] = [];
  const lineOf = new Map<string, number>();
  for await (const { line, lineNumber } of jsonLines(source.corpus)) {
    const doc = parseCorpusLine(line, lineNumber, 'corpus.jsonl');
    const earlier = lineOf.get(doc.id);
    if (earlier !== undefined)
      throw new Error(
        `corpus.jsonl line ${lineNumber}: document id "${doc.id}" is already on line ${earlier}.`,
      );
    lineOf.set(doc.id, lineNumber);
    documents.push(doc);
  }
  if (documents.length === 0) throw new Error('corpus.jsonl holds no documents.');
  const { queries } = selection;
  const withoutRelevant = queriesWithoutRelevant(queries, qrels, (id) => lineOf.has(id));
  if (withoutRelevant === queries.length) {
    const which = queries.length === 1 ? 'the query' : `these ${queries.length} queries`;
    throw new Error(
      `No document that ${path} marks relevant for ${which} is in corpus.jsonl: are they from the same dataset?`,
    );
  }
  return { ...selection, qrels, documents, withoutRelevant };
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
