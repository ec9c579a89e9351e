import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import type { Vpc } from '../../domain/entities.js';
import { VpcStatus } from '../../domain/statuses.js';
import { eventListQuery, type AuditEvent } from '../repos/events.js';
import type { ChangeEntry } from '../repos/changes.js';
import type { Store } from '../store.js';
import { migrateTo, onBothStores, type OpenedStore } from './test-stores.js';

/**
 * Migration 006 (lean logs): rows written under 005 survive up and down; the tables'
 * shape on each dialect; and the events list still searches indexes only, the peer
 * branch through the partial index.
 */

const BEFORE = '005-intent-changes';
const THIS = '006-lean-logs';

const ts = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
/** Time-ordered ids, as the API's audit makes them (UUIDv7 layout). */
const eventId = (n: number) => `01900000-${n.toString(16).padStart(4, '0')}-7000-8000-000000000000`;
const projectOf = (n: number) => n.toString(16).padStart(32, '0');

const event = (n: number, projectId: string, peerProjectId: string | null): AuditEvent => ({
  id: eventId(n), time: ts(n), projectId, peerProjectId, userId: 'u'.repeat(32), accountId: 'a'.repeat(32),
  operation: peerProjectId === null ? 'CreateVpc' : 'CreateVpcPeering', resourceType: peerProjectId === null ? 'vpc' : 'peering',
  resourceId: `r-${n}`, status: 200, errorCode: null, requestId: `req-${n}`,
});

