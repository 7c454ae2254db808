// The evaluation's indexing (page): the corpus queued into the temporary collection in batches,
// then the library watched until every document is stored (and embedded, when the model is
// there), with progress, an ETA and why it waits; a queue idle with documents unaccounted for
// ends the wait after a while.

import { documentText } from '../core/eval/beir';
import type { BeirDataset } from '../core/eval/beir-folder';
import { evalPath, type IndexWatch } from '../core/eval/library-eval';
import { etaMs } from '../core/two-stage';
import { isLoading } from '../core/types/models';
import type { EvalProgress, EvaluationDeps } from './evaluation-types';

/** Files per enqueue call (one storage transaction each). */
const ENQUEUE_BATCH = 500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Where the indexing reports, and how it learns of a Cancel (the checkpoint throws). */
export interface IndexingView {
  progress(progress: EvalProgress): void;
  notice(notice: string | null): void;
  checkCancel(): void;
}

export class EvalIndexing {
  constructor(
    private readonly deps: Pick<
      EvaluationDeps,
      'embedder' | 'library' | 'embedderStatus' | 'pollMs' | 'stallMs'
    >,
    private readonly now: () => number,
    private readonly view: IndexingView,
  ) {}

  /**
   * Queues the corpus into the temporary collection and waits until it is stored (with vectors,
   * when the model is loaded or loading); returns how many documents were stored.
   */
  async index(data: BeirDataset, watch: IndexWatch): Promise<number> {
    const { embedder } = this.deps;
    const total = data.documents.length;
    this.view.progress({ label: 'Queueing documents', done: 0, total });
    for (let at = 0; at < total; at += ENQUEUE_BATCH) {
      this.view.checkCancel();
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
      this.view.progress({ label: 'Queueing documents', done: watch.sent, total });
    }

    const started = this.now();
    let vectorsStarted: number | undefined;
    await this.settle(watch, () => {
      const { stored, vectored, settled } = this.count(watch);
      const phase = this.deps.embedderStatus();
      const wantsVectors = phase.phase === 'ready' || isLoading(phase);
      if (settled < total) {
        this.view.progress({
          label: 'Indexing documents',
          done: settled,
          total,
          etaMs: etaMs(settled, total, this.now() - started),
        });
        this.view.notice(this.#queueNotice(isLoading(phase)));
        return false;
      }
      if (!wantsVectors || vectored >= stored) return true;
      vectorsStarted ??= this.now();
      this.view.progress({
        label: 'Embedding documents',
        done: vectored,
        total: stored,
        etaMs: etaMs(vectored, stored, this.now() - vectorsStarted),
      });
      this.view.notice(isLoading(phase) ? 'Waiting for the embedding model to load…' : null);
      return false;
    });
    this.view.notice(null);
    return this.count(watch).stored;
  }

  #queueNotice(modelLoading: boolean): string | null {
    const { queueState } = this.deps.library;
    if (queueState.blocked) return `Indexing waits: ${queueState.blocked.message}`;
    if (queueState.paused) return 'Indexing is paused: resume it in the queue to go on.';
    if (modelLoading)
      return 'The embedding model is loading: documents are embedded as it is ready.';
    return null;
  }

  count(watch: IndexWatch): { stored: number; vectored: number; settled: number } {
    return watch.count(this.deps.library.documents, this.deps.library.queue);
  }

  /**
   * Polls the library until `done()`; should the queue sit idle with nothing changing for a while
   * (its finished rows cleared before they were seen), goes on with what is there.
   */
  async settle(watch: IndexWatch, done: () => boolean, cancellable = true): Promise<void> {
    const pollMs = this.deps.pollMs ?? 250;
    const stallMs = this.deps.stallMs ?? 5000;
    let last = -1;
    let since = this.now();
    for (;;) {
      if (cancellable) this.view.checkCancel();
      if (done()) return;
      const { settled, vectored } = this.count(watch);
      const mark = settled * 1e9 + vectored;
      const idle = this.deps.library.queueState.remaining === 0;
      if (mark !== last || !idle || settled >= watch.sent) {
        last = mark;
        since = this.now();
      } else if (this.now() - since >= stallMs) {
        // Nothing left in the queue, yet some files were never reported: they count as not stored.
        return;
      }
      await sleep(pollMs);
    }
  }
}
