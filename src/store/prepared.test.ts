import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqlite } from './sqlite/open.js';
import { prepared, preparedInsert } from './prepared.js';
import type { Db } from './schema.js';

async function withDb(fn: (db: Db) => Promise<void>): Promise<void> {
  const adapter = openSqlite(':memory:');
  try {
    await adapter.db.schema.createTable('meta').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text').execute();
    await fn(adapter.db);
  } finally {
    await adapter.close();
  }
}

test('a prepared statement binds each call\'s parameters, in the order the SQL names them', async () => {
  await withDb(async (db) => {
    const insert = preparedInsert('meta', ['key', 'value']);
    await insert(db, { key: 'a', value: '1' });
    await insert(db, { key: 'b', value: '2' });
    // Parameters used out of declaration order, and one used twice.
    const between = prepared((d, p: { high: string; low: string }) => d.selectFrom('meta').select('key')
      .where('key', '>=', p.low).where('key', '<=', p.high).where((eb) => eb.or([eb('key', '=', p.low), eb('value', '!=', '')])).orderBy('key'));
    assert.deepEqual((await between(db, { low: 'a', high: 'b' })).rows.map((r) => r.key), ['a', 'b']);
    assert.deepEqual((await between(db, { low: 'b', high: 'z' })).rows.map((r) => r.key), ['b']);
    const update = prepared((d, p: { key: string; value: string }) => d.updateTable('meta').set({ value: p.value }).where('key', '=', p.key));
    assert.equal(Number((await update(db, { key: 'a', value: '9' })).numAffectedRows), 1);
    assert.equal(Number((await update(db, { key: 'zz', value: '9' })).numAffectedRows), 0);
    const get = prepared((d, p: { key: string }) => d.selectFrom('meta').selectAll().where('key', '=', p.key));
    assert.deepEqual((await get(db, { key: 'a' })).rows, [{ key: 'a', value: '9' }]);
  });
});

test('a parameter used in JavaScript logic, not as a bound value, is refused at the first call', async () => {
  await withDb(async (db) => {
    const misuse = prepared((d, p: { key: string }) => d.selectFrom('meta').selectAll().where('key', '=', p.key.toUpperCase()));
    await assert.rejects(misuse(db, { key: 'a' }), /not a bound value|written into the SQL/);
    const branch = prepared((d, p: { key: string; all: boolean }) => (p.all ? d.selectFrom('meta').selectAll() : d.selectFrom('meta').selectAll().where('key', '=', p.key)));
    await assert.rejects(branch(db, { key: 'a', all: true }), /parameter all is not a bound value/);
  });
});

test('a prepared insert refuses a row whose columns differ from the ones it names', async () => {
  await withDb(async (db) => {
    const insert = preparedInsert('meta', ['key']);
    await assert.rejects(insert(db, { key: 'a', value: '1' } as never), /do not match/);
  });
});
