import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Migrator } from 'kysely';
import { openPostgres } from '../postgres/open.js';
import { freshDatabase, testPgUrl } from '../postgres/test-database.js';
import { openSqlite } from '../sqlite/open.js';
import { Store } from '../store.js';
import { migrationProvider } from './index.js';

/** A store on a fresh, unmigrated database, and how to throw it away. */
export interface OpenedStore {
  store: Store;
  cleanup(): Promise<void>;
}

/** Moves the store's schema up or down to exactly the migration `name`. */
export async function migrateTo(store: Store, name: string): Promise<void> {
  const { error } = await new Migrator({ db: store.adapter.db, provider: migrationProvider }).migrateTo(name);
  if (error) throw error;
}

/**
 * Declares a migration's tests (`suite`) once per dialect: SQLite in a temporary directory,
 * PostgreSQL on a fresh database of ISTHMUS_TEST_PG_URL's server (which CI=true requires:
 * without it the PostgreSQL run fails instead of skipping).
 */
export function onBothStores(migration: string, suite: (dialect: string, open: () => Promise<OpenedStore>) => void): void {
  suite('SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), `isthmus-${migration.slice(0, 3)}-`));
    const store = new Store(openSqlite(join(dir, 'isthmus.sqlite')));
    return {
      store,
      async cleanup() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });

  const pgEnv = testPgUrl();
  if (pgEnv.mustFail) {
    test(`migration ${migration} on PostgreSQL needs ISTHMUS_TEST_PG_URL under CI=true`, () => {
      assert.fail('CI=true but ISTHMUS_TEST_PG_URL is not set: start scripts/pg-test-cluster.sh and export its URL');
    });
  } else if (pgEnv.skip) {
    test(`migration ${migration} (PostgreSQL)`, { skip: pgEnv.skip }, () => {});
  } else {
    suite('PostgreSQL', async () => {
      const db = await freshDatabase(pgEnv.url!, `isthmus_${migration.slice(0, 3)}`);
      const store = new Store(await openPostgres(db.url));
      return {
        store,
        async cleanup() {
          await store.close();
          await db.drop();
        },
      };
    });
  }
}
