import { join, resolve } from 'node:path';
import { openPostgres } from './postgres/open.js';
import { openSqlite } from './sqlite/open.js';
import { Store } from './store.js';

/**
 * Opens the store named by `--store URL` (sqlite:PATH | postgres://...) or, without one,
 * the SQLite file in `--data-dir`, and brings its schema up to date.
 */
export async function openStore(options: { store?: string; dataDir?: string }): Promise<Store> {
  const url = options.store;
  let store: Store;
  if (url === undefined || url === '') {
    store = new Store(openSqlite(join(resolve(options.dataDir ?? './isthmus-data'), 'isthmus.sqlite')));
  } else if (url.startsWith('sqlite:')) {
    store = new Store(openSqlite(url.slice('sqlite:'.length)));
  } else if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    store = new Store(await openPostgres(url));
  } else {
    throw new Error(`--store must be sqlite:PATH or postgres://..., got ${JSON.stringify(url)}`);
  }
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}
