// The evaluation's plain data and what it depends on (page): phases, progress, stage rows, the
// run's summary, the picked dataset, and the parts of the library, search options and workers it
// uses. EvaluationState (evaluation.svelte.ts) runs it.

import type { EmbedderClient } from '../clients/embedder-client';
import type { EvalStage } from '../core/eval/library-eval';
import type { QueryMetrics } from '../core/eval/metrics';
import type { RerankService } from '../core/eval/rerank-lanes';
import type {
  CollectionSummary,
  DocumentSummary,
  IngestUpdate,
  QueueState,
} from '../core/types/library';
import type { Backend, ModelStatus } from '../core/types/models';

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

export const STAGE_LABELS: Record<EvalStage, string> = {
  keywords: 'Keywords (BM25)',
  meaning: 'Meaning (vectors)',
  hybrid: 'Hybrid (RRF)',
  reranked: 'Reranked',
};
