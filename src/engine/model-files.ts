// Where a model's files come from under transformers.js' current settings, and a clear account
// of why they could not be loaded (model workers or Node).

import { env } from '@huggingface/transformers';

/** The model's files cannot be fetched: no backend change will help. */
export class ModelUnavailableError extends Error {
  override name = 'ModelUnavailableError';
}

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
export async function explainLoadFailure(modelId: string, error: unknown): Promise<Error> {
  const original = error instanceof Error ? error : new Error(String(error));
  const url = modelFileUrl(modelId, 'config.json');
  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', cache: 'no-store' });
  } catch {
    return new ModelUnavailableError(
      `Could not download ${modelId}: ${new URL(url).host} is unreachable (offline?).`,
    );
  }
  if (!response.ok) {
    return new ModelUnavailableError(
      `Could not download ${modelId}: ${url} answered HTTP ${response.status}.`,
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
  return original;
}
