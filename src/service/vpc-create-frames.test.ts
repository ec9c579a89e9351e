import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Migrator, sql } from 'kysely';
import { ManualClock } from '../domain/clock.js';
import type { AuditScope } from '../store/audit.js';
import { migrationProvider } from '../store/migrations/index.js';
import { openSqlite } from '../store/sqlite/open.js';
import { Store } from '../store/store.js';
import type { Caller } from './context.js';
import { Quotas } from './quotas.js';
import { VpcService } from './vpcs.js';

/**
 * What a SQLite commit costs is about one WAL frame per B-tree page it dirtied. A figure,
 * not a timing: the frames one audited VPC create appends to the WAL, on the schema before
 * migration 006 (lean logs) and on the current one. Fewer than 100 commits, so the
 * checkpointer never starts and the WAL only grows.
 */
const CREATES = 40;

/**
 * The frames each create appends, or with `concurrent`, each round of that many creates
 * issued at once (a list of frames per round).
 */
async function framesPerCreate(migration: string | undefined, concurrent = 1, maxBatch?: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'isthmus-frames-'));
  const path = join(dir, 'isthmus.sqlite');
  const store = new Store(openSqlite(path, { maxBatch, maxBatchMs: 10_000 }));
  try {
    const migrator = new Migrator({ db: store.adapter.db, provider: migrationProvider });
    const { error } = migration ? await migrator.migrateTo(migration) : await migrator.migrateToLatest();
    if (error) throw error;
    const projectId = 'a'.repeat(32);
    await store.write(async (tx) => {
      await tx.identity.insertAccount({ id: projectId, name: 'acct', createdAt: '2026-01-01T00:00:00.000Z' });
      await tx.identity.insertProject({ id: projectId, accountId: projectId, region: 'eu-de', name: 'eu-de' });
    });
    const clock = new ManualClock(new Date('2026-01-01T00:00:00.000Z'));
    const vpcs = new VpcService({
      store, clock, quotas: new Quotas(),
      config: { regions: ['eu-de'], peeringExpiryMs: 1000, eipPool: '198.19.0.0/16', realisedOnCommit: true },
    });
    const { rows } = await sql<{ page_size: number }>`pragma page_size`.execute(store.adapter.db);
    const frame = Number(rows[0]!.page_size) + 24;
    const walSize = () => statSync(`${path}-wal`).size;
    const frames: number[] = [];
    for (let n = 1; n <= CREATES; n += concurrent) {
      const before = walSize();
      await Promise.all(Array.from({ length: concurrent }, (_, i) =>
        vpcs.create(caller(projectId, n + i), { name: `vpc-${n + i}`, cidr: '10.0.0.0/16' })));
      frames.push((walSize() - before) / frame);
    }
    return frames;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A caller whose request's audit event commits with the create, as the API's does (no peer project). */
function caller(projectId: string, n: number): Caller {
  const audit: AuditScope = {
    async onWrite(tx, value) {
      await tx.events.put({
        id: `01900000-${n.toString(16).padStart(4, '0')}-7000-8000-000000000000`, time: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
        projectId, peerProjectId: null, userId: 'u'.repeat(32), accountId: projectId, operation: 'CreateVpc', resourceType: 'vpc',
        resourceId: (value as { id: string }).id, status: 200, errorCode: null, requestId: `req-${n}`,
      });
    },
  };
  return { userId: 'u'.repeat(32), accountId: projectId, projectId, region: 'eu-de', audit };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

test('a VPC create writes fewer WAL frames since migration 006 (events, intent_changes without rowid; partial peer index)', async (t) => {
  const before = await framesPerCreate('005-intent-changes');
  const after = await framesPerCreate(undefined);
  t.diagnostic(`frames per VPC create, median: 005 ${median(before)}, now ${median(after)}`);
  t.diagnostic(`frames for ${CREATES} creates: 005 ${sum(before)}, now ${sum(after)}`);
  assert.ok(before.every(Number.isInteger) && after.every(Number.isInteger), 'the WAL grew by whole frames');
  // The autoindex of each table and the NULL entry of events_peer_project: 3 pages fewer.
  assert.ok(median(after) <= median(before) - 3, `median ${median(after)} vs ${median(before)}`);
  assert.ok(sum(after) < sum(before));
});

test('creates issued at once share a COMMIT: a batch appends each shared page once', async (t) => {
  // 40 creates, 8 at a time: committed each alone (maxBatch 1), then batched.
  const alone = await framesPerCreate(undefined, 8, 1);
  const batched = await framesPerCreate(undefined, 8);
  t.diagnostic(`frames per 8 creates issued at once: each committed alone ${alone.join(' ')}, batched ${batched.join(' ')}`);
  t.diagnostic(`frames per create: alone ${sum(alone) / CREATES}, batched ${sum(batched) / CREATES}`);
  assert.ok(batched.every(Number.isInteger) && alone.every(Number.isInteger), 'the WAL grew by whole frames');
  // A batch of 8 writes the meta page, the last leaves of events, intent_changes, vpcs,
  // route_tables and their indexes once: measured 12.6 frames a create alone, 1.95 batched.
  assert.ok(sum(batched) * 3 < sum(alone), `${sum(batched)} frames batched, ${sum(alone)} alone`);
});
