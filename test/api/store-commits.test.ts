/**
 * `GET /metrics` counts the store's COMMITs and the writes they made durable
 * (isthmus_store_commits_total, isthmus_store_committed_writes_total): on SQLite the
 * writes of one event-loop turn share a COMMIT (store/sqlite/commit-batch.ts), and this
 * is how an operator sees it. Runs on both stores (ISTHMUS_TEST_STORE=postgres).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Harness, assertRawError } from './harness.js';

let h: Harness;
before(async () => { h = await Harness.start({ quotas: { vpc: -1, vpcPeer: -1 } }); });
after(async () => { await h.close(); });

async function commitMetrics(): Promise<{ commits: number; writes: number; largest: number }> {
  const text = await (await fetch(`${h.url}/metrics`)).text();
  const value = (name: string) => {
    const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
    assert.ok(m, `${name} is in /metrics`);
    return Number(m[1]);
  };
  return {
    commits: value('isthmus_store_commits_total'),
    writes: value('isthmus_store_committed_writes_total'),
    largest: value('isthmus_store_commit_largest_writes'),
  };
}

const rename = (id: string, name: string) =>
  h.raw(h.a, 'PUT', `/v2.0/vpc/peerings/${id}`, { body: { peering: { name } } });

test('each acknowledged write is counted once; a refused request commits nothing', async () => {
  const va = await h.vpc(h.a, '10.31.0.0/16');
  const vb = await h.vpc(h.a, '10.32.0.0/16');
  const peering = await h.peering(h.a, va.id, vb.id);

  const before = await commitMetrics();
  for (let i = 0; i < 5; i++) assert.equal((await rename(peering.id, `renamed-${i}`)).status, 200);
  const afterRenames = await commitMetrics();
  // One at a time: nothing to share a COMMIT with, on either store.
  assert.equal(afterRenames.commits - before.commits, 5);
  assert.equal(afterRenames.writes - before.writes, 5);

  assertRawError(await rename(peering.id, 'x'.repeat(65)), 400);
  assertRawError(await rename('00000000-0000-4000-8000-000000000000', 'ghost'), 404);
  assert.deepEqual(await commitMetrics(), afterRenames);
});

test('concurrent writes: every one is counted as durable, in at most as many COMMITs', async () => {
  const va = await h.vpc(h.a, '10.33.0.0/16');
  const vb = await h.vpc(h.a, '10.34.0.0/16');
  const peering = await h.peering(h.a, va.id, vb.id);

  const before = await commitMetrics();
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => rename(peering.id, `together-${i}`)));
  for (const res of answers) assert.equal(res.status, 200, res.text);
  const now = await commitMetrics();
  assert.equal(now.writes - before.writes, 20);
  assert.ok(now.commits - before.commits >= 1 && now.commits - before.commits <= 20, `${now.commits - before.commits} COMMITs`);
  assert.ok(now.largest >= 1 && now.largest <= 32, `largest ${now.largest}`);
  if (process.env.ISTHMUS_TEST_STORE === 'postgres') assert.equal(now.commits - before.commits, 20, 'PostgreSQL commits each write alone');
});
