import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { Eip, Peering, Port, Route, RouteTable, Subnet, Vpc } from '../domain/entities.js';
import { newHexId, newId } from '../domain/ids.js';
import type { IntentSnapshot } from '../domain/snapshot.js';
import { firstEventIdAt, timeOrderedId } from './event-ids.js';
import { applyRandomOp, randomBatch, type Touched } from './random-writes.js';
import { INTENT_ENTITIES, REVISION_MARKER, type IntentEntity } from './repos/changes.js';
import { Store as StoreClass } from './store.js';
import type { Store } from './store.js';

/**
 * The contract every `Store` meets, whatever the dialect. `npm test` runs it against
 * SQLite (sqlite/sqlite.test.ts) and PostgreSQL (postgres/postgres.test.ts).
 */
export interface StoreHarness {
  /** A store on an empty, migrated database. */
  store: Store;
  /** A second store on the same database, as another server process would open it. */
  another(): Promise<Store>;
  /** Closes every store opened and removes the database. */
  cleanup(): Promise<void>;
}

export type StoreFactory = () => Promise<StoreHarness>;

const ts = (n: number) => new Date(Date.UTC(2026, 10, 26, 12, 0, n)).toISOString();

function project(accountId: string, region = 'eu-de') {
  return { id: newHexId(), accountId, region, name: region };
}

const LISTS: Record<IntentEntity, Exclude<keyof IntentSnapshot, 'revision' | 'region'>> = {
  vpc: 'vpcs', subnet: 'subnets', route_table: 'routeTables', route: 'routes', peering: 'peerings', port: 'ports', eip: 'eips',
};

/**
 * `next` was patched from `previous`: a list no write touched is the very same array, and
 * every record whose id no write touched is the very same object.
 */
function assertReused(previous: IntentSnapshot, next: IntentSnapshot, touched: Touched): void {
  for (const entity of INTENT_ENTITIES) {
    const key = LISTS[entity];
    const ids = touched.get(entity);
    if (!ids || ids.size === 0) {
      assert.equal(next[key], previous[key], `${key}: untouched, so the same list`);
      continue;
    }
    const before = new Map<string, object>((previous[key] as ReadonlyArray<{ id: string }>).map((r) => [r.id, r]));
    for (const record of next[key] as ReadonlyArray<{ id: string }>) {
      if (!ids.has(record.id) && before.has(record.id)) assert.equal(record, before.get(record.id), `${key} ${record.id}: untouched, so the same object`);
    }
  }
}

function vpc(projectId: string, over: Partial<Vpc> = {}): Vpc {
  return {
    id: newId(), projectId, name: 'v', description: 'd', cidr: '10.0.0.0/16', status: 'OK', enterpriseProjectId: '0',
    createdAt: ts(1), updatedAt: ts(2), ...over,
  };
}

function table(v: Vpc, over: Partial<RouteTable> = {}): RouteTable {
  return {
    id: newId(), projectId: v.projectId, vpcId: v.id, name: 'rtb', description: '', isDefault: true,
    createdAt: ts(1), updatedAt: ts(1), ...over,
  };
}

function peering(a: Vpc, b: Vpc, over: Partial<Peering> = {}): Peering {
  return {
    id: newId(), name: 'p', description: '', status: 'PENDING_ACCEPTANCE',
    requestVpcId: a.id, requestProjectId: a.projectId, acceptVpcId: b.id, acceptProjectId: b.projectId,
    createdAt: ts(3), updatedAt: ts(3), expiresAt: ts(50), ...over,
  };
}

