// Evaluation in the app: the user picks a BEIR dataset folder; Sieve reads and checks it, indexes
// the corpus into a temporary collection with the user's own models (the embedder worker's queue,
// as any dropped file), runs every judged query through each search stage (keywords, meaning,
// hybrid, reranked) and scores it as BEIR does, with progress, ETA and Cancel. Afterwards the
// temporary collection is deleted unless the user keeps it; nothing else in the library changes.

import { errorMessage } from '../core/errors';
import {
  DEFAULT_EVAL_RERANK_DEPTH,
  EVAL_STAGES,
  IndexWatch,
  MetricTally,
  collectionName,
  type EvalStage,
} from '../core/eval/library-eval';
import type { BeirDataset } from '../core/eval/beir-folder';
import { scoreRanking, type QueryMetrics } from '../core/eval/metrics';
import { etaMs } from '../core/two-stage';
import type { CollectionSummary } from '../core/types/library';
import { EvalIndexing } from './eval-indexing';
import { Cancelled, EvalReranker } from './eval-search';
import { runQueryStages } from './eval-query';
import { finalRows, isSkipped, skipStage, waitingRows, withTally } from './eval-stage-rows';
import type {
  EvalPhase,
  EvalProgress,
  EvalSummary,
  EvaluationDeps,
  PickedDataset,
  StageRow,
} from './evaluation-types';
import { pickedDataset, readPickedDataset } from './eval-reading';

export type * from './evaluation-types';

const LEFTOVER_KEY = 'sieve:evaluation-collection';

function defaultStore(): EvaluationDeps['store'] {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
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
  readonly #reranker: EvalReranker;
  readonly #indexing: EvalIndexing;
  #tallies = {} as Record<EvalStage, MetricTally>;

  constructor(deps: EvaluationDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => performance.now());
    this.#store = deps.store === undefined ? defaultStore() : deps.store;
    this.#reranker = new EvalReranker(deps, this.#now);
    this.#indexing = new EvalIndexing(deps, this.#now, {
      progress: (progress) => (this.progress = progress),
      notice: (notice) => (this.notice = notice),
      checkCancel: () => this.#checkCancel(),
    });
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

  /** Takes a picked folder's files: the BEIR dataset among them, or why there is none. */
  pick(files: readonly File[]): void {
    if (this.running) return;
    this.error = null;
    this.phase = 'idle';
    this.summary = null;
    this.rows = [];
    this.progress = null;
    try {
      this.dataset = pickedDataset(files);
      this.qrelsName = this.dataset.qrels[0]!.name;
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
    this.#reranker.cancel();
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
    this.rows = waitingRows(depth);
    let watch: IndexWatch | undefined;
    let outcome: 'done' | 'cancelled' | 'failed' = 'done';
    try {
      this.phase = 'reading';
      const { data, summary } = await readPickedDataset(dataset, qrelsFile, sample, {
        progress: (progress) => (this.progress = progress),
        checkCancel: () => this.#checkCancel(),
      });
      this.summary = summary;
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
    this.rows = finalRows(this.rows, outcome);
    this.progress = null;
    this.cancelling = false;
    this.phase = outcome;
  }

  #checkCancel(): void {
    if (this.#cancel) throw new Cancelled();
  }

  /** Queues the corpus into the temporary collection and waits until it is stored. */
  async #index(data: BeirDataset, watch: IndexWatch): Promise<void> {
    const stored = await this.#indexing.index(data, watch);
    this.summary = { ...this.summary!, notIndexed: data.documents.length - stored };
    if (stored === 0) throw new Error('No document of the corpus could be indexed.');
  }

  async #query(data: BeirDataset, watch: IndexWatch, depth: number): Promise<void> {
    const collection = watch.collection;
    const total = data.queries.length;
    const { stored, vectored } = this.#indexing.count(watch);
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
    const active = (stage: EvalStage) => !isSkipped(this.rows, stage);

    for (const [done, query] of data.queries.entries()) {
      this.#checkCancel();
      const relevant = data.qrels.get(query.id)!;
      await runQueryStages(
        {
          deps: this.#deps,
          now: this.#now,
          reranker: this.#reranker,
          collection,
          depth,
          active,
          record: (stage, ids, ms) => this.#record(stage, scoreRanking(ids, relevant), ms),
          skip: (stage, reason) => this.#skip(stage, reason, true),
          checkCancel: () => this.#checkCancel(),
        },
        query,
      );
      this.progress = {
        label: 'Querying',
        done: done + 1,
        total,
        etaMs: etaMs(done + 1, total, this.#now() - started),
      };
    }
  }

  /** Marks a stage skipped (its partial numbers dropped when `dropPartial`). */
  #skip(stage: EvalStage, reason: string, dropPartial = false): void {
    this.rows = skipStage(this.rows, stage, reason, dropPartial);
  }

  #record(stage: EvalStage, metrics: QueryMetrics, ms: number): void {
    const tally = this.#tallies[stage];
    tally.add(metrics, ms);
    this.rows = withTally(this.rows, stage, tally);
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
    if (this.#indexing.count(watch).settled < watch.sent) {
      if (!watch.othersWaiting(this.#deps.library.queue))
        await this.#deps.embedder.cancelIndexing();
      await this.#indexing.settle(
        watch,
        () => this.#indexing.count(watch).settled >= watch.sent,
        false,
      );
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
