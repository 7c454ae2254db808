import type { ModelSource } from '../core/types/models';
// Which model downloads the user has allowed, per model id and source, remembered in localStorage
// so that a model they once asked for loads on demand after a reload (or offline, from the cache)
// without asking again. Another source (say the hub after a mirror) asks again.

const KEY = 'sieve:downloads-allowed';

function read(): string[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

function entry(source: ModelSource, modelId: string): string {
  const from = source.kind === 'url' ? source.baseUrl : source.kind;
  return `${from} ${modelId}`;
}

export const downloadConsent = {
  has(source: ModelSource, modelId: string): boolean {
    return read().includes(entry(source, modelId));
  },
  give(source: ModelSource, modelId: string): void {
    if (!this.has(source, modelId))
      localStorage.setItem(KEY, JSON.stringify([...read(), entry(source, modelId)]));
  },
  /** After the user deleted the model's files: a new download needs a new go-ahead. */
  withdraw(source: ModelSource, modelId: string): void {
    const gone = entry(source, modelId);
    localStorage.setItem(KEY, JSON.stringify(read().filter((e) => e !== gone)));
  },
};
