// The reopening store on fake-indexeddb: a database deleted under it (as "clear site data" or
// another tab does) is reported lost, and the next read or write works on a fresh database.
import 'fake-indexeddb/auto';
import { get, set } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { reopeningStore } from './reopening-store';

const deleteDatabase = (name: string) =>
  new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error('delete failed'));
    request.onblocked = () => reject(new Error('deletion blocked by an open connection'));
  });

describe('reopeningStore', () => {
  it('lets a deletion through, reports the loss, and works again on a fresh database', async () => {
    let lost = 0;
    const store = reopeningStore('reopen-test-1', 'things', () => lost++);
    await set('a', 1, store);
    expect(await get('a', store)).toBe(1);

    await deleteDatabase('reopen-test-1');
    expect(lost).toBe(1);
    expect(await get('a', store)).toBeUndefined();
    await set('b', 2, store);
    expect(await get('b', store)).toBe(2);
  });

  it('keeps one connection while nothing happens to it', async () => {
    let opens = 0;
    const original = indexedDB.open.bind(indexedDB);
    indexedDB.open = (...args: Parameters<typeof indexedDB.open>) => {
      opens++;
      return original(...args);
    };
    try {
      const store = reopeningStore('reopen-test-2', 'things');
      for (let i = 0; i < 5; i++) await set(`k${i}`, i, store);
      expect(await get('k4', store)).toBe(4);
      expect(opens).toBe(1);
    } finally {
      indexedDB.open = original;
    }
  });
});
