import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ManualClock } from '../domain/clock.js';
import { timeOrderedId } from '../store/event-ids.js';
import { openSqlite } from '../store/sqlite/open.js';
import { Store } from '../store/store.js';
import { AuditRetention } from './audit-retention.js';

test('a sweep deletes every event past the retention, in batches, and only those', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'isthmus-retention-'));
  const store = new Store(openSqlite(join(dir, 'isthmus.sqlite')));
  try {
    await store.migrate();
    const clock = new ManualClock('2031-03-01T00:00:00Z');
    const event = (ms: number, i: number) => ({
      id: timeOrderedId(ms), time: new Date(ms).toISOString(), projectId: 'p'.repeat(32), peerProjectId: null, userId: null,
      accountId: null, operation: 'CreateVpc', resourceType: 'vpc', resourceId: null, status: 200, errorCode: null, requestId: `r${i}`,
    });
    const start = clock.now().getTime();
    // 25 events a minute apart; a retention of 10 minutes, swept 24 minutes later, keeps the last 11.
    for (let i = 0; i < 25; i++) await store.recordEvent(event(start + i * 60_000, i));
    clock.advance(24 * 60_000);
    const batches: number[] = [];
    const prune = store.pruneEvents.bind(store);
    store.pruneEvents = async (boundary, limit) => { const n = await prune(boundary, limit); batches.push(n); return n; };

    const retention = new AuditRetention({ store, clock }, 10 * 60_000, 4);
    assert.equal(await retention.sweep(), 14);
    assert.deepEqual(batches, [4, 4, 4, 2], 'bounded statements until one comes back short');
    const left = (await store.read.events.list('p'.repeat(32), {}, { limit: 100 })).items.map((e) => e.requestId);
    assert.deepEqual(left, Array.from({ length: 11 }, (_, i) => `r${i + 14}`));
    assert.equal(await retention.sweep(), 0, 'a second sweep finds nothing');

    // A server closing mid-sweep: the running sweep ends after its batch.
    for (let i = 0; i < 12; i++) await store.recordEvent(event(start + 25 * 60_000 + i, 100 + i));
    clock.advance(60 * 60_000);
    batches.length = 0;
    const running = retention.sweep();
    retention.stop();
    assert.equal(await running, 4, 'one batch, then it stops');
    assert.deepEqual(batches, [4]);
    assert.equal(await retention.sweep(), 0, 'stopped: later sweeps do nothing');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the sweep interval is a tenth of the retention, from 1 s to 1 h; a retention must be positive', () => {
  const deps = { store: {} as Store, clock: new ManualClock() };
  assert.equal(new AuditRetention(deps, 90 * 86_400_000).intervalMs, 3_600_000);
  assert.equal(new AuditRetention(deps, 600_000).intervalMs, 60_000);
  assert.equal(new AuditRetention(deps, 2000).intervalMs, 1000);
  assert.throws(() => new AuditRetention(deps, 0), /positive/);
});
