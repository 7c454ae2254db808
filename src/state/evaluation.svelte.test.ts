// EvaluationState with fake clients: a fake library queue that stores what is enqueued, a fake
// search that returns fixed chunk lists per mode and query, and a fake reranker with fixed scores.
import { describe, expect, it } from 'vitest';
import type { RerankService } from '../core/eval/rerank-lanes';
import type {
  CollectionSummary,
  DocumentSummary,
  IngestItem,
  IngestUpdate,
  QueueState,
  SearchMode,
  SearchRequest,
  SearchResponse,
} from '../core/types/library';
import type { ModelPhase } from '../core/types/models';
import type { RerankRequest } from '../core/types/rerank';
import { EvaluationState, type EvalLibrary, type StageRow } from './evaluation.svelte';

const file = (path: string, content: string): File => {
  const f = new File([content], path.split('/').pop()!);
  Object.defineProperty(f, 'webkitRelativePath', { value: path });
  return f;
};

const jsonl = (records: object[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** Three documents; query "c" has the id of document c (BEIR leaves that hit out). */
const CORPUS = jsonl([
  { _id: 'a', title: 'Alpha', text: 'apple' },
  { _id: 'b', title: 'Beta', text: 'banana' },
  { _id: 'c', title: 'Gamma', text: 'cherry' },
]);
const QUERIES = jsonl([
  { _id: 'q1', text: 'apple' },
  { _id: 'c', text: 'banana' },
  { _id: 'q9', text: 'not judged' },
]);
const QRELS = 'query-id\tcorpus-id\tscore\nq1\ta\t1\nq1\tc\t1\nc\tb\t2\n';

function folder({
  corpus = CORPUS,
  queries = QUERIES,
  qrels = QRELS,
}: { corpus?: string; queries?: string; qrels?: string } = {}): File[] {
  return [
    file('tiny/corpus.jsonl', corpus),
    file('tiny/queries.jsonl', queries),
    file('tiny/qrels/test.tsv', qrels),
    file('tiny/qrels/dev.tsv', 'q1\tb\t1\n'),
  ];
}

/** Chunk hits per mode and query text, as "doc#chunk", best first. */
type HitTable = Partial<Record<SearchMode, Record<string, string[]>>>;

const HITS: HitTable = {
  // "apple": b, a, c by best chunk (b's second chunk and a's first come later).
  keywords: { apple: ['b#0', 'a#1', 'b#1', 'c#0', 'a#0'], banana: ['c#0', 'b#0', 'a#0'] },
  meaning: { apple: ['a#0', 'c#0', 'b#0'], banana: ['a#0', 'b#0', 'c#0'] },
  hybrid: { apple: ['a#1', 'b#0', 'a#0', 'c#0'], banana: ['b#1', 'c#0', 'a#0'] },
};

/** Reranker scores by document (the passage text starts with its id). */
const RERANK_SCORES: Record<string, number> = { a: 0.2, b: 0.7, c: 0.9 };

interface Setup {
  vectors?: boolean;
  phase?: ModelPhase;
  /** Leave enqueued files waiting until `release()` or a cancel. */
  hold?: boolean;
  meaningLeg?: boolean;
  rerankError?: string;
  queue?: IngestUpdate[];
  queueState?: QueueState;
  saved?: string;
  /** Called with each search request, and the evaluation (e.g. to cancel it mid-run). */
  onSearch?: (request: SearchRequest, evaluation: EvaluationState) => void;
}

function setup(options: Setup = {}) {
  const library: EvalLibrary & {
    documents: DocumentSummary[];
    collections: CollectionSummary[];
    queue: IngestUpdate[];
    queueState: QueueState;
  } = {
    documents: [],
    collections: [{ id: 'default', name: 'My documents' }],
    queue: options.queue ?? [],
    queueState: options.queueState ?? { paused: false, remaining: 0 },
  };
  const calls = {
    created: [] as string[],
    deleted: [] as string[],
    cancelIndexing: 0,
    enqueued: [] as IngestItem[],
    searches: [] as SearchRequest[],
    reranks: [] as RerankRequest[],
    rerankCancels: [] as number[],
  };
  let held: Array<{ item: IngestItem; key: string }> = [];
  let keys = 0;
  const row = (key: string, item: IngestItem, status: IngestUpdate['status']) => {
    library.queue = [
      ...library.queue.filter((r) => r.key !== key),
      { key, name: item.path, status },
    ];
  };
  const finish = async ({ item, key }: { item: IngestItem; key: string }) => {
    if ((await item.file.text()).trim() === '') row(key, item, 'failed');
    else {
      library.documents = [
        ...library.documents,
        {
          id: `${item.collection}/${item.path}`,
          name: item.file.name,
          path: item.path,
          collection: item.collection!,
          size: item.file.size,
          chunkCount: 1,
          tokenCount: 1,
          addedAt: 0,
          indexed: options.vectors ?? true,
        },
      ];
      row(key, item, 'done');
    }
    library.queueState = {
      paused: false,
      remaining: Math.max(0, library.queueState.remaining - 1),
    };
  };
  const store = new Map<string, string>(
    options.saved ? [['sieve:evaluation-collection', options.saved]] : [],
  );
  const embedder = {
    createCollection: async (name: string) => {
      calls.created.push(name);
      const created = { id: `tmp${calls.created.length}`, name };
      library.collections = [...library.collections, created];
      return created;
    },
    deleteCollection: async (id: string) => {
      calls.deleted.push(id);
      library.documents = library.documents.filter((d) => d.collection !== id);
      library.collections = library.collections.filter((c) => c.id !== id);
    },
    enqueue: async (items: IngestItem[]) => {
      calls.enqueued.push(...items);
      const entries = items.map((item) => ({ item, key: `k${++keys}` }));
      for (const { item, key } of entries) row(key, item, 'queued');
      library.queueState = {
        paused: false,
        remaining: library.queueState.remaining + items.length,
      };
      if (options.hold) held.push(...entries);
      else setTimeout(() => void Promise.all(entries.map(finish)), 1);
    },
    cancelIndexing: async () => {
      calls.cancelIndexing++;
      for (const { item, key } of held) row(key, item, 'cancelled');
      held = [];
      library.queueState = { paused: false, remaining: 0 };
    },
    search: async (request: SearchRequest): Promise<SearchResponse> => {
      calls.searches.push(request);
      options.onSearch?.(request, evaluation);
      const meaning = request.mode !== 'keywords' && options.meaningLeg !== false;
      const mode = meaning ? request.mode : 'keywords';
      const listed = HITS[mode]?.[request.query] ?? [];
      return {
        hits: listed.slice(0, request.k).map((entry) => {
          const [doc, chunk] = entry.split('#') as [string, string];
          return {
            docId: `${request.scope?.collection}/${doc}.txt`,
            docName: `${doc}.txt`,
            docPath: `${doc}.txt`,
            chunk: Number(chunk),
            text: entry,
            start: 0,
            end: 1,
            score: 1,
          };
        }),
        searched: 3,
        legs: meaning
          ? request.mode === 'meaning'
            ? ['meaning']
            : ['keywords', 'meaning']
          : ['keywords'],
        notice:
          request.mode !== 'keywords' && !meaning
            ? 'Keyword results only: meaning search needs the embedding model (vectors loading).'
            : undefined,
        timings: { keywordSearchMs: 0, queryEmbeddingMs: 0, vectorSearchMs: 0, workerMs: 0 },
      };
    },
  };
  const reranker: RerankService = {
    rerank: async (request) => {
      calls.reranks.push(request);
      if (options.rerankError) throw new Error(options.rerankError);
      return {
        id: request.id,
        scores: request.documents.map((text) => RERANK_SCORES[text.split('#')[0]!] ?? NaN),
        superseded: false,
        totalMs: 1,
        perCandidateMs: 1,
        loadMs: 0,
      };
    },
    cancel: (id) => void calls.rerankCancels.push(id),
  };
  const evaluation = new EvaluationState({
    embedder,
    reranker,
    library,
    options: {
      instruction: () => 'Find the passage',
      tokenBudget: (backend) => (backend === 'wasm' ? 256 : 512),
      fusion: () => ({ perLeg: 100, rrfK: 60 }),
    },
    embedderStatus: () => ({ phase: options.phase ?? 'ready' }),
    rerankBackend: () => 'wasm',
    pollMs: 1,
    stallMs: 200,
    store: {
      getItem: (key) => store.get(key) ?? null,
      setItem: (key, value) => void store.set(key, value),
      removeItem: (key) => void store.delete(key),
    },
  });
  const release = () => {
    const entries = held;
    held = [];
    return Promise.all(entries.map(finish));
  };
  return { evaluation, library, calls, store, release };
}

const row = (rows: StageRow[], stage: string) => rows.find((r) => r.stage === stage)!;

/** Waits until `check` holds (polling), for tests that act in the middle of a run. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(check()).toBe(true);
}

describe('EvaluationState', () => {
  it('indexes the corpus, scores every stage as computed by hand, and removes the collection', async () => {
    const { evaluation, calls, library, store } = setup();
    evaluation.pick(folder());
    expect(evaluation.dataset?.name).toBe('tiny');
    expect(evaluation.dataset?.qrels.map((q) => q.name)).toEqual(['test.tsv', 'dev.tsv']);
    expect(evaluation.qrelsName).toBe('test.tsv');
    evaluation.rerankDepth = 2;
    await evaluation.start();

    expect(evaluation.error).toBeNull();
    expect(evaluation.phase).toBe('done');
    // Each document stored as "<id>.txt" holding its title and text.
    expect(calls.created).toEqual(['Evaluation: tiny']);
    expect(calls.enqueued.map((i) => [i.path, i.collection])).toEqual([
      ['a.txt', 'tmp1'],
      ['b.txt', 'tmp1'],
      ['c.txt', 'tmp1'],
    ]);
    expect(await calls.enqueued[0]!.file.text()).toBe('Alpha apple');
    expect(calls.searches[0]).toMatchObject({
      query: 'apple',
      k: 200,
      mode: 'keywords',
      perLeg: 100,
      rrfK: 60,
      instruction: 'Find the passage',
      scope: { collection: 'tmp1' },
    });

    const rows = evaluation.rows;
    expect(rows.map((r) => [r.stage, r.state, r.queries])).toEqual([
      ['keywords', 'done', 2],
      ['meaning', 'done', 2],
      ['hybrid', 'done', 2],
      ['reranked', 'done', 2],
    ]);
    expect(row(rows, 'reranked').label).toBe('Reranked (top 2)');
    // q1 (a and c relevant): keywords rank b, a, c → DCG 1/log2(3) + 1/log2(4), ideal 1 + 1/log2(3).
    // Query "c" (b relevant, grade 2): its own document c is left out → b, a: a perfect ranking.
    const q1Keywords = (1 / Math.log2(3) + 0.5) / (1 + 1 / Math.log2(3));
    const kw = row(rows, 'keywords').metrics!;
    expect(kw.ndcgAt10).toBeCloseTo((q1Keywords + 1) / 2, 10);
    expect(kw.ndcgAt10).toBeCloseTo(0.846713, 5);
    expect(kw.mrrAt10).toBeCloseTo(0.75, 10);
    expect(kw.recallAt100).toBe(1);
    expect(kw.pAt5).toBeCloseTo(0.3, 10);
    // Meaning: q1 → a, c (perfect); "c" → a, b: DCG 2/log2(3) of ideal 2.
    const meaning = row(rows, 'meaning').metrics!;
    expect(meaning.ndcgAt10).toBeCloseTo((1 + 1 / Math.log2(3)) / 2, 10);
    expect(meaning.mrrAt10).toBeCloseTo(0.75, 10);
    expect(meaning.pAt5).toBeCloseTo(0.3, 10);
    // Hybrid: q1 → a, b, c: DCG 1 + 1/2; "c" → b, a: perfect.
    const hybrid = row(rows, 'hybrid').metrics!;
    expect(hybrid.ndcgAt10).toBeCloseTo((1.5 / (1 + 1 / Math.log2(3)) + 1) / 2, 10);
    expect(hybrid.mrrAt10).toBe(1);
    // Reranked: the top 2 of hybrid by score (b 0.7 over a 0.2), c after them.
    const reranked = row(rows, 'reranked').metrics!;
    expect(reranked.ndcgAt10).toBeCloseTo((q1Keywords + 1) / 2, 10);
    expect(reranked.mrrAt10).toBeCloseTo(0.75, 10);
    // The reranker read each document's best hybrid chunk, with the search options' settings.
    expect(calls.reranks.map((r) => r.documents)).toEqual([
      ['a#1', 'b#0'],
      ['b#1', 'a#0'],
    ]);
    expect(calls.reranks[0]).toMatchObject({
      query: 'apple',
      instruction: 'Find the passage',
      maxTokens: 256,
    });
    for (const r of rows) expect(r.msPerQuery).toBeGreaterThanOrEqual(0);

    expect(evaluation.summary).toMatchObject({
      dataset: 'tiny',
      qrels: 'qrels/test.tsv',
      queries: 2,
      judged: 2,
      missingQueries: 0,
      withoutRelevant: 0,
      documents: 3,
      notIndexed: 0,
      outcome: 'The temporary collection “Evaluation: tiny” was deleted.',
    });
    expect(calls.deleted).toEqual(['tmp1']);
    expect(library.collections.map((c) => c.id)).toEqual(['default']);
    expect(store.size).toBe(0);
    expect(evaluation.progress).toBeNull();
  });

  it('runs the first N judged queries in qrels order when sampling', async () => {
    const { evaluation, calls } = setup();
    evaluation.pick(folder());
    evaluation.sampleSize = 1;
    await evaluation.start();
    expect(evaluation.phase).toBe('done');
    expect(new Set(calls.searches.map((s) => s.query))).toEqual(new Set(['apple']));
    expect(evaluation.rows.every((r) => r.queries === 1)).toBe(true);
    expect(evaluation.summary).toMatchObject({ queries: 1, judged: 2 });
    expect(row(evaluation.rows, 'keywords').metrics!.mrrAt10).toBe(0.5);
  });

  it('skips meaning, hybrid and reranked without the embedding model; keywords still run', async () => {
    const { evaluation, calls } = setup({ vectors: false, phase: 'idle' });
    evaluation.pick(folder());
    await evaluation.start();
    expect(evaluation.phase).toBe('done');
    expect(evaluation.rows.map((r) => [r.stage, r.state, r.reason])).toEqual([
      ['keywords', 'done', undefined],
      ['meaning', 'skipped', 'embedding model not loaded'],
      ['hybrid', 'skipped', 'embedding model not loaded'],
      ['reranked', 'skipped', 'embedding model not loaded'],
    ]);
    expect(calls.searches.every((s) => s.mode === 'keywords')).toBe(true);
    expect(calls.reranks).toEqual([]);
  });

  it('skips the meaning stages when the search says the meaning leg did not run', async () => {
    const { evaluation } = setup({ meaningLeg: false });
    evaluation.pick(folder());
    await evaluation.start();
    expect(evaluation.phase).toBe('done');
    const meaning = row(evaluation.rows, 'meaning');
    expect(meaning.state).toBe('skipped');
    expect(meaning.reason).toMatch(/Keyword results only/);
    expect(meaning.metrics).toBeUndefined();
    expect(row(evaluation.rows, 'reranked').state).toBe('skipped');
    expect(row(evaluation.rows, 'keywords').queries).toBe(2);
  });

  it('skips reranking when the reranker fails, and keeps the other stages', async () => {
    const { evaluation } = setup({ rerankError: 'Reranker not downloaded' });
    evaluation.pick(folder());
    await evaluation.start();
    expect(evaluation.phase).toBe('done');
    const reranked = row(evaluation.rows, 'reranked');
    expect(reranked.state).toBe('skipped');
    expect(reranked.reason).toBe('reranker failed (Reranker not downloaded)');
    expect(row(evaluation.rows, 'hybrid')).toMatchObject({ state: 'done', queries: 2 });
  });

  it('stops on Cancel while indexing and removes the collection', async () => {
    const { evaluation, calls, library, store } = setup({ hold: true });
    evaluation.pick(folder());
    const running = evaluation.start();
    await until(() => evaluation.phase === 'indexing' && calls.enqueued.length === 3);
    expect(store.size).toBe(1);
    expect(evaluation.progress).toMatchObject({ label: 'Indexing documents', total: 3 });
    evaluation.cancel();
    await running;
    expect(evaluation.phase).toBe('cancelled');
    expect(evaluation.error).toBeNull();
    // Only the run's files were waiting: they were cancelled before the collection went.
    expect(calls.cancelIndexing).toBe(1);
    expect(calls.deleted).toEqual(['tmp1']);
    expect(library.collections.map((c) => c.id)).toEqual(['default']);
    expect(calls.searches).toEqual([]);
    expect(evaluation.rows).toEqual([]);
    expect(store.size).toBe(0);
  });

  it('waits for its own files behind the user’s before deleting, without cancelling theirs', async () => {
    const { evaluation, calls, library, release } = setup({ hold: true });
    evaluation.pick(folder());
    const running = evaluation.start();
    await until(() => calls.enqueued.length === 3);
    // The user drops a file meanwhile: the queue is not only the evaluation's any more.
    library.queue = [...library.queue, { key: 'user', name: 'notes.txt', status: 'queued' }];
    evaluation.cancel();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.cancelIndexing).toBe(0);
    expect(calls.deleted).toEqual([]);
    await release();
    await running;
    expect(evaluation.phase).toBe('cancelled');
    expect(calls.deleted).toEqual(['tmp1']);
    expect(library.documents).toEqual([]);
  });

  it('stops on Cancel while querying, keeps the numbers so far and removes the collection', async () => {
    const { evaluation, calls } = setup({
      onSearch: (request, running) => {
        if (request.mode === 'meaning') running.cancel();
      },
    });
    evaluation.pick(folder());
    await evaluation.start();
    expect(evaluation.phase).toBe('cancelled');
    expect(calls.searches.map((s) => s.mode)).toEqual(['keywords', 'meaning']);
    expect(calls.rerankCancels).toEqual([]);
    expect(evaluation.rows.map((r) => [r.stage, r.state, r.queries, r.reason])).toEqual([
      ['keywords', 'done', 1, undefined],
      ['meaning', 'done', 1, undefined],
      ['hybrid', 'skipped', 0, 'cancelled'],
      ['reranked', 'skipped', 0, 'cancelled'],
    ]);
    expect(calls.deleted).toEqual(['tmp1']);
  });

  it('keeps the collection when asked', async () => {
    const { evaluation, calls, library, store } = setup();
    evaluation.pick(folder());
    evaluation.keep = true;
    await evaluation.start();
    expect(evaluation.phase).toBe('done');
    expect(calls.deleted).toEqual([]);
    expect(library.collections.map((c) => c.name)).toEqual(['My documents', 'Evaluation: tiny']);
    expect(library.documents).toHaveLength(3);
    expect(evaluation.summary?.outcome).toBe('Kept as the collection “Evaluation: tiny”.');
    expect(store.size).toBe(0);
  });

  it('names the collection apart from existing ones', async () => {
    const { evaluation, calls, library } = setup();
    library.collections = [...library.collections, { id: 'x', name: 'evaluation: TINY' }];
    evaluation.pick(folder());
    await evaluation.start();
    expect(calls.created).toEqual(['Evaluation: tiny 2']);
  });

  it('counts documents the queue could not store, and goes on', async () => {
    const corpus = CORPUS + jsonl([{ _id: 'empty', title: '', text: '' }]);
    const { evaluation } = setup();
    evaluation.pick(folder({ corpus }));
    await evaluation.start();
    expect(evaluation.phase).toBe('done');
    expect(evaluation.summary).toMatchObject({ documents: 4, notIndexed: 1 });
  });

  it('uses the qrels file chosen', async () => {
    const { evaluation, calls } = setup();
    evaluation.pick(folder());
    evaluation.qrelsName = 'dev.tsv';
    await evaluation.start();
    expect(evaluation.summary).toMatchObject({ qrels: 'qrels/dev.tsv', queries: 1 });
    expect(new Set(calls.searches.map((s) => s.query))).toEqual(new Set(['apple']));
    // dev.tsv: q1 → b only; keywords rank b first.
    expect(row(evaluation.rows, 'keywords').metrics!.ndcgAt10).toBe(1);
  });

  describe('errors, shown before the library changes', () => {
    async function failing(files: File[]): Promise<string | null> {
      const { evaluation, calls } = setup();
      evaluation.pick(files);
      if (evaluation.error) return evaluation.error;
      await evaluation.start();
      expect(evaluation.phase).toBe('failed');
      expect(calls.created).toEqual([]);
      return evaluation.error;
    }

    it('says which line of which file is malformed', async () => {
      const corpus = CORPUS.replace('\n', '\n{"_id": "x", "text": \n');
      expect(await failing(folder({ corpus }))).toBe('corpus.jsonl line 2: not JSON');
      const queries = QUERIES + '{"_id": "q5"}\n';
      expect(await failing(folder({ queries }))).toBe('queries.jsonl line 4: "text" is missing');
      expect(await failing(folder({ qrels: 'q1\ta\t1\nq1\tb\tyes\n' }))).toBe(
        'qrels/test.tsv line 2: score "yes" is not an integer',
      );
    });

    it('refuses duplicate ids, queries not in the qrels and qrels not in the corpus', async () => {
      const corpus = CORPUS + jsonl([{ _id: 'b', text: 'again' }]);
      expect(await failing(folder({ corpus }))).toBe(
        'corpus.jsonl line 4: document id "b" is already on line 2.',
      );
      expect(await failing(folder({ qrels: 'x1\ta\t1\n' }))).toMatch(
        /^None of the 1 queries judged in qrels\/test\.tsv is in queries\.jsonl/,
      );
      expect(await failing(folder({ qrels: 'q1\tzz\t1\nc\tyy\t1\n' }))).toMatch(
        /^No document that qrels\/test\.tsv marks relevant for these 2 queries is in corpus\.jsonl/,
      );
      expect(await failing(folder({ corpus: '\n' }))).toBe('corpus.jsonl holds no documents.');
    });

    it('says what a picked folder lacks', async () => {
      expect(await failing([file('x/corpus.jsonl', CORPUS)])).toMatch(/queries\.jsonl is missing/);
    });
  });

  it('will not start while the queue indexes other files', async () => {
    const { evaluation, calls } = setup({ queueState: { paused: false, remaining: 2 } });
    evaluation.pick(folder());
    await evaluation.start();
    expect(evaluation.phase).toBe('idle');
    expect(evaluation.error).toMatch(/Files are being indexed/);
    expect(calls.created).toEqual([]);
  });

  it('refuses a sample size that is not a whole number', async () => {
    const { evaluation } = setup();
    evaluation.pick(folder());
    evaluation.sampleSize = 0;
    await evaluation.start();
    expect(evaluation.error).toMatch(/sample size/);
    expect(evaluation.phase).toBe('idle');
  });

  it('offers to remove a temporary collection a closed tab left behind', async () => {
    const saved = JSON.stringify({ id: 'old', name: 'Evaluation: old' });
    const { evaluation, library, calls, store } = setup({ saved });
    expect(evaluation.leftover).toBeNull();
    library.collections = [...library.collections, { id: 'old', name: 'Evaluation: old' }];
    expect(evaluation.leftover).toEqual({ id: 'old', name: 'Evaluation: old' });
    await evaluation.removeLeftover();
    expect(calls.deleted).toEqual(['old']);
    expect(store.size).toBe(0);
    expect(evaluation.leftover).toBeNull();
  });
});
