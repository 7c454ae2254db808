// Which models the user has allowed to download, remembered in localStorage so that a model they
// once asked for loads on demand after a reload (or offline, from the cache) without asking again.

const KEY = 'sieve:downloads-allowed';

function read(): string[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

export const downloadConsent = {
  has(modelId: string): boolean {
    return read().includes(modelId);
  },
  give(modelId: string): void {
    if (!this.has(modelId)) localStorage.setItem(KEY, JSON.stringify([...read(), modelId]));
  },
  /** After the user deleted the model's files: a new download needs a new go-ahead. */
  withdraw(modelId: string): void {
    localStorage.setItem(KEY, JSON.stringify(read().filter((id) => id !== modelId)));
  },
};
