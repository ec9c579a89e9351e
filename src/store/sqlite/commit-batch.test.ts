import assert from 'node:assert/strict';
import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Peering, Vpc } from '../../domain/entities.js';
import { newHexId, newId } from '../../domain/ids.js';
import type { DialectAdapter } from '../adapter.js';
import type { AuditScope } from '../audit.js';
import { REVISION_MARKER } from '../repos/changes.js';
import type { AuditEvent } from '../repos/events.js';
import { Store, type StoreTx } from '../store.js';
import { openSqlite } from './open.js';
import { WalSync } from './wal-sync.js';

/**
 * Commit batching (commit-batch.ts): writes issued in one turn of the event loop share a
 * SQLite transaction, each in its own savepoint. Every test issues its writes in one
 * turn and checks that they did share a COMMIT, so it tests the batched path.
 */

const ts = (n: number) => new Date(Date.UTC(2026, 10, 26, 12, 0, n)).toISOString();
const vpc = (projectId: string, over: Partial<Vpc> = {}): Vpc => ({
  id: newId(), projectId, name: 'v', description: '', cidr: '10.0.0.0/16', status: 'OK', enterpriseProjectId: '0',
  createdAt: ts(1), updatedAt: ts(1), ...over,
});
const peering = (a: Vpc, b: Vpc): Peering => ({
  id: newId(), name: 'p', description: '', status: 'PENDING_ACCEPTANCE', requestVpcId: a.id, requestProjectId: a.projectId,
  acceptVpcId: b.id, acceptProjectId: b.projectId, createdAt: ts(3), updatedAt: ts(3), expiresAt: ts(50),
});

let eventNo = 0;
function event(projectId: string, resourceId: string): AuditEvent {
  const n = ++eventNo;
  return {
    id: `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`, time: ts(n % 60), projectId, peerProjectId: null,
    userId: null, accountId: null, operation: 'CreateVpc', resourceType: 'vpc', resourceId, status: 200, errorCode: null,
    requestId: `req-${n}`,
  };
}

/** An audit scope as the API's: the request's event commits with its change. */
const audited = (projectId: string): AuditScope => ({
  async onWrite(tx, value) {
    await tx.events.put(event(projectId, (value as Vpc).id));
  },
});

/** Resolves after `n` turns of the event loop. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

/** Tracks whether a promise has settled, without handling its outcome for the caller. */
function watch<T>(p: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let done = false;
  const promise = p.finally(() => { done = true; });
  return { settled: () => done, promise };
}

