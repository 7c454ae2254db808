// An idb-keyval store that outlives its database: when the browser closes the connection (site
// data cleared) or another context deletes or upgrades the database, the next use opens it again
// (creating the object store afresh) and `onLost` reports it. Embedder worker (and Node tests).

import { promisifyRequest, type UseStore } from 'idb-keyval';

export function reopeningStore(dbName: string, storeName: string, onLost?: () => void): UseStore {
  let current: Promise<IDBDatabase> | undefined;
  const forget = (opening: Promise<IDBDatabase>) => {
    if (current === opening) current = undefined;
  };
  const open = (): Promise<IDBDatabase> => {
    const request = indexedDB.open(dbName);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName);
    const opening: Promise<IDBDatabase> = promisifyRequest(request).then((db) => {
      // Closed by the browser, not by us: the data is most likely gone.
      db.onclose = () => {
        forget(opening);
        onLost?.();
      };
      // Let a deletion or upgrade elsewhere go ahead; it is a loss when it was a deletion.
      db.onversionchange = (event) => {
        db.close();
        forget(opening);
        if (event.newVersion === null) onLost?.();
      };
      return db;
    });
    opening.catch(() => forget(opening));
    return opening;
  };
  return async (mode, callback) => {
    for (let attempt = 1; ; attempt++) {
      const opening = (current ??= open());
      const db = await opening;
      let store: IDBObjectStore;
      try {
        store = db.transaction(storeName, mode).objectStore(storeName);
      } catch (error) {
        // A connection the browser is closing cannot start transactions: open a new one.
        const closing = error instanceof DOMException && error.name === 'InvalidStateError';
        if (!closing) throw error;
        forget(opening);
        if (attempt === 2) throw error;
        continue;
      }
      return callback(store);
    }
  };
}
