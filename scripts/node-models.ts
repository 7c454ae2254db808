// Where Node scripts (`sieve`, `npm run eval`) get the Qwen3 models for onnxruntime-node: a local
// folder of `<org>/<name>/…` repositories (`fixtures`: the generated fixture models), a mirror URL
// laid out the same way, or the Hugging Face hub; and which weights (dtype) of a repository to load.
import { AutoConfig, env } from '@huggingface/transformers';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  onnxFileName,
  RERANKER_DTYPES as SHIPPED_RERANKER_DTYPES,
  type Dtype,
} from '../src/core/types/models';

export type NodeModels =
  | { kind: 'folder'; root: string; fixtures: boolean }
  | { kind: 'url'; base: string }
  | { kind: 'hub' };

/** Embedder weights tried in order when none is asked for: the most exact first. */
export const EMBEDDER_DTYPES: Dtype[] = ['fp32', 'q8', 'q4', 'fp16', 'q4f16'];
/** Reranker weights tried in order: what its repository ships, then what a mirror may add. */
export const RERANKER_DTYPES: Dtype[] = [...SHIPPED_RERANKER_DTYPES, 'fp32', 'fp16'];

const HUB = 'https://huggingface.co/';
/** transformers.js' file cache (Node): keyed by `<model>/<file>` whatever host it came from. */
const DEFAULT_CACHE = env.cacheDir;

/** `fixtures`, an http(s) URL, `hub`, or a folder path. */
export function nodeModelsOf(arg: string | undefined): NodeModels {
  if (arg === undefined || arg === 'hub') return { kind: 'hub' };
  if (/^https?:\/\//i.test(arg)) return { kind: 'url', base: arg.endsWith('/') ? arg : `${arg}/` };
  const fixtures = arg === 'fixtures';
  // The fixtures are the repository's, wherever the command runs from.
  const root = fixtures ? fileURLToPath(new URL('../fixtures/models', import.meta.url)) : arg;
  return { kind: 'folder', root: resolve(root), fixtures };
}

export function describeModels(models: NodeModels): string {
  if (models.kind === 'folder') return models.fixtures ? 'fixtures/models' : models.root;
  return models.kind === 'url' ? models.base : 'the Hugging Face hub';
}

/** Points transformers.js at `models` (call once, before anything loads). */
export function useModels(models: NodeModels): void {
  if (models.kind === 'folder') {
    env.localModelPath = models.root + '/';
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    return;
  }
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  if (models.kind === 'url') {
    // A mirror lays repositories out flat, `<base>/<org>/<name>/<file>`, as the app's URL source.
    env.remoteHost = models.base;
    env.remotePathTemplate = '{model}/';
    // A cache of its own: the file cache's keys do not name the host, so one mirror's files
    // (a test server's fixtures, say) would otherwise stand in for the hub's.
    env.cacheDir = join(
      DEFAULT_CACHE ?? '.cache',
      `mirror-${models.base.replace(/[^a-z0-9]+/gi, '_')}`,
    );
  }
}

/** Whether transformers.js' file cache already holds `file` of `modelId` (offline runs). */
function cached(modelId: string, file: string): boolean {
  return env.useFSCache && env.cacheDir !== null && existsSync(join(env.cacheDir, modelId, file));
}

/** The URL of a repository file (remote sources only). */
function fileUrl(models: Exclude<NodeModels, { kind: 'folder' }>, modelId: string, file: string) {
  return models.kind === 'url'
    ? `${models.base}${modelId}/${file}`
    : `${HUB}${modelId}/resolve/main/${file}`;
}

/** Whether the repository has `file`, and the commit a hub-like server says it is from. */
async function probe(
  models: NodeModels,
  modelId: string,
  file: string,
): Promise<{ found: boolean; revision?: string; unreachable?: string }> {
  if (models.kind === 'folder') return { found: existsSync(join(models.root, modelId, file)) };
  try {
    const response = await fetch(fileUrl(models, modelId, file), { method: 'HEAD' });
    const revision = response.headers.get('x-repo-commit') ?? undefined;
    if (response.ok) return { found: true, ...(revision ? { revision } : {}) };
  } catch (error) {
    // Offline: what an earlier run downloaded still loads from the cache.
    const why = error instanceof Error ? (error.cause ?? error).toString() : String(error);
    return cached(modelId, file) ? { found: true } : { found: false, unreachable: why };
  }
  return { found: cached(modelId, file) };
}

/** Throws unless every repository of `modelIds` is there (its tokenizer.json, at least). */
export async function requireModels(models: NodeModels, modelIds: readonly string[]) {
  for (const id of modelIds) {
    const found = await probe(models, id, 'tokenizer.json');
    if (found.found) continue;
    const where = describeModels(models);
    if (found.unreachable) {
      throw new Error(
        `${where} could not be reached (${found.unreachable}) and ${id} is not in the model cache: ` +
          'use --models with a local folder (or fixtures) when offline',
      );
    }
    throw new Error(
      `${where} has no ${id} (no tokenizer.json)` +
        (models.kind === 'folder' && models.fixtures ? ': run `npm run fixtures`' : '') +
        (models.kind === 'folder' && !models.fixtures
          ? `: it should hold ${join(models.root, id)}/{tokenizer.json,config.json,onnx/…}`
          : ''),
    );
  }
}

/**
 * The asked dtype, else the first of `preference` whose ONNX file the repository has; with the
 * weights' revision when the server names it.
 */
export async function pickDtype(
  models: NodeModels,
  modelId: string,
  asked: Dtype | undefined,
  preference: readonly Dtype[],
): Promise<{ dtype: Dtype; revision?: string }> {
  const check = (d: Dtype) => probe(models, modelId, `onnx/${onnxFileName(d)}`);
  const where = describeModels(models);
  if (asked) {
    const found = await check(asked);
    if (!found.found) throw new Error(`${modelId} in ${where} has no ${asked} weights.`);
    return { dtype: asked, ...(found.revision ? { revision: found.revision } : {}) };
  }
  for (const dtype of preference) {
    const found = await check(dtype);
    if (found.found) return { dtype, ...(found.revision ? { revision: found.revision } : {}) };
  }
  throw new Error(`${modelId} in ${where} has no ONNX weights Sieve can load.`);
}

/** The model's full embedding size (config.json's hidden_size), without loading its weights. */
export async function hiddenSizeOf(modelId: string): Promise<number> {
  const config = (await AutoConfig.from_pretrained(modelId)) as unknown as { hidden_size?: number };
  if (!Number.isInteger(config.hidden_size)) {
    throw new Error(`${modelId}'s config.json has no hidden_size.`);
  }
  return config.hidden_size!;
}
