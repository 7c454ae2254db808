// Evaluation in the app: the user picks a BEIR dataset folder; Sieve reads and checks it, indexes
// the corpus into a temporary collection with the user's own models (the embedder worker's queue,
// as any dropped file), runs every judged query through each search stage (keywords, meaning,
// hybrid, reranked) and scores it as BEIR does, with progress, ETA and Cancel. Afterwards the
// temporary collection is deleted unless the user keeps it; nothing else in the library changes.

import type { EmbedderClient } from '../clients/embedder-client';
import { errorMessage } from '../core/errors';
import { documentText } from '../core/eval/beir';
import {
  DEFAULT_EVAL_RERANK_DEPTH,
  EVAL_LIST_SIZE,
  EVAL_STAGES,
  IndexWatch,
  MetricTally,
  collectionName,
  documentRanking,
  evalPath,
  findBeirFolder,
  plainQuery,
  readBeirDataset,
  rerankedIds,
  type BeirDataset,
  type EvalStage,
  type RankedPassage,
} from '../core/eval/library-eval';
import { scoreRanking, type QueryMetrics } from '../core/eval/metrics';
import type { RerankService } from '../core/eval/rerank-lanes';
import { etaMs } from '../core/two-stage';
import type {
  CollectionSummary,
  DocumentSummary,
  IngestUpdate,
  QueueState,
  SearchMode,
} from '../core/types/library';
import { isLoading, type Backend, type ModelStatus } from '../core/types/models';

export type EvalPhase =
  'idle' | 'reading' | 'indexing' | 'querying' | 'done' | 'cancelled' | 'failed';

export interface EvalProgress {
  /** What is being done, e.g. "Indexing documents". */
  label: string;
  done: number;
  total: number;
  /** Remaining time at the pace so far, once measured. */
  etaMs?: number;
  /** `done` and `total` are bytes (reading a file) rather than items. */
  bytes?: boolean;
}

export interface StageRow {
  stage: EvalStage;
  label: string;
  state: 'waiting' | 'running' | 'done' | 'skipped';
  /** Why the stage was skipped. */
  reason?: string;
  /** Means over the queries scored so far. */
  metrics?: QueryMetrics;
  queries: number;
  msPerQuery?: number;
}

export interface EvalSummary {
  dataset: string;
  qrels: string;
  /** Queries run. */
  queries: number;
  /** Judged queries with a text (the run's queries are all of them, or a sample). */
  judged: number;
  /** Qrels query ids without a text in queries.jsonl (left out). */
  missingQueries: number;
  /** Run queries with no relevant document in the corpus (they score 0 in every stage). */
  withoutRelevant: number;
  documents: number;
  /** Corpus documents the queue did not store (failed, skipped, same text as another). */
  notIndexed: number;
  collection?: CollectionSummary;
  /** What became of the temporary collection once the run ended. */
  outcome?: string;
}

/** The dataset picked, as files. */
export interface PickedDataset {
  name: string;
  corpus: File;
  queries: File;
  qrels: Array<{ name: string; file: File }>;
}

/** What the evaluation reads of the library (LibraryState has it all). */
export interface EvalLibrary {
  readonly documents: readonly DocumentSummary[];
  readonly collections: readonly CollectionSummary[];
  readonly queue: readonly IngestUpdate[];
  readonly queueState: QueueState;
}

/** The search options it follows (SearchOptions has them). */
export interface EvalSearchOptions {
  instruction(): string;
  tokenBudget(backend: Backend): number;
  fusion(): { perLeg: number; rrfK: number };
}

export interface EvaluationDeps {
  embedder: Pick<
    EmbedderClient,
    'createCollection' | 'deleteCollection' | 'enqueue' | 'search' | 'cancelIndexing'
  >;
  /** Its own lane of the reranker (RerankLanes), so that its ids never stop a search's. */
  reranker: RerankService;
  library: EvalLibrary;
  options: EvalSearchOptions;
  embedderStatus: () => Pick<ModelStatus, 'phase'>;
  rerankBackend: () => Backend;
  /** Milliseconds (performance.now by default). */
  now?: () => number;
  /** How often indexing progress is read from the library (ms). */
  pollMs?: number;
  /** How long an idle queue may leave documents unaccounted for before the run goes on (ms). */
  stallMs?: number;
  /** Where the temporary collection is remembered until it is gone (localStorage by default). */
  store?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
}

