// Where a model's files come from under transformers.js' current settings, and a clear account
// of why they could not be loaded (model workers or Node).

import { env } from '@huggingface/transformers';
import { usingLocalModels } from './local-folder/local-model-cache';
import { readModelFile } from './local-folder/opfs-store';

/** The model's files cannot be fetched: no backend change will help. */
export class ModelUnavailableError extends Error {
  override name = 'ModelUnavailableError';
}

/** The model source's host did not answer at all (offline, blocked, or no such host). */
export class SourceUnreachableError extends ModelUnavailableError {
  override name = 'SourceUnreachableError';
}

/** The host answered, but a download broke off mid-way and kept breaking (a flaky network). */
export class DownloadInterruptedError extends ModelUnavailableError {
  override name = 'DownloadInterruptedError';
}

/** Failures that a working network would cure: worth trying again once the browser is back online. */
export const failedOnNetwork = (error: unknown): boolean =>
  error instanceof SourceUnreachableError || error instanceof DownloadInterruptedError;

/** Where transformers.js fetches `file` of `modelId` from, under the current source. */
export function modelFileUrl(modelId: string, file: string): string {
  const path = env.remotePathTemplate
    .replaceAll('{model}', modelId)
    .replaceAll('{revision}', 'main');
  return new URL(path + file, env.remoteHost).href;
}

/**
 * transformers.js reports a missing repo or an unreachable host with errors such as "Cannot read
 * properties of undefined (reading 'tokenizer_class')". On failure, probe config.json and say
 * what actually went wrong; other failures keep their own message.
 */
export async function explainLoadFailure(
  modelId: string,
  error: unknown,
  /** Files whose download had started and not finished. */
  unfinished: readonly string[] = [],
): Promise<Error> {
  const original = error instanceof Error ? error : new Error(String(error));
  if (usingLocalModels()) return explainLocalFailure(modelId, original);
  const url = modelFileUrl(modelId, 'config.json');
  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', cache: 'no-store' });
  } catch {
    return new SourceUnreachableError(
      `Could not download ${modelId}: ${new URL(url).host} is unreachable (offline?).`,
    );
  }
  if (!response.ok) {
    const why = await shortTextOf(response);
    return new ModelUnavailableError(
      `Could not download ${modelId}: ${url} answered HTTP ${response.status}${why ? `: ${why}` : '.'}`,
    );
  }
  // Static hosts with a single-page-app fallback answer 200 with HTML for missing files.
  const config = (await response.json().catch(() => null)) as { model_type?: unknown } | null;
  if (typeof config?.model_type !== 'string') {
    const type = response.headers.get('content-type') ?? 'unknown content';
    return new ModelUnavailableError(
      `Could not download ${modelId}: ${url} is not a model config (got ${type}); check the model source URL.`,
    );
  }
  // The host answers, so a fetch that failed mid-way lost its connection (a flaky network).
  if (original instanceof TypeError && unfinished.length > 0) {
    return new DownloadInterruptedError(
      `Could not download ${modelId}: the connection broke while fetching ${unfinished.join(', ')} (${original.message}).`,
      { cause: original },
    );
  }
  return original;
}

/** A plain-text error body worth showing (a server's own explanation), else undefined. */
async function shortTextOf(response: Response): Promise<string | undefined> {
  if (!response.headers.get('content-type')?.startsWith('text/plain')) return undefined;
  const text = (await response.text().catch(() => '')).trim();
  return text.length > 0 && text.length <= 300 ? text : undefined;
}

/** With the local-folder source nothing is fetched: name the file the imported folder lacks. */
async function explainLocalFailure(modelId: string, error: Error): Promise<Error> {
  const missing = /not found locally at "([^"]+)"/.exec(error.message)?.[1];
  const at = missing?.indexOf(`${modelId}/`) ?? -1;
  const file = missing && at >= 0 ? missing.slice(at + modelId.length + 1) : missing;
  // No config.json means no such model was imported (transformers.js may ask for the tokenizer or
  // the config first, so either a "not found" or an error like "reading 'tokenizer_class'").
  if (!file || file === 'config.json') {
    if (await readModelFile(modelId, 'config.json').catch(() => undefined)) return error;
    return new ModelUnavailableError(
      `${modelId} is not among the imported models. Import a folder holding it (Model settings → Model source → Local folder), or change the model id.`,
    );
  }
  return new ModelUnavailableError(
    `${modelId} is not complete in the imported model folders: ${file} is missing. Import a folder that has it (Model settings → Model source → Local folder).`,
  );
}