const vpc = (n: number, projectId: string): Vpc => ({
  id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`, projectId, name: `vpc-${n}`, description: '',
  cidr: '10.0.0.0/16', status: VpcStatus.Ok, enterpriseProjectId: '0', createdAt: ts(n), updatedAt: ts(n),
});

async function addProjects(store: Store, projects: readonly string[]): Promise<void> {
  await store.write(async (tx) => {
    for (const id of projects) {
      // One project per account and region.
      await tx.identity.insertAccount({ id, name: `acct-${id}`, createdAt: ts(0) });
      await tx.identity.insertProject({ id, accountId: id, region: 'eu-de', name: 'eu-de' });
    }
  });
}

/** Everything the repositories can read of both tables. */
async function readable(store: Store, projects: readonly string[], ids: readonly string[]) {
  const lists: AuditEvent[][] = [];
  for (const p of projects) lists.push((await store.read.events.list(p, {}, { limit: 1000 })).items);
  const byId: (AuditEvent | undefined)[] = [];
  for (const id of ids) byId.push(await store.read.events.get(id));
  const order = (a: ChangeEntry, b: ChangeEntry) => a.revision - b.revision || a.entity.localeCompare(b.entity) || a.id.localeCompare(b.id);
  const changes = (await store.read.changes.since(0, 100_000)).sort(order);
  return { lists, byId, changes, oldest: await store.read.changes.oldest() };
}

/** The schema of the two tables, as the dialect's catalogue states it. */
async function shape(store: Store): Promise<string[]> {
  const db = store.adapter.db;
  if (store.dialect === 'sqlite') {
    const rows = await sql<{ type: string; name: string; sql: string | null }>`
      select type, name, sql from sqlite_master where tbl_name in ('events', 'intent_changes') order by type, name`.execute(db);
    return rows.rows.map((r) => `${r.type} ${r.name}: ${r.sql ?? ''}`);
  }
  const rows = await sql<{ indexdef: string }>`
    select indexdef from pg_indexes where tablename in ('events', 'intent_changes') order by indexname`.execute(db);
  return rows.rows.map((r) => r.indexdef);
}

/** The plan the database makes for `query`, one line per node. */
async function plan(store: Store, query: CompiledQuery): Promise<string> {
  if (store.dialect === 'sqlite') {
    const rows = await store.adapter.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
    return rows.rows.map((r) => r.detail).join('\n');
  }
  const rows = await store.adapter.db.executeQuery<{ 'QUERY PLAN': string }>(
    CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]));
  return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
}

function leanLogs(name: string, open: () => Promise<OpenedStore>): void {
  describe(`migration ${THIS} (${name})`, { timeout: 120_000 }, () => {
    test('rows written under 005 are all still there after up, and after down', async () => {
      const { store, cleanup } = await open();
      try {
        await migrateTo(store, BEFORE);
        const projects = [projectOf(1), projectOf(2), projectOf(3)];
        await addProjects(store, projects);
        const events: AuditEvent[] = [];
        for (let n = 1; n <= 30; n++) {
          // Every fifth event is a peering's, seen by the other party too.
          const e = event(n, projects[n % 3]!, n % 5 === 0 ? projects[(n + 1) % 3]! : null);
          events.push(e);
          if (n % 2 === 0) await store.recordEvent(e);
          else await store.write(async (tx) => { await tx.vpcs.insert(vpc(n, e.projectId)); await tx.events.put(e); });
        }
        const ids = events.map((e) => e.id);
        const fresh005 = await shape(store);
        const was = await readable(store, projects, ids);
        assert.equal(was.byId.filter((e) => e === undefined).length, 0);
        assert.ok(was.changes.length >= 30, 'the change log has rows to carry over');

        await migrateTo(store, THIS);
        assert.deepEqual(await readable(store, projects, ids), was);

        // The audit's upsert (on conflict of the primary key) and the change log's writes
        // and pruning work on the new tables.
        const refined = { ...events[0]!, status: 409, errorCode: 'VPC.0101' };
        await store.recordEvent(refined);
        assert.deepEqual(await store.read.events.get(refined.id), refined);
        await store.recordEvent(events[0]!);
        await store.write((tx) => tx.vpcs.insert(vpc(100, projects[0]!)));
        const revision = await store.read.meta.revision();
        assert.deepEqual((await store.read.changes.since(revision - 1, 100)).map((c) => c.entity).sort(), ['revision', 'vpc']);
        await store.write((tx) => tx.changes.prune(revision));
        assert.equal(await store.read.changes.oldest(), revision + 1);
        const now = await readable(store, projects, ids);

        await migrateTo(store, BEFORE);
        assert.deepEqual(await shape(store), fresh005, 'down restores the shape of 005');
        assert.deepEqual(await readable(store, projects, ids), now);
      } finally {
        await cleanup();
      }
    });

    test('shape: the partial index on both dialects; WITHOUT ROWID tables on SQLite', async () => {
      const { store, cleanup } = await open();
      try {
        await migrateTo(store, THIS);
        const s = await shape(store);
        if (store.dialect === 'sqlite') {
          assert.match(s.find((l) => l.startsWith('table events:'))!, /\) without rowid$/);
          assert.match(s.find((l) => l.startsWith('table intent_changes:'))!, /\) without rowid$/);
          assert.ok(!s.some((l) => l.includes('sqlite_autoindex')), `no separate primary-key B-tree: ${s.join('\n')}`);
          assert.match(s.find((l) => l.startsWith('index events_peer_project:'))!, /where "peer_project_id" is not null$/);
        } else {
          assert.ok(s.some((l) => /^CREATE INDEX events_peer_project ON public\.events .*\(peer_project_id, id\) WHERE \(peer_project_id IS NOT NULL\)$/.test(l)),
            s.join('\n'));
        }
      } finally {
        await cleanup();
      }
    });

    test('the events list searches events_project and the partial events_peer_project, never the whole table', async () => {
      const { store, cleanup } = await open();
      try {
        await migrateTo(store, THIS);
        // 300 projects, 3,000 events, one in ten a peering's naming another project (the
        // audit trail refers to projects by id only: no need to create them).
        const projects = Array.from({ length: 300 }, (_, i) => projectOf(i + 1));
        const events = Array.from({ length: 3000 }, (_, i) =>
          event(i + 1, projects[i % 300]!, i % 10 === 0 ? projects[(i * 7 + 1) % 300]! : null));
        await store.write(async (tx) => { for (const e of events) await tx.events.put(e); });
        // PostgreSQL's planner weighs statistics (autovacuum keeps them in service).
        // SQLite's has none: the store never runs ANALYZE.
        if (store.dialect === 'postgres') await sql`analyze events`.execute(store.adapter.db);

        const project = projects[1]!;
        const expected = events.filter((e) => e.projectId === project || e.peerProjectId === project);
        assert.ok(expected.some((e) => e.peerProjectId === project), 'the project is named as a peer too');
        const listed = await store.read.events.list(project, {}, { limit: 1000 });
        assert.deepEqual(listed.items, expected);

        for (const [filter, page] of [
          [{}, { limit: 100 }],
          [{}, { limit: 100, marker: expected[0]!.id }],
          [{ operation: 'CreateVpc', since: ts(0) }, { limit: 10, marker: expected[0]!.id }],
        ] as const) {
          const text = await plan(store, eventListQuery(store.read.db, project, filter, page).compile());
          const where = `${JSON.stringify({ filter, page })}:\n${text}`;
          assert.match(text, /\bevents_project\b/, where);
          assert.match(text, /\bevents_peer_project\b/, where);
          if (store.dialect === 'sqlite') {
            assert.match(text, /MULTI-INDEX OR/, where);
            assert.doesNotMatch(text, /^SCAN /m, where);
          } else {
            assert.match(text, /BitmapOr/, where);
            assert.doesNotMatch(text, /Seq Scan|events_pkey/, where);
          }
        }
      } finally {
        await cleanup();
      }
    });
  });
}

onBothStores(THIS, leanLogs);