const STAGE_LABELS: Record<EvalStage, string> = {
  keywords: 'Keywords (BM25)',
  meaning: 'Meaning (vectors)',
  hybrid: 'Hybrid (RRF)',
  reranked: 'Reranked',
};

/** Chunks asked for first: enough for 100 distinct documents unless documents are long. */
const FIRST_K = 2 * EVAL_LIST_SIZE;
const MAX_K = 32 * EVAL_LIST_SIZE;
/** Files per enqueue call (one storage transaction each). */
const ENQUEUE_BATCH = 500;
/** Tries of a rerank that another request (a search) interrupted. */
const RERANK_TRIES = 3;
const LEFTOVER_KEY = 'sieve:evaluation-collection';

class Cancelled extends Error {
  constructor() {
    super('Cancelled.');
  }
}

function defaultStore(): EvaluationDeps['store'] {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The text of a file, streamed (a large corpus never sits in one string), counting bytes read. */
async function* fileText(file: Blob, onBytes: (bytes: number) => void): AsyncGenerator<string> {
  let bytes = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
  const reader = counted.pipeThrough(new TextDecoderStream()).getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      onBytes(bytes);
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Ranked {
  ranked: RankedPassage[];
  ms: number;
  legs: Array<'keywords' | 'meaning'>;
  notice?: string;
}

export class EvaluationState {
  dataset = $state.raw<PickedDataset | null>(null);
  /** The qrels file chosen among the dataset's (name in qrels/). */
  qrelsName = $state('');
  /** Queries to run: the first N judged ones in qrels order; null (or empty) for all. */
  sampleSize = $state<number | null>(null);
  /** Hybrid documents the reranker reads per query. */
  rerankDepth = $state(DEFAULT_EVAL_RERANK_DEPTH);
  /** Keep the temporary collection afterwards. */
  keep = $state(false);

  phase = $state<EvalPhase>('idle');
  progress = $state.raw<EvalProgress | null>(null);
  /** Why the run waits (the queue is paused or blocked, the model is loading…). */
  notice = $state<string | null>(null);
  error = $state<string | null>(null);
  rows = $state.raw<StageRow[]>([]);
  summary = $state.raw<EvalSummary | null>(null);
  /** Set while Cancel is under way. */
  cancelling = $state(false);

  readonly #deps: EvaluationDeps;
  readonly #now: () => number;
  readonly #store: EvaluationDeps['store'];
  #cancel = false;
  #rerankId = 0;
  #tallies = {} as Record<EvalStage, MetricTally>;

  constructor(deps: EvaluationDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => performance.now());
    this.#store = deps.store === undefined ? defaultStore() : deps.store;
  }

  get running(): boolean {
    return this.phase === 'reading' || this.phase === 'indexing' || this.phase === 'querying';
  }

  /** Why Start is not possible now, or null. */
  get blocked(): string | null {
    if (this.running) return 'An evaluation is running.';
    if (!this.dataset) return 'Choose a BEIR dataset folder first.';
    if (this.#deps.library.queueState.remaining > 0)
      return 'Files are being indexed: wait until the queue is done (or cancel it), so that the evaluation neither waits for them nor times them.';
    return null;
  }

  /** A temporary collection an interrupted evaluation (a closed tab) left behind, if any. */
  get leftover(): CollectionSummary | null {
    if (this.running) return null;
    let saved: CollectionSummary | null = null;
    try {
      saved = JSON.parse(this.#store?.getItem(LEFTOVER_KEY) ?? 'null') as CollectionSummary | null;
    } catch {
      return null;
    }
    if (!saved || typeof saved.id !== 'string') return null;
    return this.#deps.library.collections.find((c) => c.id === saved.id) ?? null;
  }

  async removeLeftover(): Promise<void> {
    const leftover = this.leftover;
    if (!leftover) return;
    try {
      await this.#deps.embedder.deleteCollection(leftover.id);
      this.#store?.removeItem(LEFTOVER_KEY);
      this.error = null;
    } catch (error) {
      this.error = `Could not remove “${leftover.name}”: ${errorMessage(error)}`;
    }
  }

  /** Takes a picked folder's files (webkitRelativePath gives their paths). */
  pick(files: readonly File[]): void {
    if (this.running) return;
    this.error = null;
    this.phase = 'idle';
    this.summary = null;
    this.rows = [];
    this.progress = null;
    try {
      const paths = files.map((f) => f.webkitRelativePath || f.name);
      const found = findBeirFolder(paths);
      this.dataset = {
        name: found.name,
        corpus: files[found.corpus]!,
        queries: files[found.queries]!,
        qrels: found.qrels.map(({ name, index }) => ({ name, file: files[index]! })),
      };
      this.qrelsName = found.qrels[0]!.name;
    } catch (error) {
      this.dataset = null;
      this.error = errorMessage(error);
    }
  }

  /** Stops the run at its next step; the temporary collection is then deleted. */
  cancel(): void {
    if (!this.running || this.#cancel) return;
    this.#cancel = true;
    this.cancelling = true;
    if (this.#rerankId > 0) this.#deps.reranker.cancel(this.#rerankId);
  }

  async start(): Promise<void> {
    const blocked = this.blocked;
    const dataset = this.dataset;
    if (blocked || !dataset) {
      this.error = blocked;
      return;
    }
    const qrelsFile = dataset.qrels.find((q) => q.name === this.qrelsName) ?? dataset.qrels[0]!;
    const sample = this.sampleSize;
    const depth = this.rerankDepth;
    if (sample !== null && !(Number.isInteger(sample) && sample >= 1)) {
      this.error = 'The sample size must be a whole number of queries, 1 or more (empty: all).';
      return;
    }
    if (!(Number.isInteger(depth) && depth >= 0)) {
      this.error = 'The rerank depth must be a whole number, 0 or more.';
      return;
    }
    this.#cancel = false;
    this.cancelling = false;
    this.error = null;
    this.notice = null;
    this.summary = null;
    for (const stage of EVAL_STAGES) this.#tallies[stage] = new MetricTally();
    this.rows = EVAL_STAGES.map((stage) => ({
      stage,
      label: stage === 'reranked' ? `Reranked (top ${depth})` : STAGE_LABELS[stage],
      state: 'waiting',
      queries: 0,
    }));
    let watch: IndexWatch | undefined;
    let outcome: 'done' | 'cancelled' | 'failed' = 'done';
    try {
      this.phase = 'reading';
      const data = await this.#read(dataset, qrelsFile, sample);
      this.#checkCancel();
      this.phase = 'indexing';
      const collection = await this.#deps.embedder.createCollection(
        collectionName(dataset.name, this.#deps.library.collections),
      );
      watch = new IndexWatch(collection.id, this.#deps.library.queue);
      this.#store?.setItem(LEFTOVER_KEY, JSON.stringify(collection));
      this.summary = { ...this.summary!, collection };
      await this.#index(data, watch);
      this.phase = 'querying';
      await this.#query(data, watch, depth);
    } catch (error) {
      if (error instanceof Cancelled) outcome = 'cancelled';
      else {
        outcome = 'failed';
        this.error = errorMessage(error);
      }
    }
    this.notice = null;
    try {
      if (watch) await this.#finish(watch, outcome === 'cancelled' || !this.keep);
    } catch (error) {
      const why = `The temporary collection could not be deleted (${errorMessage(error)}): delete it in the collection list.`;
      this.error = this.error ? `${this.error} ${why}` : why;
    }
    // Stages that scored queries keep their numbers (a cancelled run's, over fewer queries); a
    // run that ended before any query shows no table.
    const scored = this.rows.some((row) => row.queries > 0);
    this.rows = this.rows.map((row): StageRow => {
      if (row.state === 'skipped' || row.state === 'done') return row;
      if (row.queries > 0) return { ...row, state: 'done' };
      return {
        ...row,
        state: 'skipped',
        reason: outcome === 'cancelled' ? 'cancelled' : 'not run',
      };
    });
    if (!scored && outcome !== 'done') this.rows = [];
    this.progress = null;
    this.cancelling = false;
    this.phase = outcome;
  }

  #checkCancel(): void {
    if (this.#cancel) throw new Cancelled();
  }

  /** Reads and checks the whole dataset before the library changes at all. */
  async #read(
    dataset: PickedDataset,
    qrelsFile: { name: string; file: File },
    sample: number | null,
  ): Promise<BeirDataset> {
    const path = `qrels/${qrelsFile.name}`;
    this.progress = { label: `Reading ${path}`, done: 0, total: qrelsFile.file.size, bytes: true };
    const text = await qrelsFile.file.text();
    const data = await readBeirDataset({
      qrels: { text, path },
      queries: this.#fileText('queries.jsonl', dataset.queries),
      corpus: this.#fileText('corpus.jsonl', dataset.corpus),
      sample,
    });
    this.summary = {
      dataset: dataset.name,
      qrels: path,
      queries: data.queries.length,
      judged: data.judged,
      missingQueries: data.missing,
      withoutRelevant: data.withoutRelevant,
      documents: data.documents.length,
      notIndexed: 0,
    };
    return data;
  }

  /** A file's text, streamed, with the bytes read as progress; Cancel stops the reading. */
  #fileText(name: string, file: Blob): AsyncGenerator<string> {
    return fileText(file, (bytes) => {
      this.#checkCancel();
      this.#reading(name, bytes, file);
    });
  }

  #reading(name: string, bytes: number, file: Blob): void {
    this.progress = { label: `Reading ${name}`, done: bytes, total: file.size, bytes: true };
  }

  /** Queues the corpus into the temporary collection and waits until it is stored. */
  async #index(data: BeirDataset, watch: IndexWatch): Promise<void> {
    const { embedder } = this.#deps;
    const total = data.documents.length;
    this.progress = { label: 'Queueing documents', done: 0, total };
    for (let at = 0; at < total; at += ENQUEUE_BATCH) {
      this.#checkCancel();
      const batch = data.documents.slice(at, at + ENQUEUE_BATCH).map((doc) => {
        const path = evalPath(doc.id);
        watch.add(path);
        return {
          file: new File([documentText(doc)], path, { type: 'text/plain' }),
          path,
          collection: watch.collection,
        };
      });
      await embedder.enqueue(batch);
      watch.sent += batch.length;
      this.progress = { label: 'Queueing documents', done: watch.sent, total };
    }

    const started = this.#now();
    let vectorsStarted: number | undefined;
    await this.#settle(watch, () => {
      const { stored, vectored, settled } = this.#count(watch);
      const phase = this.#deps.embedderStatus();
      const wantsVectors = phase.phase === 'ready' || isLoading(phase);
      if (settled < total) {
        this.progress = {
          label: 'Indexing documents',
          done: settled,
          total,
          etaMs: etaMs(settled, total, this.#now() - started),
        };
        this.notice = this.#queueNotice(isLoading(phase));
        return false;
      }
      if (!wantsVectors || vectored >= stored) return true;
      vectorsStarted ??= this.#now();
      this.progress = {
        label: 'Embedding documents',
        done: vectored,
        total: stored,
        etaMs: etaMs(vectored, stored, this.#now() - vectorsStarted),
      };
      this.notice = isLoading(phase) ? 'Waiting for the embedding model to load…' : null;
      return false;
    });
    this.notice = null;
    const { stored } = this.#count(watch);
    this.summary = { ...this.summary!, notIndexed: total - stored };
    if (stored === 0) throw new Error('No document of the corpus could be indexed.');
  }

  #queueNotice(modelLoading: boolean): string | null {
    const { queueState } = this.#deps.library;
    if (queueState.blocked) return `Indexing waits: ${queueState.blocked.message}`;
    if (queueState.paused) return 'Indexing is paused: resume it in the queue to go on.';
    if (modelLoading)
      return 'The embedding model is loading: documents are embedded as it is ready.';
    return null;
  }

  #count(watch: IndexWatch): { stored: number; vectored: number; settled: number } {
    return watch.count(this.#deps.library.documents, this.#deps.library.queue);
  }

  /**
   * Polls the library until `done()`; should the queue sit idle with nothing changing for a while
   * (its finished rows cleared before they were seen), goes on with what is there.
   */
  async #settle(watch: IndexWatch, done: () => boolean, cancellable = true): Promise<void> {
    const pollMs = this.#deps.pollMs ?? 250;
    const stallMs = this.#deps.stallMs ?? 5000;
    let last = -1;
    let since = this.#now();
    for (;;) {
      if (cancellable) this.#checkCancel();
      if (done()) return;
      const { settled, vectored } = this.#count(watch);
      const mark = settled * 1e9 + vectored;
      const idle = this.#deps.library.queueState.remaining === 0;
      if (mark !== last || !idle || settled >= watch.sent) {
        last = mark;
        since = this.#now();
      } else if (this.#now() - since >= stallMs) {
        // Nothing left in the queue, yet some files were never reported: they count as not stored.
        return;
      }
      await sleep(pollMs);
    }
  }

  async #query(data: BeirDataset, watch: IndexWatch, depth: number): Promise<void> {
    const collection = watch.collection;
    const total = data.queries.length;
    const { stored, vectored } = this.#count(watch);
    const status = this.#deps.embedderStatus();
    if (vectored < stored || stored === 0) {
      const why =
        status.phase === 'ready'
          ? `${stored - vectored} documents have no vectors yet`
          : 'embedding model not loaded';
      for (const stage of ['meaning', 'hybrid', 'reranked'] as const) this.#skip(stage, why);
    }
    if (depth === 0) this.#skip('reranked', 'rerank depth is 0');
    this.rows = this.rows.map((row) =>
      row.state === 'skipped' ? row : { ...row, state: 'running' },
    );
    const started = this.#now();
    this.progress = { label: 'Querying', done: 0, total };
    const active = (stage: EvalStage) => !this.#skippedStage(stage);

    for (const [done, query] of data.queries.entries()) {
      this.#checkCancel();
      const relevant = data.qrels.get(query.id)!;
      const text = plainQuery(query.text);
      const record = (stage: EvalStage, ids: string[], ms: number) =>
        this.#record(stage, scoreRanking(ids, relevant), ms);

      const keywords = await this.#rank(collection, text, 'keywords', query.id);
      record(
        'keywords',
        keywords.ranked.map((d) => d.id),
        keywords.ms,
      );
      for (const mode of ['meaning', 'hybrid'] as const) {
        if (!active(mode)) continue;
        this.#checkCancel();
        const ranked = await this.#rank(collection, text, mode, query.id);
        if (!ranked.legs.includes('meaning')) {
          const why = ranked.notice ?? 'embedding model not loaded';
          for (const stage of ['meaning', 'hybrid', 'reranked'] as const)
            this.#skip(stage, why, true);
          break;
        }
        record(
          mode,
          ranked.ranked.map((d) => d.id),
          ranked.ms,
        );
        if (mode === 'hybrid' && active('reranked')) {
          this.#checkCancel();
          try {
            const { ids, ms } = await this.#rerank(query.text, ranked.ranked.slice(0, depth));
            const rest = ranked.ranked.slice(depth).map((d) => d.id);
            record('reranked', [...ids, ...rest], ranked.ms + ms);
          } catch (error) {
            if (error instanceof Cancelled) throw error;
            this.#skip('reranked', `reranker failed (${errorMessage(error)})`, true);
          }
        }
      }
      this.progress = {
        label: 'Querying',
        done: done + 1,
        total,
        etaMs: etaMs(done + 1, total, this.#now() - started),
      };
    }
  }

  #skippedStage(stage: EvalStage): boolean {
    return this.rows.find((row) => row.stage === stage)?.state === 'skipped';
  }

  /** Marks a stage skipped (its partial numbers dropped when `dropPartial`). */
  #skip(stage: EvalStage, reason: string, dropPartial = false): void {
    this.rows = this.rows.map((row) =>
      row.stage !== stage || row.state === 'skipped'
        ? row
        : {
            ...row,
            state: 'skipped',
            reason,
            ...(dropPartial ? { metrics: undefined, queries: 0, msPerQuery: undefined } : {}),
          },
    );
  }

  #record(stage: EvalStage, metrics: QueryMetrics, ms: number): void {
    const tally = this.#tallies[stage];
    tally.add(metrics, ms);
    this.rows = this.rows.map((row) =>
      row.stage === stage
        ? { ...row, metrics: tally.means, queries: tally.count, msPerQuery: tally.msPerQuery }
        : row,
    );
  }

  /**
   * The first 100 documents for a query, each by its best chunk. Long documents fill a chunk list
   * with few documents: it asks for more chunks until there are 100 or the collection has no more.
   */
  async #rank(
    collection: string,
    query: string,
    mode: SearchMode,
    queryId: string,
  ): Promise<Ranked> {
    const { embedder, options } = this.#deps;
    const fusion = options.fusion();
    let ms = 0;
    for (let k = FIRST_K; ; k *= 4) {
      const started = this.#now();
      const response = await embedder.search({
        query,
        k,
        mode,
        ...fusion,
        instruction: options.instruction(),
        scope: { collection },
      });
      ms += this.#now() - started;
      const ranked = documentRanking(response.hits, EVAL_LIST_SIZE, queryId);
      if (ranked.length >= EVAL_LIST_SIZE || response.hits.length < k || k >= MAX_K)
        return { ranked, ms, legs: response.legs, notice: response.notice };
    }
  }

  /** The reranker's order of `head` (best first) and the time it took, its model load left out. */
  async #rerank(
    query: string,
    head: readonly RankedPassage[],
  ): Promise<{ ids: string[]; ms: number }> {
    if (head.length === 0) return { ids: [], ms: 0 };
    const { reranker, options } = this.#deps;
    for (let attempt = 1; ; attempt++) {
      const id = ++this.#rerankId;
      const started = this.#now();
      const result = await reranker.rerank(
        {
          id,
          query,
          instruction: options.instruction(),
          documents: head.map((d) => d.text),
          maxTokens: options.tokenBudget(this.#deps.rerankBackend()),
        },
        () => {},
      );
      this.#checkCancel();
      if (!result.superseded) {
        const ms = Math.max(0, this.#now() - started - result.loadMs);
        return { ids: rerankedIds(head, result.scores), ms };
      }
      if (attempt >= RERANK_TRIES)
        throw new Error('searches kept interrupting it; evaluate without searching meanwhile');
    }
  }

  /**
   * Deletes the temporary collection (`remove`) or keeps it. Files of the run still in the queue
   * would land in a deleted collection: they are cancelled first when the queue holds nothing
   * else, else waited for, and the collection is deleted once none is left.
   */
  async #finish(watch: IndexWatch, remove: boolean): Promise<void> {
    const collection = this.summary?.collection ?? { id: watch.collection, name: watch.collection };
    if (!remove) {
      this.#store?.removeItem(LEFTOVER_KEY);
      this.#outcome(`Kept as the collection “${collection.name}”.`);
      return;
    }
    const progress = { label: 'Removing the temporary collection', done: 0, total: 1 };
    this.progress = progress;
    if (this.#count(watch).settled < watch.sent) {
      if (!watch.othersWaiting(this.#deps.library.queue))
        await this.#deps.embedder.cancelIndexing();
      await this.#settle(watch, () => this.#count(watch).settled >= watch.sent, false);
    }
    this.progress = progress;
    await this.#deps.embedder.deleteCollection(collection.id);
    this.#store?.removeItem(LEFTOVER_KEY);
    this.#outcome(`The temporary collection “${collection.name}” was deleted.`);
  }

  #outcome(outcome: string): void {
    if (this.summary) this.summary = { ...this.summary, outcome };
  }
}
