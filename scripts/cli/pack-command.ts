// `sieve pack <folder> -o <dir>` (Node): reads every file of a folder with the app's own code
// (prepareFile: extraction, chunking with the model's tokenizer), embeds the chunks on
// onnxruntime-node, and writes a Sieve pack with buildPack. Work is saved per file as it finishes.
import { readFile, realpath } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { errorMessage } from '../../src/core/errors';
import { buildPack, type BuiltPack, type PackDocumentInput } from '../../src/core/pack/pack-build';
import { QUERY_TEMPLATE } from '../../src/core/pack/pack-manifest';
import { QWEN3_EMBEDDING_MODEL_ID } from '../../src/core/qwen3-embedding';
import { DEFAULT_FILE_LIMITS } from '../../src/core/types/library';
import type { Dtype } from '../../src/core/types/models';
import {
  chunkMaxTokens,
  contentId,
  fileProblem,
  prepareFile,
} from '../../src/engine/ingest/prepare-file';
import { Qwen3Embedder } from '../../src/engine/qwen3/embedder';
import { loadTokenCounter } from '../../src/engine/qwen3/token-counter';
import * as models from '../node-models';
import { walkFolder, type FolderFile } from './folder-walk';
import { PackWork, resultOf, type FileResult } from './pack-work';
import { printSummary, writePack, type PackTally, type Written } from './pack-output';
import { ProgressBar } from './progress';

export interface PackOptions {
  folder: string;
  out: string;
  models?: string;
  dtype?: Dtype;
  dimension?: number;
  chunkTokens: number;
  overlapTokens: number;
  int8Only: boolean;
  title?: string;
  instruction: string;
  archive?: string;
  generator: string;
}

/** Chunks embedded together: small files share forward passes; Ctrl-C loses at most this much. */
const EMBED_GROUP_CHUNKS = 64;

interface Waiting {
  index: number;
  id: string;
  result: Omit<FileResult, 'vectors'>;
  inputs: string[];
}

/** The pack's documents: each packed file in folder order, under the folder's name. */
function packDocuments(
  folderName: string,
  files: readonly FolderFile[],
  results: ReadonlyArray<FileResult | undefined>,
  ids: readonly string[],
): PackDocumentInput[] {
  return files.flatMap((f, index) => {
    const result = results[index];
    if (!result) return [];
    const { format, pages, ...rest } = result;
    return [
      {
        id: ids[index]!,
        name: basename(f.path),
        path: `${folderName}/${f.path}`,
        ...(format !== undefined ? { format } : {}),
        ...(pages !== undefined ? { pages } : {}),
        size: f.size,
        ...rest,
      },
    ];
  });
}

export interface PackRun {
  tally: PackTally;
  built: BuiltPack;
  written: Written;
}