export function storeContract(name: string, factory: StoreFactory, options: { sharedCommits: boolean }): void {
  describe(`Store contract: ${name}`, { timeout: 120_000 }, () => {
    let h: StoreHarness;
    let store: Store;
    before(async () => {
      h = await factory();
      store = h.store;
    });
    after(async () => {
      await h?.cleanup();
    });

    /** An account with one project, committed. */
    async function seedProject(region = 'eu-de'): Promise<string> {
      const accountId = newHexId();
      const p = project(accountId, region);
      await store.write(async (tx) => {
        await tx.identity.insertAccount({ id: accountId, name: `acct-${accountId}`, createdAt: ts(0) });
        await tx.identity.insertProject(p);
      });
      return p.id;
    }

    test('repositories round-trip every entity', async () => {
      const accountId = newHexId();
      const p = project(accountId);
      const user = { id: newHexId(), accountId, name: 'alice', passwordHash: 'salt:hash', passwordGeneration: 3, accessKey: `AK${newHexId()}`, secretKey: 'sk' };
      const v1 = vpc(p.id, { name: 'one', cidr: '' , status: 'CREATING' });
      const v2 = vpc(p.id, { name: 'two' });
      const t1 = table(v1);
      const t2 = table(v1, { isDefault: false, name: 'custom', description: 'extra' });
      const subnet: Subnet = {
        id: newId(), projectId: p.id, vpcId: v1.id, name: 's', description: '', cidr: '10.0.1.0/24', gatewayIp: '10.0.1.1',
        dhcpEnable: true, primaryDns: '100.125.4.25', secondaryDns: '', dnsList: ['100.125.4.25', '100.125.129.199'],
        availabilityZone: 'eu-de-01', extraDhcpOpts: [{ opt_name: 'ntp', opt_value: '10.0.0.1' }], routeTableId: t1.id,
        status: 'ACTIVE', createdAt: ts(4), updatedAt: ts(5),
      };
      const pe = peering(v1, v2);
      const route: Route = {
        id: newId(), projectId: p.id, vpcId: v1.id, routeTableId: t1.id, type: 'peering', destination: '10.1.0.0/16',
        nexthop: pe.id, description: 'via peering', createdAt: ts(6),
      };
      const port: Port = {
        id: newId(), projectId: p.id, vpcId: v1.id, subnetId: subnet.id, name: 'vm', deviceOwner: 'compute:eu-de-01',
        deviceId: newId(), macAddress: 'fa:16:3e:00:00:01', ipAddress: '10.0.1.10', status: 'ACTIVE', adminStateUp: false,
        createdAt: ts(7), updatedAt: ts(8),
      };
      const eip: Eip = {
        id: newId(), projectId: p.id, publicIpAddress: `198.51.100.${Math.floor(Math.random() * 250) + 1}`, type: '5_bgp', alias: '',
        bandwidthName: 'bw', bandwidthSize: 300, bandwidthShareType: 'PER', portId: port.id, status: 'ACTIVE', createdAt: ts(9),
      };
      await store.write(async (tx) => {
        await tx.identity.insertAccount({ id: accountId, name: `acct-${accountId}`, createdAt: ts(0) });
        await tx.identity.insertUser(user);
        await tx.identity.insertProject(p);
        await tx.identity.setQuota(p.id, 'vpc', 7);
        await tx.identity.setQuota(p.id, 'vpc', 9);
        await tx.vpcs.insert(v1);
        await tx.vpcs.insert(v2);
        await tx.routeTables.insert(t1);
        await tx.routeTables.insert(t2);
        await tx.subnets.insert(subnet);
        await tx.peerings.insert(pe);
        await tx.routeTables.insertRoute(route);
        await tx.ports.insert(port);
        await tx.eips.insert(eip);
      });
      const r = store.read;
      assert.deepEqual(await r.identity.accountById(accountId), { id: accountId, name: `acct-${accountId}`, createdAt: ts(0) });
      assert.deepEqual(await r.identity.userByAccessKey(user.accessKey), user);
      assert.deepEqual(await r.identity.userByName(accountId, 'alice'), user);
      await store.write((tx) => tx.identity.setPassword(user.id, 'salt2:hash2', 4));
      assert.deepEqual(await r.identity.userById(user.id), { ...user, passwordHash: 'salt2:hash2', passwordGeneration: 4 });
      assert.deepEqual(await r.identity.projectById(p.id), p);
      assert.deepEqual([...(await r.identity.quotaOverrides(p.id))], [['vpc', 9]]);
      assert.deepEqual(await r.vpcs.get(v1.id), v1);
      assert.deepEqual(await r.vpcs.get(v2.id), v2);
      assert.deepEqual(await r.routeTables.get(t1.id), t1);
      assert.deepEqual(await r.routeTables.get(t2.id), t2);
      assert.deepEqual(await r.routeTables.defaultOf(v1.id), t1);
      assert.deepEqual(await r.subnets.get(subnet.id), subnet);
      assert.deepEqual(await r.peerings.get(pe.id), pe);
      assert.deepEqual(await r.peerings.byPair(v2.id, v1.id), pe);
      assert.deepEqual(await r.routeTables.routeById(route.id), route);
      assert.deepEqual(await r.routeTables.routesVia(pe.id), [route]);
      assert.deepEqual(await r.ports.get(port.id), port);
      assert.deepEqual(await r.eips.get(eip.id), eip);
      assert.deepEqual(await r.eips.byPort(port.id), eip);
      // Counts come back as numbers on every dialect (PostgreSQL's count(*) is a bigint).
      assert.equal(await r.vpcs.countInProject(p.id), 2);
      assert.equal(await r.subnets.countInProject(p.id), 1);
      assert.equal(await r.subnets.countInRouteTable(t1.id), 1);
      assert.equal(await r.routeTables.countRoutes(t1.id), 1);
      assert.equal(await r.routeTables.countRoutesOfVpc(v1.id), 1);
      assert.equal(await r.peerings.countTouchingVpc(v2.id), 1);
      assert.equal(await r.peerings.countForQuota(p.id), 1);
      assert.equal(await r.ports.countInSubnet(subnet.id), 1);
      assert.equal(await r.eips.countInProject(p.id), 1);
      assert.equal(typeof (await r.vpcs.countInProject(p.id)), 'number');

      // Updates and deletes.
      const renamed = { ...v1, name: 'renamed', cidr: '10.9.0.0/16', updatedAt: ts(20) };
      await store.write(async (tx) => {
        await tx.vpcs.update(renamed);
        assert.equal(await tx.routeTables.deleteRoutesVia(pe.id), 1);
        assert.equal(await tx.peerings.delete(pe.id), true);
        assert.equal(await tx.peerings.delete(pe.id), false);
      });
      assert.deepEqual(await r.vpcs.get(v1.id), renamed);
      assert.equal(await r.peerings.get(pe.id), undefined);
      assert.equal(await r.routeTables.routeById(route.id), undefined);
    });

    test('pagination: ascending ids, marker, reverse, hasMore', async () => {
      const projectId = await seedProject();
      const vpcs = Array.from({ length: 7 }, () => vpc(projectId));
      await store.write(async (tx) => {
        for (const v of vpcs) await tx.vpcs.insert(v);
      });
      const ids = vpcs.map((v) => v.id).sort();
      const list = (page: { limit: number; marker?: string; reverse?: boolean }) => store.read.vpcs.list(projectId, {}, page);

      const p1 = await list({ limit: 3 });
      assert.deepEqual(p1.items.map((v) => v.id), ids.slice(0, 3));
      assert.equal(p1.hasMore, true);
      const p2 = await list({ limit: 3, marker: ids[2] });
      assert.deepEqual(p2.items.map((v) => v.id), ids.slice(3, 6));
      assert.equal(p2.hasMore, true);
      const p3 = await list({ limit: 3, marker: ids[5] });
      assert.deepEqual(p3.items.map((v) => v.id), ids.slice(6));
      assert.equal(p3.hasMore, false);
      const back = await list({ limit: 2, marker: ids[5], reverse: true });
      assert.deepEqual(back.items.map((v) => v.id), ids.slice(3, 5));
      assert.equal(back.hasMore, true);
      const first = await list({ limit: 5, marker: ids[2], reverse: true });
      assert.deepEqual(first.items.map((v) => v.id), ids.slice(0, 2));
      assert.equal(first.hasMore, false);
      const all = await list({ limit: 100 });
      assert.deepEqual(all.items.map((v) => v.id), ids);
      // Ordering is bytewise (ids compare as in JavaScript), the same on every dialect.
      assert.deepEqual((await store.read.vpcs.all()).map((v) => v.id), [...(await store.read.vpcs.all()).map((v) => v.id)].sort());
    });

    test('the peering list merges requested and accepted peerings in id order, every page walk', async () => {
      const me = await seedProject();
      const other = await seedProject();
      const mine = Array.from({ length: 5 }, () => vpc(me));
      const theirs = Array.from({ length: 4 }, () => vpc(other));
      const peerings: Peering[] = [];
      // Requested by me, requested of me, and within my project: ids interleave between the arms.
      for (let i = 0; i < 4; i++) peerings.push(peering(mine[i]!, theirs[i]!));
      for (let i = 0; i < 3; i++) peerings.push(peering(theirs[i]!, mine[i + 1]!, { status: 'ACTIVE' }));
      peerings.push(peering(mine[0]!, mine[4]!, { status: 'ACTIVE' }));
      peerings.push(peering(theirs[0]!, theirs[3]!));
      await store.write(async (tx) => {
        for (const v of [...mine, ...theirs]) await tx.vpcs.insert(v);
        for (const p of peerings) await tx.peerings.insert(p);
      });
      const visible = peerings.filter((p) => p.requestProjectId === me || p.acceptProjectId === me).map((p) => p.id).sort();
      assert.equal(visible.length, 8);
      for (const limit of [1, 2, 3, 8, 9]) {
        const seen: string[] = [];
        let marker: string | undefined;
        for (;;) {
          const page = await store.read.peerings.list(me, {}, { limit, ...(marker ? { marker } : {}) });
          seen.push(...page.items.map((p) => p.id));
          assert.equal(page.hasMore, seen.length < visible.length, `hasMore at limit ${limit}`);
          if (!page.hasMore) break;
          marker = page.items[page.items.length - 1]!.id;
        }
        assert.deepEqual(seen, visible, `forward walk at limit ${limit}`);
        const back = await store.read.peerings.list(me, {}, { limit, marker: visible[5]!, reverse: true });
        assert.deepEqual(back.items.map((p) => p.id), visible.slice(Math.max(0, 5 - limit), 5), `reverse page at limit ${limit}`);
        assert.equal(back.hasMore, 5 - limit > 0);
      }
      const active = await store.read.peerings.list(me, { status: 'ACTIVE' }, { limit: 100 });
      assert.deepEqual(active.items.map((p) => p.id), peerings.filter((p) => p.status === 'ACTIVE' && (p.requestProjectId === me || p.acceptProjectId === me)).map((p) => p.id).sort());
      const withOther = await store.read.peerings.list(me, { tenantId: other }, { limit: 100 });
      assert.equal(withOther.items.length, 7);
    });

    test('a conditional transition has exactly one winner, across two stores on one database', async () => {
      const other = await h.another();
      const projectId = await seedProject();
      const a = vpc(projectId);
      const b = vpc(projectId);
      const pe = peering(a, b);
      await store.write(async (tx) => {
        await tx.vpcs.insert(a);
        await tx.vpcs.insert(b);
        await tx.peerings.insert(pe);
      });
      const targets = ['ACTIVE', 'REJECTED', 'EXPIRED'] as const;
      const attempts = Array.from({ length: 24 }, (_, i) => {
        const s = i % 2 === 0 ? store : other;
        return s.write((tx) => tx.peerings.transition(pe.id, 'PENDING_ACCEPTANCE', targets[i % 3]!, ts(30)));
      });
      const results = await Promise.all(attempts);
      assert.equal(results.filter(Boolean).length, 1);
      const final = await store.read.peerings.get(pe.id);
      assert.equal(final!.status, targets[results.indexOf(true) % 3]);
      assert.equal(final!.expiresAt, null);
    });

    test('the unique pair index refuses a second peering of the same two VPCs, in either direction', async () => {
      const projectId = await seedProject();
      const a = vpc(projectId);
      const b = vpc(projectId);
      await store.write(async (tx) => {
        await tx.vpcs.insert(a);
        await tx.vpcs.insert(b);
        await tx.peerings.insert(peering(a, b));
      });
      let caught: unknown;
      const before = await store.read.meta.revision();
      await assert.rejects(store.write(async (tx) => {
        try {
          await tx.peerings.insert(peering(b, a));
        } catch (err) {
          caught = err;
          assert.equal(tx.isUniqueViolation(err), true);
          throw err;
        }
      }));
      assert.equal(store.adapter.isUniqueViolation(caught), true);
      assert.equal(store.adapter.isUnavailable(caught), false);
      assert.equal(await store.read.meta.revision(), before);
      assert.equal(await store.read.peerings.countTouchingVpc(a.id), 1);
    });

    test('project locks serialise a quota check across stores: one of two racing creates fits', async () => {
      const other = await h.another();
      const projectId = await seedProject();
      const create = (s: Store) => s.write(async (tx) => {
        await tx.lockProjects(projectId);
        if (await tx.vpcs.countInProject(projectId) >= 1) return false;
        await tx.vpcs.insert(vpc(projectId));
        return true;
      });
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => create(i % 2 ? store : other)));
      assert.equal(results.filter(Boolean).length, 1);
      assert.equal(await store.read.vpcs.countInProject(projectId), 1);
    });

    test('the revision goes up by exactly one per committed write, and listeners hear it', async () => {
      const heard: number[] = [];
      const stop = store.onCommit((r) => heard.push(r));
      const start = await store.read.meta.revision();
      const projectId = await seedProject();
      await Promise.all(Array.from({ length: 8 }, () => store.write(async (tx) => {
        await tx.vpcs.insert(vpc(projectId));
      })));
      // Eight concurrent writes plus the seeding one: no bump lost, none doubled.
      const end = await store.read.meta.revision();
      assert.equal(end, start + 9);
      // Local commits, plus (PostgreSQL) the revision the listener reports when it connects.
      assert.ok(heard.length >= 1 && heard.length <= 10, `heard ${heard.join(',')}`);
      assert.equal(Math.max(...heard), end);
      for (let i = 1; i < heard.length; i++) assert.ok(heard[i]! > heard[i - 1]!, 'listeners see increasing revisions');
      stop();
    });

    test('a snapshot is consistent: it never sees half of a concurrent write', async () => {
      const projectId = await seedProject();
      let writing = true;
      const writer = (async () => {
        for (let i = 0; i < 30; i++) {
          await store.write(async (tx) => {
            const v = vpc(projectId);
            await tx.vpcs.insert(v);
            await tx.routeTables.insert(table(v));
          });
        }
        writing = false;
      })();
      let snapshots = 0;
      while (writing || snapshots === 0) {
        const snap = await store.snapshot('eu-de');
        const mine = snap.vpcs.filter((v) => v.projectId === projectId).length;
        const tables = snap.routeTables.filter((t) => t.projectId === projectId).length;
        assert.equal(tables, mine, 'every VPC in a snapshot comes with its route table');
        assert.equal(snap.region, 'eu-de');
        snapshots++;
        // Let the event loop turn: a write is acknowledged after an fsync that completes
        // on libuv's thread pool, which a loop of microtasks alone would starve.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await writer;
      const final = await store.snapshot('eu-de');
      assert.equal(final.revision, await store.read.meta.revision());
      assert.equal(final.vpcs.filter((v) => v.projectId === projectId).length, 30);
    });

    test('a write that throws leaves nothing behind and does not bump the revision', async () => {
      const projectId = await seedProject();
      const before = await store.read.meta.revision();
      const heard: number[] = [];
      const stop = store.onCommit((r) => heard.push(r));
      const v = vpc(projectId);
      await assert.rejects(store.write(async (tx) => {
        await tx.vpcs.insert(v);
        await tx.routeTables.insert(table(v));
        throw new Error('changed my mind');
      }), /changed my mind/);
      assert.equal(await store.read.vpcs.get(v.id), undefined);
      assert.deepEqual(await store.read.routeTables.ofVpc(v.id), []);
      assert.equal(await store.read.meta.revision(), before);
      assert.deepEqual(heard, []);
      stop();
    });

    test('pruneEvents deletes the oldest audit events below a boundary, at most `limit` a call, and bumps no revision', async () => {
      const projectId = await seedProject();
      // Ten events a second apart in 2001, older than anything else in this database.
      const start = Date.UTC(2001, 0, 1);
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        const ms = start + i * 1000;
        const id = timeOrderedId(ms);
        ids.push(id);
        await store.recordEvent({
          id, time: new Date(ms).toISOString(), projectId, peerProjectId: null, userId: null, accountId: null,
          operation: 'CreateVpc', resourceType: 'vpc', resourceId: null, status: 200, errorCode: null, requestId: `r${i}`,
        });
      }
      const revision = await store.read.meta.revision();
      const boundary = firstEventIdAt(start + 6000); // the events of seconds 0-5 are older
      assert.equal(await store.pruneEvents(boundary, 4), 4);
      const left = async () => (await store.read.events.list(projectId, {}, { limit: 100 })).items.map((e) => e.id);
      assert.deepEqual(await left(), ids.slice(4), 'the four oldest went first');
      assert.equal(await store.pruneEvents(boundary, 4), 2);
      assert.equal(await store.pruneEvents(boundary, 4), 0);
      assert.deepEqual(await left(), ids.slice(6), 'the event at the boundary second and later stay');
      assert.equal(await store.read.meta.revision(), revision, 'the trail is not intent: no revision bump');
    });

    test('tryExclusive runs the work and returns its value when nobody else holds it', async () => {
      assert.equal(await store.tryExclusive('contract', async () => 42), 42);
      await assert.rejects(store.tryExclusive('contract', async () => { throw new Error('boom'); }), /boom/);
      assert.equal(await store.tryExclusive('contract', async () => 'again'), 'again');
    });

    test('a snapshot patched from the change log equals a full read after random writes, and reuses what did not change', async () => {
      const other = await h.another();
      // Two projects in the region read, one in another region (its rows must stay out).
      const projects = [await seedProject(), await seedProject(), await seedProject('eu-nl')];
      let runs = 0;
      await fc.assert(fc.asyncProperty(fc.array(randomBatch, { minLength: 1, maxLength: 12 }), async (batches) => {
        runs++;
        let previous = await store.snapshot('eu-de');
        let touched: Touched = new Map();
        for (const batch of batches) {
          const writer = batch.other ? other : store;
          const mine: Touched = new Map();
          const write = writer.write(async (tx) => {
            for (const op of batch.ops) await applyRandomOp(tx, op, projects, mine);
            if (batch.fail) throw new Error('rolled back');
          });
          if (batch.fail) {
            await assert.rejects(write, /rolled back/);
          } else {
            await write;
            for (const [entity, ids] of mine) {
              const all = touched.get(entity) ?? new Set<string>();
              for (const id of ids) all.add(id);
              touched.set(entity, all);
            }
          }
          if (!batch.check) continue;
          const reads = { ...store.snapshotReads };
          const patched = await store.snapshot('eu-de', previous);
          assert.deepEqual(store.snapshotReads, { ...reads, incremental: reads.incremental + 1 }, 'answered from the change log');
          const full = await store.snapshot('eu-de');
          assert.equal(full.revision, patched.revision);
          assert.deepEqual(patched, full);
          assertReused(previous, patched, touched);
          previous = patched;
          touched = new Map();
        }
        // Whatever the last batches left unread: one more patch over the whole gap.
        const patched = await store.snapshot('eu-de', previous);
        assert.deepEqual(patched, await store.snapshot('eu-de'));
      }), { numRuns: 25 });
      assert.equal(runs, 25);
    });

    test('a patched snapshot never misses a concurrent write, across stores', async () => {
      const other = await h.another();
      const projectId = await seedProject();
      let previous = await store.snapshot('eu-de');
      let writing = true;
      const writers = Promise.all([store, other, store, other].map(async (s) => {
        for (let i = 0; i < 15; i++) {
          await s.write(async (tx) => {
            const v = vpc(projectId);
            await tx.vpcs.insert(v);
            await tx.routeTables.insert(table(v));
          });
        }
      })).finally(() => { writing = false; });
      let reads = 0;
      while (writing || reads === 0) {
        const next = await store.snapshot('eu-de', previous);
        assert.ok(next.revision >= previous.revision);
        const mine = next.vpcs.filter((v) => v.projectId === projectId).length;
        assert.equal(next.routeTables.filter((t) => t.projectId === projectId).length, mine, 'every VPC comes with its route table');
        previous = next;
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await writers;
      const last = await store.snapshot('eu-de', previous);
      assert.deepEqual(last, await store.snapshot('eu-de'));
      assert.equal(last.vpcs.filter((v) => v.projectId === projectId).length, 60);
    });

    test('the full read stands in whenever the change log cannot vouch for the gap', async () => {
      const projectId = await seedProject();
      const db = store.adapter.db;
      const region = 'eu-de';
      let previous = await store.snapshot(region);
      const counted = async (read: () => Promise<IntentSnapshot>, expect: 'full' | 'incremental') => {
        const before = { ...store.snapshotReads };
        const snap = await read();
        assert.equal(store.snapshotReads[expect], before[expect] + 1, `answered by a ${expect} read`);
        return snap;
      };

      // Nothing committed since: the previous snapshot itself.
      assert.equal(await store.snapshot(region, previous), previous);
      // Another region's snapshot is no base for this one.
      await counted(() => store.snapshot(region, { ...previous, region: 'eu-nl' }), 'full');

      // A revision whose entries are gone (pruned).
      await store.write((tx) => tx.vpcs.insert(vpc(projectId)));
      const pruned = await store.read.meta.revision();
      await db.deleteFrom('intent_changes').where('revision', '=', pruned).execute();
      let next = await counted(() => store.snapshot(region, previous), 'full');
      assert.deepEqual(next, await store.snapshot(region));
      previous = next;

      // A write that bumped the revision but logged nothing (a server without the log).
      const sneaky = vpc(projectId);
      await db.insertInto('vpcs').values({
        id: sneaky.id, project_id: projectId, name: 'sneaky', description: '', cidr: '', status: 'OK', enterprise_project_id: '0',
        created_at: ts(1), updated_at: ts(1),
      }).execute();
      await db.updateTable('meta').set({ value: sql<string>`cast(cast(value as integer) + 1 as text)` }).where('key', '=', 'revision').execute();
      next = await counted(() => store.snapshot(region, previous), 'full');
      assert.ok(next.vpcs.some((v) => v.id === sneaky.id));
      previous = next;

      // And back to patching once the log covers the gap again.
      await store.write((tx) => tx.vpcs.insert(vpc(projectId)));
      next = await counted(() => store.snapshot(region, previous), 'incremental');
      assert.deepEqual(next, await store.snapshot(region));

      // The reader refuses to write intent: outside store.write() nothing would be logged.
      await assert.rejects(store.read.vpcs.insert(vpc(projectId)), /only inside store\.write\(\)/);
    });

    test('a write touching more records than one log statement holds logs every one of them', async () => {
      const projectId = await seedProject();
      const vpcs = Array.from({ length: 150 }, () => vpc(projectId));
      const before = await store.read.meta.revision();
      await store.write(async (tx) => { for (const v of vpcs) await tx.vpcs.insert(v); });
      const revision = await store.read.meta.revision();
      assert.equal(revision, before + 1);
      const logged = (await store.read.changes.since(before, 1000)).filter((c) => c.revision === revision);
      assert.equal(logged.filter((c) => c.entity === REVISION_MARKER).length, 1);
      assert.deepEqual(logged.filter((c) => c.entity === 'vpc').map((c) => c.id).sort(), vpcs.map((v) => v.id).sort());
    });

    test('the change log is pruned to the revisions kept, and older snapshots are read in full', async () => {
      // A second Store on the same connection, keeping only 10 revisions (pruned every one).
      const short = new StoreClass(store.adapter, { changeLogRevisions: 10 });
      const projectId = await seedProject();
      const old = await short.snapshot('eu-de');
      for (let i = 0; i < 15; i++) await short.write((tx) => tx.vpcs.insert(vpc(projectId)));
      const revision = await short.read.meta.revision();
      const oldest = await short.read.changes.oldest();
      assert.ok(oldest !== undefined && oldest > revision - 10 && oldest <= revision - 9, `oldest ${oldest}, revision ${revision}`);
      const reads = { ...short.snapshotReads };
      const next = await short.snapshot('eu-de', old);
      assert.equal(short.snapshotReads.full, reads.full + 1);
      await short.write((tx) => tx.vpcs.insert(vpc(projectId)));
      assert.deepEqual(await short.snapshot('eu-de', next), await short.snapshot('eu-de'));
      assert.equal(short.snapshotReads.incremental, reads.incremental + 1);
    });

    if (options.sharedCommits) {
      test('commits of another store on the same database reach this store\'s listeners', async () => {
        const other = await h.another();
        const heard: number[] = [];
        const stop = store.onCommit((r) => heard.push(r));
        await new Promise((r) => setTimeout(r, 200)); // the listener connection is up
        const projectId = await seedProject();
        const rev = await other.write(async (tx) => {
          await tx.vpcs.insert(vpc(projectId));
          return (await tx.meta.revision()) + 1;
        });
        const deadline = Date.now() + 5_000;
        while (!heard.includes(rev) && Math.max(0, ...heard) < rev && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        assert.ok(Math.max(0, ...heard) >= rev, `heard ${heard.join(',')} but not ${rev}`);
        stop();
      });
    }
  });
}