describe('commit batching on SQLite', { timeout: 120_000 }, () => {
  let dir: string;
  let path: string;
  let adapter: DialectAdapter;
  let store: Store;
  /** A second connection: what it sees is what is committed to the file. */
  let outside: BetterSqlite3.Database;
  let projectId: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'isthmus-batch-'));
    path = join(dir, 'isthmus.sqlite');
    // A generous time bound: the batches the tests expect are not cut short on a busy machine.
    adapter = openSqlite(path, { maxBatchMs: 10_000 });
    store = new Store(adapter);
    await store.migrate();
    projectId = newHexId();
    await store.write(async (tx) => {
      await tx.identity.insertAccount({ id: projectId, name: `acct-${projectId}`, createdAt: ts(0) });
      await tx.identity.insertProject({ id: projectId, accountId: projectId, region: 'eu-de', name: 'eu-de' });
    });
    outside = new BetterSqlite3(path, { readonly: true });
  });

  after(async () => {
    outside?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const committed = (id: string) => outside.prepare('select count(*) as n from vpcs where id = ?').get(id) as { n: number };
  const isCommitted = (id: string) => committed(id).n === 1;

  /** Runs `issue` (writes started in one turn) and returns how many COMMITs and members it took. */
  async function batched<T>(issue: () => Promise<T>): Promise<{ value: T; commits: number; members: number }> {
    const before = { ...adapter.commitStats };
    const value = await issue();
    return { value, commits: adapter.commitStats.commits - before.commits, members: adapter.commitStats.writes - before.writes };
  }

  test('writes of one turn share one COMMIT; each keeps its own revision, change log and audit event, in order', async () => {
    const start = await store.read.meta.revision();
    const heard: number[] = [];
    const stop = store.onCommit((r) => heard.push(r));
    const vpcs = Array.from({ length: 8 }, () => vpc(projectId));
    const { commits, members } = await batched(() => Promise.all(vpcs.map((v) => store.audited({ audit: audited(projectId) }).write(async (tx) => {
      await tx.vpcs.insert(v);
      return v;
    }))));
    stop();
    assert.deepEqual({ commits, members }, { commits: 1, members: 8 });
    assert.equal(await store.read.meta.revision(), start + 8);
    const log = await store.read.changes.since(start, 100);
    for (const [i, v] of vpcs.entries()) {
      const mine = log.filter((c) => c.revision === start + 1 + i);
      assert.deepEqual(mine.filter((c) => c.entity === 'vpc').map((c) => c.id), [v.id], `revision ${start + 1 + i} is write ${i}'s`);
      assert.equal(mine.filter((c) => c.entity === REVISION_MARKER).length, 1);
      assert.equal((await store.read.events.list(projectId, { resourceId: v.id }, { limit: 10 })).items.length, 1, `write ${i}'s event`);
    }
    assert.equal(Math.max(...heard), start + 8);
    for (let i = 1; i < heard.length; i++) assert.ok(heard[i]! > heard[i - 1]!, 'listeners hear increasing revisions');
  });

  test('nothing is acknowledged, and no listener hears, before the batch is durable', async () => {
    const original = WalSync.prototype.flush;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => { open = resolve; });
    let flushes = 0;
    WalSync.prototype.flush = function (this: WalSync) {
      flushes++;
      return gate.then(() => original.call(this));
    };
    try {
      const start = await store.read.meta.revision();
      const heard: number[] = [];
      const stop = store.onCommit((r) => heard.push(r));
      const vpcs = Array.from({ length: 4 }, () => vpc(projectId));
      const writes = vpcs.map((v) => watch(store.write((tx) => tx.vpcs.insert(v))));
      // Committed to the file (another connection sees it), and its fsync asked for...
      for (let i = 0; i < 1000 && !vpcs.every((v) => isCommitted(v.id)); i++) await turns(1);
      assert.ok(vpcs.every((v) => isCommitted(v.id)), 'the batch committed');
      assert.equal(flushes, 1, 'one fsync for the batch');
      // ...but not durable yet: nobody has heard.
      await turns(10);
      assert.ok(writes.every((w) => !w.settled()), 'no write acknowledged before its fsync');
      assert.deepEqual(heard, []);
      open();
      await Promise.all(writes.map((w) => w.promise));
      assert.equal(Math.max(...heard), start + 4);
      stop();
    } finally {
      WalSync.prototype.flush = original;
      open();
    }
  });

  test('a read outside a transaction waits for the open batch to commit and never sees a member uncommitted', async () => {
    const a = vpc(projectId);
    const b = vpc(projectId);
    let inB!: () => void;
    const bRunning = new Promise<void>((resolve) => { inB = resolve; });
    let finishB!: () => void;
    const bMayFinish = new Promise<void>((resolve) => { finishB = resolve; });
    const { value: reads, commits } = await batched(async () => {
      const wa = store.write((tx) => tx.vpcs.insert(a));
      const wb = store.write(async (tx) => {
        await tx.vpcs.insert(b);
        inB();
        await bMayFinish; // across turns of the event loop: the batch stays open
      });
      await bRunning;
      // a is written in the open transaction, not committed.
      assert.equal(isCommitted(a.id), false);
      const read = watch(store.read.vpcs.get(a.id).then((found) => ({ found, committedThen: isCommitted(a.id) && isCommitted(b.id) })));
      const snapshot = watch(store.snapshot('eu-de').then((snap) => ({ snap, committedThen: isCommitted(a.id) })));
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(read.settled(), false, 'the read queues behind the open batch');
      assert.equal(snapshot.settled(), false, 'so does a snapshot');
      finishB();
      await Promise.all([wa, wb]);
      return { read: await read.promise, snapshot: await snapshot.promise };
    });
    assert.equal(commits, 1);
    assert.deepEqual(reads.read.found, a);
    assert.equal(reads.read.committedThen, true, 'the read ran after the COMMIT');
    assert.equal(reads.snapshot.committedThen, true);
    assert.ok(reads.snapshot.snap.vpcs.some((v) => v.id === b.id));
  });

  test('a member that throws is rolled back alone; its caller gets its own error; the others commit', async () => {
    const start = await store.read.meta.revision();
    const [x, y, z, w] = [vpc(projectId), vpc(projectId), vpc(projectId), vpc(projectId)];
    const mine = new Error('changed my mind');
    let seenInside: boolean | undefined;
    const failingAudit: AuditScope = {
      async onWrite(tx, value) {
        await tx.events.put(event(projectId, (value as Vpc).id));
        throw new Error('audit failed');
      },
    };
    const run = (fn: (tx: StoreTx) => Promise<unknown>, audit?: AuditScope) => store.write(fn, audit).then(
      (value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
    const { value: outcomes, commits, members } = await batched(() => Promise.all([
      // The first member fails: it rolls back the transaction it opened, the rest begin anew.
      run(async (tx) => { await tx.vpcs.insert(vpc(projectId, { name: 'first-fails' })); throw mine; }),
      run(async (tx) => { await tx.vpcs.insert(x); await tx.vpcs.insert(y); await tx.peerings.insert(peering(x, y)); return 'x'; }),
      // A unique violation on what the member before wrote (uncommitted): recognised, rolled back.
      run(async (tx) => {
        await tx.vpcs.insert(z);
        try {
          await tx.peerings.insert(peering(y, x));
        } catch (err) {
          seenInside = tx.isUniqueViolation(err);
          throw err;
        }
      }),
      run(async (tx) => { await tx.vpcs.insert(w); return w; }, failingAudit),
      run(async (tx) => { await tx.vpcs.insert(vpc(projectId, { name: 'last' })); return 'last'; }),
    ]));
    assert.equal(commits, 1, 'the members after the failed first one share one COMMIT');
    assert.equal(members, 2);
    const [first, ok1, unique, audit, ok2] = outcomes;
    assert.ok(!first!.ok && first!.error === mine, 'the error, unchanged');
    assert.deepEqual(ok1, { ok: true, value: 'x' });
    assert.ok(!unique!.ok && store.adapter.isUniqueViolation(unique!.error));
    assert.equal(seenInside, true);
    assert.ok(!audit!.ok && (audit!.error as Error).message === 'audit failed');
    assert.deepEqual(ok2, { ok: true, value: 'last' });
    // What failed left nothing: no rows, no event, no revision, no change-log entry.
    assert.equal(await store.read.vpcs.get(z.id), undefined);
    assert.equal(await store.read.vpcs.get(w.id), undefined);
    assert.equal((await store.read.vpcs.list(projectId, {}, { limit: 1000 })).items.filter((v) => v.name === 'first-fails').length, 0);
    assert.equal((await store.read.events.list(projectId, { resourceId: w.id }, { limit: 10 })).items.length, 0);
    assert.equal(await store.read.peerings.countTouchingVpc(x.id), 1);
    assert.equal(await store.read.meta.revision(), start + 2);
    const log = await store.read.changes.since(start, 100);
    assert.deepEqual([...new Set(log.map((c) => c.revision))], [start + 1, start + 2]);
    assert.ok(!log.some((c) => c.id === z.id || c.id === w.id));
  });

  test('conditional updates in one batch still have exactly one winner', async () => {
    const a = vpc(projectId);
    const b = vpc(projectId);
    const pe = peering(a, b);
    await store.write(async (tx) => {
      await tx.vpcs.insert(a);
      await tx.vpcs.insert(b);
      await tx.peerings.insert(pe);
    });
    const targets = ['ACTIVE', 'REJECTED', 'EXPIRED'] as const;
    const { value: results, commits } = await batched(() => Promise.all(Array.from({ length: 12 }, (_, i) =>
      store.write((tx) => tx.peerings.transition(pe.id, 'PENDING_ACCEPTANCE', targets[i % 3]!, ts(30))))));
    assert.equal(commits, 1);
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal((await store.read.peerings.get(pe.id))!.status, targets[results.indexOf(true) % 3]);
  });

  test('at most maxBatch writes share a COMMIT; maxBatch 1 commits each alone', async () => {
    const { commits, members } = await batched(() => Promise.all(Array.from({ length: 70 }, () =>
      store.write((tx) => tx.vpcs.insert(vpc(projectId))))));
    assert.equal(members, 70);
    assert.equal(commits, 3, '32 + 32 + 6');
    assert.equal(adapter.commitStats.largest, 32);

    const alone = openSqlite(join(dir, 'alone.sqlite'), { maxBatch: 1 });
    const single = new Store(alone);
    try {
      await single.migrate();
      const before = { ...alone.commitStats };
      await Promise.all(Array.from({ length: 5 }, (_, i) => single.write((tx) => tx.meta.getOrInit(`k${i}`, 'v'))));
      assert.equal(alone.commitStats.commits - before.commits, 5);
    } finally {
      await single.close();
    }
  });

  test('another process writing the same file meanwhile: every write of both commits', async () => {
    const start = await store.read.meta.revision();
    const before = await store.read.vpcs.countInProject(projectId);
    const CHILD_WRITES = 60;
    const openUrl = new URL('../open.ts', import.meta.url).href;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
      const { openStore } = await import(${JSON.stringify(openUrl)});
      const store = await openStore({ store: ${JSON.stringify(`sqlite:${path}`)} });
      for (let i = 0; i < ${CHILD_WRITES}; i++) {
        await store.write((tx) => tx.vpcs.insert({ id: 'child-' + i, projectId: ${JSON.stringify(projectId)}, name: 'c', description: '',
          cidr: '', status: 'OK', enterpriseProjectId: '0', createdAt: 'x', updatedAt: 'x' }));
      }
      await store.close();
    `], { cwd: fileURLToPath(new URL('../../..', import.meta.url)), stdio: ['ignore', 'inherit', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let mine = 0;
    let running = true;
    void exited.then(() => { running = false; });
    let batches = 0;
    while (running || mine === 0) {
      const { commits } = await batched(() => Promise.all(Array.from({ length: 6 }, () => store.write((tx) => tx.vpcs.insert(vpc(projectId))))));
      batches += commits;
      mine += 6;
      await new Promise((r) => setTimeout(r, 2));
    }
    assert.equal(await exited, 0, 'the other process wrote without an error');
    assert.ok(batches < mine, 'this process batched meanwhile');
    assert.equal(await store.read.vpcs.countInProject(projectId), before + mine + CHILD_WRITES);
    assert.equal(await store.read.meta.revision(), start + mine + CHILD_WRITES);
  });
});
