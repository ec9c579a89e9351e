import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrateTo, onBothStores, type OpenedStore } from './test-stores.js';

/**
 * Migration 007 (password generation): a user written under 006 keeps its password hash
 * and starts at generation 0; down removes the column and keeps the user.
 */

const BEFORE = '006-lean-logs';
const THIS = '007-password-generation';

function passwordGeneration(name: string, open: () => Promise<OpenedStore>): void {
  describe(`migration ${THIS} (${name})`, { timeout: 120_000 }, () => {
    test('a user of 006 keeps its hash at generation 0; down keeps the user', async () => {
      const { store, cleanup } = await open();
      try {
        await migrateTo(store, BEFORE);
        const db = store.adapter.db;
        const id = 'f'.repeat(32);
        // Raw SQL: the repositories already write the new column.
        await store.write(async (tx) => {
          await tx.identity.insertAccount({ id, name: 'before-007', createdAt: '2026-01-01T00:00:00.000Z' });
          await sql`insert into users (id, account_id, name, password_hash, access_key, secret_key)
                    values (${id}, ${id}, 'before-007', 'salt:hash', 'AKBEFORE007', 'sk')`.execute(tx.db);
        });
        await migrateTo(store, THIS);
        assert.deepEqual(await store.read.identity.userById(id), {
          id, accountId: id, name: 'before-007', passwordHash: 'salt:hash', passwordGeneration: 0, accessKey: 'AKBEFORE007', secretKey: 'sk',
        });
        await store.write((tx) => tx.identity.setPassword(id, 'salt2:hash2', 1));
        assert.equal((await store.read.identity.userById(id))!.passwordGeneration, 1);

        await migrateTo(store, BEFORE);
        const rows = await sql<Record<string, unknown>>`select * from users where id = ${id}`.execute(db);
        assert.deepEqual(rows.rows.map((r) => ({ ...r })), [
          { id, account_id: id, name: 'before-007', password_hash: 'salt2:hash2', access_key: 'AKBEFORE007', secret_key: 'sk' },
        ]);
      } finally {
        await cleanup();
      }
    });
  });
}

onBothStores(THIS, passwordGeneration);
