import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../store/open.js';
import { freshDatabase, testPgUrl } from '../store/postgres/test-database.js';
import { IdentityRepo } from '../store/repos/identity.js';
import { createAccount } from './accounts.js';

/** A promise and the function that resolves it (Node 20 has no Promise.withResolvers). */
function signal(): { promise: Promise<void>; fire(): void } {
  let fire!: () => void;
  const promise = new Promise<void>((resolve) => { fire = resolve; });
  return { promise, fire };
}

// On SQLite one writer at a time makes the race an ordinary "changed meanwhile" rerun (test
// in test/cli/resources.test.ts). On PostgreSQL, at READ COMMITTED, two transactions can
// both read "no such account" and both insert it; only the unique index stops the second.
const pgEnv = testPgUrl();
if (pgEnv.mustFail) {
  test('account create on PostgreSQL needs ISTHMUS_TEST_PG_URL under CI=true', () => {
    assert.fail('CI=true but ISTHMUS_TEST_PG_URL is not set: start scripts/pg-test-cluster.sh and export its URL');
  });
} else {
  test('account create of one new name from two servers at once (PostgreSQL): the loser of the unique index reruns and prints the same account', { skip: pgEnv.skip }, async () => {
    const db = await freshDatabase(pgEnv.url!, 'isthmus_acct');
    const first = await openStore({ store: db.url });
    const second = await openStore({ store: db.url }); // another process's connection pool
    const insertAccount = IdentityRepo.prototype.insertAccount;
    const firstInserted = signal();
    const secondInserting = signal();
    const outcomes: string[] = [];
    // The first command inserts the account and holds its transaction open until the second
    // has read "no such account" in its own transaction and is inserting too: neither sees
    // the other's row, so the second's insert waits on the unique index and fails when the
    // first commits.
    IdentityRepo.prototype.insertAccount = async function (this: IdentityRepo, account) {
      const n = outcomes.push('inserting');
      if (n === 1) {
        await insertAccount.call(this, account);
        outcomes[0] = 'inserted';
        firstInserted.fire();
        await secondInserting.promise;
        return;
      }
      if (n === 2) secondInserting.fire();
      try {
        await insertAccount.call(this, account);
        outcomes[n - 1] = 'inserted';
      } catch (err) {
        outcomes[n - 1] = second.read.isUniqueViolation(err) ? 'unique violation' : String(err);
        throw err;
      }
    };
    try {
      const now = new Date();
      const one = createAccount(first, 'racer', 'eu-de', now);
      await firstInserted.promise;
      const two = await createAccount(second, 'racer', 'eu-de', now);
      const won = await one;
      // The store reran the loser's transaction, which saw the account and reran the
      // command: it inserted nothing more and printed the one account.
      assert.deepEqual(outcomes, ['inserted', 'unique violation']);
      assert.deepEqual(two, won, 'both print the one account, user, keys and password');
      const rows = await first.read.db.selectFrom('accounts').select('id').where('name', '=', 'racer').execute();
      assert.equal(rows.length, 1);
    } finally {
      IdentityRepo.prototype.insertAccount = insertAccount;
      await first.close();
      await second.close();
      await db.drop();
    }
  });
}
