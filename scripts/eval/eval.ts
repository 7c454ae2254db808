// `npm run eval -- <BEIR folder> [options]`: Sieve's search stages (keywords, meaning, hybrid,
// reranked) on a BEIR dataset in Node, scored as BEIR scores them (nDCG@10, MRR@10, Recall@100,
// P@5). Models run on onnxruntime-node from a local folder (`--models fixtures` is the tiny
// fixture pair: a pipeline check, not a quality figure). Rows go to bench-results/eval.json.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { BeirDocument } from '../../src/core/eval/beir';
import {
  chunkTexts,
  DEFAULT_LIST_SIZE,
  DEFAULT_RERANK_DEPTH,
  evaluate,
  isStage,
  STAGES,
  wholeDocuments,
  type EvalReport,
  type RerankLeg,
  type Stage,
  type VectorLeg,
} from '../../src/core/eval/evaluate';
import type { EvalDocument } from '../../src/core/eval/stage-rankings';
import { documentText } from '../../src/core/eval/beir';
import { errorMessage } from '../../src/core/errors';
import { RRF_K } from '../../src/core/fusion';
import { INSTRUCTION_PRESETS } from '../../src/core/instructions';
import { LUCENE_BM25, type Bm25Params } from '../../src/core/keyword/bm25';
import { QWEN3_EMBEDDING_MODEL_ID } from '../../src/core/qwen3-embedding';
import { QWEN3_RERANKER_MODEL_ID } from '../../src/core/qwen3-reranker';
import { chunkSections } from '../../src/core/section-chunks';
import { DEFAULT_OVERLAP_TOKENS } from '../../src/core/chunking';
import { DTYPES, type Dtype } from '../../src/core/types/models';
import { Qwen3Embedder } from '../../src/engine/qwen3/embedder';
import { Qwen3Reranker } from '../../src/engine/qwen3/reranker';
import { loadTokenCounter } from '../../src/engine/qwen3/token-counter';
import { countProgress } from '../cli/progress';
import {
  EMBEDDER_DTYPES,
  nodeModelsOf,
  pickDtype,
  RERANKER_DTYPES,
  requireModels,
  useModels,
  type NodeModels,
} from '../node-models';
import { beirPaths, readBeir, type BeirPaths } from './beir-files';

const USAGE = `Usage: npm run eval -- <BEIR folder> [options]

  --qrels <file>        judgements (default <folder>/qrels/test.tsv)
  --stages <list>       of ${STAGES.join(',')} (default keywords; all four with --models)
  --models <folder>     fixtures, or a folder holding onnx-community/Qwen3-Embedding-0.6B-ONNX
                        (and onnx-community/Qwen3-Reranker-0.6B-ONNX for reranked)
  --unit doc|chunk      index whole documents (title + text, default) or the app's chunks
                        (chunk needs --models: chunks are cut with the model's tokenizer)
  --sample <N>          only the first N judged queries
  --k1 <x> --b <x>      BM25 parameters (default ${LUCENE_BM25.k1} and ${LUCENE_BM25.b})
  --rrf-k <x>           RRF constant of the hybrid stage (default ${RRF_K})
  --depth <N>           hybrid results the reranker reads per query (default ${DEFAULT_RERANK_DEPTH})
  --dtype <d>           embedder weights (default fp32 if the folder has them, else q8, q4…)
  --rerank-dtype <d>    reranker weights (default q8 if the folder has them, else q4)
  --rerank-tokens <N>   reranker budget per pair (default 512, the app's WebGPU budget)
  --instruction <text>  query instruction of the embedder and reranker (default: General)
  --out <file>          results (default bench-results/eval.json; rows of the same dataset,
                        qrels and stage are replaced)`;

class UsageError extends Error {}

interface Options {
  folder: string;
  qrels?: string;
  stages: Stage[];
  models?: string;
  unit: 'doc' | 'chunk';
  sample?: number;
  bm25: Bm25Params;
  rrfK: number;
  depth: number;
  dtype?: Dtype;
  rerankDtype?: Dtype;
  rerankTokens: number;
  instruction: string;
  out: string;
}

