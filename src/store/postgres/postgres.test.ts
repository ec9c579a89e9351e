import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { ApiError } from '../../domain/errors.js';
import { newHexId } from '../../domain/ids.js';
import { migrationProvider } from '../migrations/index.js';
import { openStore } from '../open.js';
import { storeContract } from '../store.contract.js';
import { Store } from '../store.js';
import { isPgUnavailable, openPostgres } from './open.js';
import { freshDatabase, testPgUrl } from './test-database.js';

const pgEnv = testPgUrl();

if (pgEnv.mustFail) {
  test('PostgreSQL store tests need ISTHMUS_TEST_PG_URL under CI=true', () => {
    assert.fail('CI=true but ISTHMUS_TEST_PG_URL is not set: start scripts/pg-test-cluster.sh and export its URL');
  });
} else if (pgEnv.skip) {
  test('PostgreSQL store contract', { skip: pgEnv.skip }, () => {});
} else {
  const baseUrl = pgEnv.url!;

  storeContract('PostgreSQL', async () => {
    const db = await freshDatabase(baseUrl, 'isthmus_contract');
    const opened: Store[] = [];
    const store = await openStore({ store: db.url });
    opened.push(store);
    return {
      store,
      async another() {
        const s = await openStore({ store: db.url });
        opened.push(s);
        return s;
      },
      async cleanup() {
        for (const s of opened) await s.close();
        await db.drop();
      },
    };
  }, { sharedCommits: true });

  describe('PostgreSQL store specifics', { timeout: 120_000 }, () => {
    test('three servers starting together apply each migration exactly once', async () => {
      const db = await freshDatabase(baseUrl, 'isthmus_migrate');
      try {
        const stores = await Promise.all([1, 2, 3].map(() => openStore({ store: db.url })));
        const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(stores[0]!.adapter.db);
        const expected = Object.keys(await migrationProvider.getMigrations()).sort();
        assert.deepEqual(rows.rows.map((r) => r.name), expected);
        const revs = await sql<{ value: string }>`select value from meta where key = 'revision'`.execute(stores[0]!.adapter.db);
        assert.deepEqual(revs.rows, [{ value: '0' }]);
        for (const s of stores) await s.close();
      } finally {
        await db.drop();
      }
    });

    test('the revision bump casts text to integer and back on PostgreSQL', async () => {
      const db = await freshDatabase(baseUrl, 'isthmus_rev');
      const store = await openStore({ store: db.url });
      try {
        for (let i = 0; i < 12; i++) await store.write(async () => {});
        assert.equal(await store.read.meta.revision(), 12);
        const raw = await sql<{ value: string }>`select value from meta where key = 'revision'`.execute(store.adapter.db);
        assert.equal(raw.rows[0]!.value, '12');
      } finally {
        await store.close();
        await db.drop();
      }
    });

    test('tryExclusive: while one server holds the work, another skips it', async () => {
      const db = await freshDatabase(baseUrl, 'isthmus_excl');
      const a = await openStore({ store: db.url });
      const b = await openStore({ store: db.url });
      try {
        let release!: () => void;
        const held = new Promise<void>((r) => { release = r; });
        const first = a.tryExclusive('sweep', async () => { await held; return 'a'; });
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(await b.tryExclusive('sweep', async () => 'b'), undefined);
        release();
        assert.equal(await first, 'a');
        assert.equal(await b.tryExclusive('sweep', async () => 'b'), 'b');
      } finally {
        await a.close();
        await b.close();
        await db.drop();
      }
    });

    test('an unreachable database answers ISTHMUS.0503, for reads and writes', async () => {
      // A port nobody listens on: connection refused.
      const store = new Store(await openPostgres('postgres://nobody@127.0.0.1:1/none'));
      try {
        for (const attempt of [
          () => store.read.vpcs.get('x'),
          () => store.write(async (tx) => tx.vpcs.get('x')),
          () => store.snapshot('eu-de'),
          () => store.migrate(),
        ]) {
          await assert.rejects(attempt(), (err: unknown) => {
            assert.ok(err instanceof ApiError, String(err));
            assert.equal(err.status, 503);
            assert.equal(err.code, 'ISTHMUS.0503');
            return true;
          });
        }
      } finally {
        await store.close();
      }
    });

    test('isUnavailable recognises the ways a connection goes away', () => {
      assert.equal(isPgUnavailable(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })), true);
      assert.equal(isPgUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })), true);
      assert.equal(isPgUnavailable(Object.assign(new Error('x'), { code: '08006' })), true);
      assert.equal(isPgUnavailable(new Error('Connection terminated unexpectedly')), true);
      assert.equal(isPgUnavailable(Object.assign(new Error('dup'), { code: '23505' })), false);
      assert.equal(isPgUnavailable(new Error('syntax')), false);
    });

    test('the account CLI path works on PostgreSQL (openStore by URL, writes, reads back)', async () => {
      const db = await freshDatabase(baseUrl, 'isthmus_cli');
      const store = await openStore({ store: db.url });
      try {
        const id = newHexId();
        await store.write((tx) => tx.identity.insertAccount({ id, name: 'acme', createdAt: new Date().toISOString() }));
        assert.equal((await store.read.identity.accountByName('acme'))?.id, id);
      } finally {
        await store.close();
        await db.drop();
      }
    });
  });
}
