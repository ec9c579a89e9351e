import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { test } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../open.js';
import { storeContract } from '../store.contract.js';
import type { Store } from '../store.js';

storeContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'isthmus-contract-'));
  const url = `sqlite:${join(dir, 'isthmus.sqlite')}`;
  const opened: Store[] = [];
  const store = await openStore({ store: url });
  opened.push(store);
  return {
    store,
    // better-sqlite3 is synchronous: a second connection in the same process would block
    // the event loop in busy_timeout while the first awaits. Processes sharing one file
    // each have their own loop; within one process the one connection serialises writers.
    async another() {
      return store;
    },
    async cleanup() {
      for (const s of opened) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}, { sharedCommits: false });

test('a data directory the store creates is its owner\'s only (the store holds secret keys)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'isthmus-mode-'));
  const store = await openStore({ dataDir: join(dir, 'data', 'nested') });
  try {
    assert.equal(statSync(join(dir, 'data', 'nested')).mode & 0o777, 0o700);
    assert.equal(statSync(join(dir, 'data')).mode & 0o777, 0o700);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