function numberOption(name: string, raw: string | undefined, fallback: number, integer = false) {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || (integer && value < 1))
    throw new UsageError(`--${name} must be a ${integer ? 'positive integer' : 'number ≥ 0'}`);
  if (integer && !Number.isInteger(value))
    throw new UsageError(`--${name} must be a positive integer`);
  return value;
}

function dtypeOption(name: string, raw: string | undefined): Dtype | undefined {
  if (raw === undefined) return undefined;
  if (!(DTYPES as readonly string[]).includes(raw))
    throw new UsageError(`--${name} must be one of ${DTYPES.join(', ')}`);
  return raw as Dtype;
}

function parseOptions(argv: string[]): Options | undefined {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      qrels: { type: 'string' },
      stages: { type: 'string' },
      models: { type: 'string' },
      unit: { type: 'string' },
      sample: { type: 'string' },
      k1: { type: 'string' },
      b: { type: 'string' },
      'rrf-k': { type: 'string' },
      depth: { type: 'string' },
      dtype: { type: 'string' },
      'rerank-dtype': { type: 'string' },
      'rerank-tokens': { type: 'string' },
      instruction: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'Name a BEIR folder.'
        : `One BEIR folder, not ${positionals.length}.`,
    );
  const stages = (values.stages ?? (values.models ? STAGES.join(',') : 'keywords'))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = stages.filter((s) => !isStage(s));
  if (unknown.length > 0 || stages.length === 0)
    throw new UsageError(`--stages takes ${STAGES.join(', ')}; got "${values.stages ?? ''}"`);
  const unit = values.unit ?? 'doc';
  if (unit !== 'doc' && unit !== 'chunk') throw new UsageError('--unit is doc or chunk');
  const b = numberOption('b', values.b, LUCENE_BM25.b);
  if (b > 1) throw new UsageError('--b must be in [0, 1]');
  const options: Options = {
    folder: positionals[0]!,
    qrels: values.qrels,
    stages: stages as Stage[],
    models: values.models,
    unit,
    sample:
      values.sample === undefined ? undefined : numberOption('sample', values.sample, 0, true),
    bm25: { k1: numberOption('k1', values.k1, LUCENE_BM25.k1), b },
    rrfK: numberOption('rrf-k', values['rrf-k'], RRF_K),
    depth: numberOption('depth', values.depth, DEFAULT_RERANK_DEPTH, true),
    dtype: dtypeOption('dtype', values.dtype),
    rerankDtype: dtypeOption('rerank-dtype', values['rerank-dtype']),
    rerankTokens: numberOption('rerank-tokens', values['rerank-tokens'], 512, true),
    instruction: values.instruction?.trim() || INSTRUCTION_PRESETS.general.text,
    out: values.out ?? join('bench-results', 'eval.json'),
  };
  const needsModels = options.stages.some((s) => s !== 'keywords');
  if (needsModels && !options.models)
    throw new UsageError(
      `--stages ${options.stages.join(',')} needs --models (fixtures or a model folder)`,
    );
  if (unit === 'chunk' && !options.models)
    throw new UsageError(
      "--unit chunk needs --models: documents are chunked with the embedding model's tokenizer",
    );
  return options;
}

/** The app's chunks of a BEIR document (title + text as one plain-text section). */
async function chunkedDocuments(
  docs: readonly BeirDocument[],
  modelId: string,
): Promise<EvalDocument[]> {
  // The tokenizer the app chunks with, and its cap (the embedder's input, EOS included).
  const tokens = await loadTokenCounter(modelId);
  const count = (text: string) => tokens.countTokens(text);
  const report = countProgress('chunking documents');
  return docs.map((doc, i) => {
    const text = documentText(doc);
    const chunks = chunkSections(text, [{ start: 0, end: text.length }], count, {
      maxTokens: tokens.maxTokens - 1,
      overlapTokens: DEFAULT_OVERLAP_TOKENS,
    });
    report(i + 1, docs.length);
    return { id: doc.id, chunks: chunks.map((c) => c.text) };
  });
}