/** Builds the pack and prints the summary; returns what it measured (the benchmark reads it). */
export async function runPack(options: PackOptions): Promise<PackRun> {
  const started = performance.now();
  const folder = resolve(options.folder);
  const out = resolve(options.out);
  if (out === folder) throw new Error('The pack folder (-o) must not be the folder being packed.');
  const source = models.nodeModelsOf(options.models);
  models.useModels(source);
  const modelId = QWEN3_EMBEDDING_MODEL_ID;
  await models.requireModels(source, [modelId]);
  const { dtype, revision } = await models.pickDtype(
    source,
    modelId,
    options.dtype,
    models.EMBEDDER_DTYPES,
  );
  const fullDimension = await models.hiddenSizeOf(modelId);
  const dimension = options.dimension ?? fullDimension;
  if (dimension > fullDimension) {
    throw new Error(`--dim ${dimension} is larger than ${modelId}'s ${fullDimension} dimensions.`);
  }
  const tokens = await loadTokenCounter(modelId);
  const limits = DEFAULT_FILE_LIMITS;
  const maxTokens = chunkMaxTokens(options.chunkTokens, tokens);
  const work = await PackWork.open(out, {
    modelId,
    ...(revision ? { revision } : {}),
    dtype,
    dimension,
    maxTokens,
    overlapTokens: options.overlapTokens,
    maxChunks: limits.maxChunks,
    maxTextChars: limits.maxTextChars,
    maxUnpackedBytes: limits.maxUnpackedBytes,
  });
  const excluded = [await realpath(out)];
  if (options.archive) {
    excluded.push(await realpath(options.archive).catch(() => resolve(options.archive!)));
  }
  const files = await walkFolder(folder, excluded);

  const tally: PackTally = {
    files: files.length,
    packed: 0,
    reused: 0,
    duplicates: [],
    skipped: [],
    failed: [],
    chunks: 0,
    embedded: 0,
    embeddedFiles: 0,
    prepareMs: 0,
    loadMs: 0,
    embedMs: 0,
    writeMs: 0,
    totalMs: 0,
    pruned: 0,
  };
  const bar = new ProgressBar();
  const state = { filesDone: 0, files: files.length, chunks: 0, embedded: 0, doing: '' };
  const results: Array<FileResult | undefined> = new Array<FileResult | undefined>(files.length);
  /** Content id → the first path with that content; and each packed file's id. */
  const ids = new Map<string, string>();
  const docIds: string[] = [];
  let embedder: Qwen3Embedder | undefined;
  let waiting: Waiting[] = [];

  const done = (chunks: number) => {
    state.filesDone++;
    state.chunks += chunks;
    bar.update(state);
  };
  const fail = (path: string, message: string) => {
    tally.failed.push({ path, message });
    bar.log(`failed: ${path}: ${message}`);
    done(0);
  };

  /** Embeds the waiting files' chunks in one call and saves each file's result. */
  const flush = async () => {
    if (waiting.length === 0) return;
    if (!embedder) {
      // Loaded only when a file needs embedding: a resumed run with everything saved needs none.
      const loadStart = performance.now();
      embedder = await Qwen3Embedder.load({ modelId, device: 'cpu', dtype, dimension });
      tally.loadMs = performance.now() - loadStart;
    }
    const inputs = waiting.flatMap((w) => w.inputs);
    const embedStart = performance.now();
    const base = state.embedded;
    const vectors = await embedder.embedDocuments(inputs, (n) => {
      state.embedded = base + n;
      bar.update(state);
    });
    tally.embedMs += performance.now() - embedStart;
    let row = 0;
    for (const w of waiting) {
      const rows = vectors.slice(row * dimension, (row + w.inputs.length) * dimension);
      row += w.inputs.length;
      const result = { ...w.result, vectors: rows };
      await work.put(w.id, result);
      results[w.index] = result;
      done(w.inputs.length);
    }
    tally.embedded += inputs.length;
    tally.embeddedFiles += waiting.length;
    waiting = [];
  };

  // Ctrl-C: what is saved stays saved; say so instead of dying mid-line.
  const interrupted = () => {
    bar.clear();
    console.error(
      `\nInterrupted. ${tally.reused + tally.embeddedFiles} files are saved in ${work.dir}: ` +
        'run the same command again to go on from there.',
    );
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    for (const [index, f] of files.entries()) {
      state.doing = f.path;
      bar.update(state);
      const problem = fileProblem(f.path, f.size, limits.maxFileBytes);
      if (problem?.status === 'skipped') {
        tally.skipped.push({ path: f.path, message: problem.message });
        done(0);
        continue;
      }
      if (problem) {
        fail(f.path, problem.message);
        continue;
      }
      const prepareStart = performance.now();
      const bytes = new Uint8Array(await readFile(f.file));
      const id = await contentId(bytes);
      const first = ids.get(id);
      if (first !== undefined) {
        tally.duplicates.push({ path: f.path, message: `same content as ${first}` });
        done(0);
        continue;
      }
      ids.set(id, f.path);
      docIds[index] = id;
      const saved = await work.get(id, dimension);
      if (saved) {
        results[index] = saved;
        tally.reused++;
        tally.prepareMs += performance.now() - prepareStart;
        done(saved.chunks.length);
        continue;
      }
      try {
        const prepared = await prepareFile(basename(f.path), bytes, async () => tokens, {
          ...limits,
          chunkTokens: options.chunkTokens,
          overlapTokens: options.overlapTokens,
        });
        tally.prepareMs += performance.now() - prepareStart;
        if (prepared.chunks.length === 0) {
          fail(f.path, 'No text to index.');
          continue;
        }
        waiting.push({ index, id, inputs: prepared.inputs, result: resultOf(prepared) });
      } catch (error) {
        fail(f.path, errorMessage(error));
        continue;
      }
      if (waiting.reduce((n, w) => n + w.inputs.length, 0) >= EMBED_GROUP_CHUNKS) await flush();
    }
    await flush();
    state.doing = '';
    bar.update(state, true);
  } finally {
    process.off('SIGINT', interrupted);
    bar.clear();
    await embedder?.dispose();
  }

  const documents = packDocuments(basename(folder), files, results, docIds);
  tally.packed = documents.length;
  tally.chunks = documents.reduce((n, d) => n + d.chunks.length, 0);
  if (documents.length === 0) {
    printSummary(tally, undefined);
    throw new Error(`Nothing to pack: no file in ${folder} could be indexed.`);
  }
  const writeStart = performance.now();
  const built = await buildPack({
    title: options.title ?? basename(folder),
    generator: options.generator,
    embedding: {
      modelId,
      ...(revision ? { revision } : {}),
      dtype,
      dimension,
      fullDimension,
      queryTemplate: QUERY_TEMPLATE,
      instruction: options.instruction,
    },
    chunking: {
      tokenizer: modelId,
      maxTokens,
      overlapTokens: options.overlapTokens,
      headingContext: true,
    },
    documents,
    int8Only: options.int8Only,
  });
  const written = await writePack(out, built, options.archive);
  tally.writeMs = performance.now() - writeStart;
  tally.pruned = await work.prune();
  tally.totalMs = performance.now() - started;
  printSummary(tally, { built, written, out, archive: options.archive, source, dtype });
  return { tally, built, written };
}
