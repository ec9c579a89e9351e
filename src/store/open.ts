import { join, resolve } from 'node:path';
import { openPostgres } from './postgres/open.js';
import { openSqlite } from './sqlite/open.js';
import { Store } from './store.js';

/** Where a store lives: a SQLite file, or a PostgreSQL database. */
export type StoreLocation = { readonly dialect: 'sqlite'; readonly path: string } | { readonly dialect: 'postgres'; readonly url: string };

/**
 * The store named by `--store URL` (sqlite:PATH | postgres://...) or, without one, the
 * SQLite file in `--data-dir`: every command that takes those options resolves them here.
 */
export function storeLocation(options: { store?: string; dataDir?: string }): StoreLocation {
  const url = options.store;
  if (url === undefined || url === '') return { dialect: 'sqlite', path: join(resolve(options.dataDir ?? './isthmus-data'), 'isthmus.sqlite') };
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', path: url.slice('sqlite:'.length) };
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { dialect: 'postgres', url };
  throw new Error(`--store must be sqlite:PATH or postgres://..., got ${JSON.stringify(url)}`);
}

/** Opens the store `storeLocation` names and brings its schema up to date. */
export async function openStore(options: { store?: string; dataDir?: string }): Promise<Store> {
  const where = storeLocation(options);
  const store = where.dialect === 'sqlite' ? new Store(openSqlite(where.path)) : new Store(await openPostgres(where.url));
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => {});
    throw err;
  }
  return store;
}