interface Models {
  vectors?: VectorLeg;
  rerank?: RerankLeg;
  notes: string[];
  dispose: () => Promise<void>;
}

async function loadModels(
  options: Options,
  root: NodeModels,
  documents: readonly EvalDocument[],
): Promise<Models> {
  const notes: string[] = [];
  const disposers: Array<() => Promise<void>> = [];
  const dispose = async () => {
    for (const d of disposers) await d();
  };
  try {
    let vectors: VectorLeg | undefined;
    let rerank: RerankLeg | undefined;
    if (options.stages.some((s) => s !== 'keywords')) {
      const id = QWEN3_EMBEDDING_MODEL_ID;
      const { dtype } = await pickDtype(root, id, options.dtype, EMBEDDER_DTYPES);
      const embedder = await Qwen3Embedder.load({ modelId: id, device: 'cpu', dtype });
      disposers.push(() => embedder.dispose());
      const texts = chunkTexts(documents);
      const started = performance.now();
      const chunkVectors = await embedder.embedDocuments(texts, countProgress('embedding chunks'));
      const seconds = (performance.now() - started) / 1000;
      notes.push(
        `embedder ${id} ${dtype} (dimension ${embedder.dimension}, cpu): ${texts.length.toLocaleString('en-US')} chunks in ${seconds.toFixed(1)} s (${(texts.length / seconds).toFixed(1)} chunks/s)`,
      );
      vectors = {
        chunkVectors,
        embedQuery: (text) => embedder.embedQuery(text, options.instruction),
      };
    }
    if (options.stages.includes('reranked')) {
      const id = QWEN3_RERANKER_MODEL_ID;
      const { dtype } = await pickDtype(root, id, options.rerankDtype, RERANKER_DTYPES);
      const reranker = await Qwen3Reranker.load({ modelId: id, device: 'cpu', dtype });
      disposers.push(() => reranker.dispose());
      const { batchSafe } = await reranker.calibrateBatching();
      notes.push(
        `reranker ${id} ${dtype} (cpu, ${batchSafe ? 'batched' : 'one pair per pass'}): top ${options.depth} of hybrid, ${options.rerankTokens} tokens per pair`,
      );
      rerank = {
        depth: options.depth,
        score: (query, passages) =>
          reranker.score(query, passages, options.instruction, options.rerankTokens),
      };
    }
    return { vectors, rerank, notes, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

export interface EvalRow {
  dataset: string;
  qrels: string;
  stage: Stage;
  queries: number;
  ndcg_at_10: number;
  mrr_at_10: number;
  recall_at_100: number;
  p_at_5: number;
  ms_per_query: number;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

function rowsOf(report: EvalReport, paths: BeirPaths): EvalRow[] {
  const inFolder = relative(paths.folder, paths.qrels);
  const qrels = inFolder.startsWith('..') ? paths.qrels : inFolder.split(sep).join('/');
  return report.stages.map((s) => ({
    dataset: paths.dataset,
    qrels,
    stage: s.stage,
    queries: s.queries,
    ndcg_at_10: round(s.metrics.ndcgAt10, 4),
    mrr_at_10: round(s.metrics.mrrAt10, 4),
    recall_at_100: round(s.metrics.recallAt100, 4),
    p_at_5: round(s.metrics.pAt5, 4),
    ms_per_query: round(s.msPerQuery, 2),
  }));
}

function printTable(rows: readonly EvalRow[]): void {
  const header = ['stage', 'queries', 'nDCG@10', 'MRR@10', 'Recall@100', 'P@5', 'ms/query'];
  const cells = rows.map((r) => [
    r.stage,
    String(r.queries),
    r.ndcg_at_10.toFixed(4),
    r.mrr_at_10.toFixed(4),
    r.recall_at_100.toFixed(4),
    r.p_at_5.toFixed(4),
    r.ms_per_query.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) =>
    c.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const c of cells) console.log(line(c));
}

/** Adds `rows` to the results file, replacing rows of the same dataset, qrels and stage. */
function writeRows(out: string, rows: readonly EvalRow[]): void {
  const key = (r: Pick<EvalRow, 'dataset' | 'qrels' | 'stage'>) =>
    JSON.stringify([r.dataset, r.qrels, r.stage]);
  let kept: EvalRow[] = [];
  if (existsSync(out)) {
    try {
      const previous = JSON.parse(readFileSync(out, 'utf8')) as unknown;
      if (Array.isArray(previous)) kept = previous as EvalRow[];
      else console.warn(`${out} did not hold an array; it is replaced.`);
    } catch {
      console.warn(`${out} was not JSON; it is replaced.`);
    }
  }
  const replaced = new Set(rows.map(key));
  const all = [...kept.filter((r) => !replaced.has(key(r))), ...rows];
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, JSON.stringify(all, null, 2) + '\n');
  console.log(`Wrote ${rows.length} row${rows.length === 1 ? '' : 's'} to ${out}`);
}

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (!options) return console.log(USAGE);
  const started = performance.now();
  const paths = beirPaths(options.folder, options.qrels);
  const needs = [
    ...(options.stages.some((s) => s !== 'keywords') || options.unit === 'chunk'
      ? [QWEN3_EMBEDDING_MODEL_ID]
      : []),
    ...(options.stages.includes('reranked') ? [QWEN3_RERANKER_MODEL_ID] : []),
  ];
  const root = options.models ? nodeModelsOf(options.models) : undefined;
  if (root) {
    await requireModels(root, needs);
    useModels(root);
  }

  const readStart = performance.now();
  const data = await readBeir(paths);
  const readMs = performance.now() - readStart;
  const chunkStart = performance.now();
  const documents =
    options.unit === 'chunk'
      ? await chunkedDocuments(data.documents, QWEN3_EMBEDDING_MODEL_ID)
      : wholeDocuments(data.documents);
  const chunkMs = performance.now() - chunkStart;
  const models = root ? await loadModels(options, root, documents) : undefined;
  try {
    const report = await evaluate({
      documents,
      queries: data.queries,
      qrels: data.qrels,
      stages: options.stages,
      bm25: options.bm25,
      vectors: models?.vectors,
      rerank: models?.rerank,
      rrfK: options.rrfK,
      listSize: DEFAULT_LIST_SIZE,
      sample: options.sample,
      onQuery: models ? countProgress('queries') : undefined,
    });
    const n = (x: number) => x.toLocaleString('en-US');
    console.log(
      `\n${paths.dataset}: ${n(report.documents)} documents ` +
        (options.unit === 'chunk'
          ? `in ${n(report.chunks)} chunks; `
          : 'indexed whole (title + text); ') +
        `${n(report.queries)} judged queries from ${relative(process.cwd(), paths.qrels)}` +
        (options.sample ? ` (first ${n(report.queries)}: --sample)` : '') +
        (report.missingQueries > 0
          ? `; ${n(report.missingQueries)} qrels query ids not in queries.jsonl, skipped`
          : ''),
    );
    console.log(
      `read ${(readMs / 1000).toFixed(2)} s` +
        (options.unit === 'chunk' ? `, chunked in ${(chunkMs / 1000).toFixed(1)} s` : ''),
    );
    if (report.keywordIndexMs > 0)
      console.log(
        `keyword index (BM25 k1 ${options.bm25.k1}, b ${options.bm25.b}) built in ${(report.keywordIndexMs / 1000).toFixed(2)} s`,
      );
    for (const note of models?.notes ?? []) console.log(note);
    if (options.stages.some((s) => s === 'hybrid' || s === 'reranked'))
      console.log(`hybrid: RRF k ${options.rrfK} of each leg's top ${DEFAULT_LIST_SIZE}`);
    if (options.models === 'fixtures' && options.stages.some((s) => s !== 'keywords'))
      console.log('fixture models: tiny random weights, a pipeline check (not a quality figure)');
    console.log('');
    const rows = rowsOf(report, paths);
    printTable(rows);
    console.log('');
    writeRows(options.out, rows);
    console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await models?.dispose();
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(`eval: ${errorMessage(error)}`);
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error))
    console.error(`\n${USAGE}`);
  process.exitCode = 1;
}
