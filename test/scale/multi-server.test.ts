/**
 * Scale-out: three `isthmus serve --store postgres://...` processes on one fresh
 * database, 50 concurrent signed clients spread across them racing accept / reject /
 * delete / route-add over many cross-account peerings, then the invariants; then
 * PostgreSQL is stopped mid-run (503 with the API's error shape), started again (the
 * servers recover) and nothing acknowledged is lost.
 *
 * Needs ISTHMUS_TEST_PG_URL (skips locally without it, fails under CI=true). The outage
 * part needs the cluster of scripts/pg-test-cluster.sh (it halts and resumes it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { startServerProcess, type ServerProcess } from '../../bench/server-process.js';
import { SignedClient } from '../../bench/signed-client.js';
import { createAccount, type CreatedAccount } from '../../src/service/accounts.js';
import { openStore } from '../../src/store/open.js';
import { freshDatabase, testPgUrl } from '../../src/store/postgres/test-database.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLUSTER = `${ROOT}scripts/pg-test-cluster.sh`;
const STATE = process.env.ISTHMUS_PG_STATE ?? '/tmp/isthmus-pg-test.env';
const pgEnv = testPgUrl();

const SERVERS = 3;
const CLIENTS = 50;
const ACCOUNTS = 6;
const PEERINGS = 90;

interface Tenant {
  account: CreatedAccount;
  /** One signed client per server. */
  on: SignedClient[];
  vpcs: string[];
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

if (pgEnv.mustFail) {
  test('multi-server test needs ISTHMUS_TEST_PG_URL under CI=true', () => {
    assert.fail('CI=true but ISTHMUS_TEST_PG_URL is not set: start scripts/pg-test-cluster.sh and export its URL');
  });
} else if (pgEnv.skip) {
  test('three servers on one PostgreSQL database', { skip: pgEnv.skip }, () => {});
} else {
  describe('three servers on one PostgreSQL database', { timeout: 600_000 }, () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let servers: ServerProcess[] = [];
    const tenants: Tenant[] = [];
    let sql: pg.Client;

    before(async () => {
      if (process.env.ISTHMUS_TEST_NO_BUILD !== '1') {
        const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
        assert.equal(build.status, 0, 'npm run build failed');
      }
      db = await freshDatabase(pgEnv.url!, 'isthmus_scale');
      // Accounts through the store, as `isthmus account create --store URL` does.
      const store = await openStore({ store: db.url });
      const now = new Date();
      for (let i = 0; i < ACCOUNTS; i++) {
        const account = await createAccount(store, `tenant-${i}`, 'eu-de', now);
        await store.write(async (tx) => {
          for (const type of ['vpc', 'vpcPeer']) await tx.identity.setQuota(account.project_id, type, -1);
        });
        tenants.push({ account, on: [], vpcs: [] });
      }
      await store.close();
      // Three servers starting together on the fresh database: migrations run once.
      servers = await Promise.all(Array.from({ length: SERVERS }, () => startServerProcess(['--store', db.url, '--regions', 'eu-de'])));
      for (const s of servers) assert.ok((await fetch(`${s.url}/health`)).ok, `server ${s.url} is up`);
      for (const t of tenants) {
        t.on = servers.map((s) => new SignedClient(s.url, {
          accessKey: t.account.access_key, secretKey: t.account.secret_key, projectId: t.account.project_id,
        }, 8));
      }
      sql = new pg.Client({ connectionString: db.url });
      sql.on('error', () => {}); // the outage test stops the server under it
      await sql.connect();
    });

    after(async () => {
      for (const t of tenants) for (const c of t.on) await c.close().catch(() => {});
      for (const s of servers) await s.stop().catch(() => {});
      await sql?.end().catch(() => {});
      await db?.drop().catch(() => {});
    });

    test('50 clients race accept / reject / delete / route-add across three servers: one winner each, invariants hold', async () => {
      // VPCs, created round-robin across the servers: 12 per tenant, disjoint CIDRs.
      await Promise.all(tenants.flatMap((t, ti) => Array.from({ length: 12 }, async (_, k) => {
        const body = await t.on[(ti + k) % SERVERS]!.expect(200, 'POST', `/v1/${t.account.project_id}/vpcs`, {
          vpc: { name: `v-${k}`, cidr: `10.${ti * 16 + k}.0.0/16` },
        });
        t.vpcs.push(body.vpc.id);
      })));

      // Cross-account peerings, each pair of VPCs used once, created across the servers.
      interface P { id: string; req: number; acc: number; reqVpc: string; accVpc: string; accCidrDest: string }
      const peerings: P[] = [];
      const used = new Set<string>();
      const plans: Array<Omit<P, 'id'>> = [];
      for (let n = 0; plans.length < PEERINGS; n++) {
        const req = n % ACCOUNTS;
        const acc = (req + 1 + (Math.floor(n / ACCOUNTS) % (ACCOUNTS - 1))) % ACCOUNTS;
        const rv = Math.floor(n / ACCOUNTS) % 12;
        const av = (Math.floor(n / ACCOUNTS) * 7 + 3) % 12;
        const key = [tenants[req]!.vpcs[rv], tenants[acc]!.vpcs[av]].sort().join('/');
        if (used.has(key)) continue;
        used.add(key);
        plans.push({ req, acc, reqVpc: tenants[req]!.vpcs[rv]!, accVpc: tenants[acc]!.vpcs[av]!, accCidrDest: `10.${acc * 16 + av}.0.0/16` });
      }
      await Promise.all(plans.map(async (pl, i) => {
        const body = await tenants[pl.req]!.on[i % SERVERS]!.expect(201, 'POST', '/v2.0/vpc/peerings', {
          peering: {
            name: `race-${i}`, request_vpc_info: { vpc_id: pl.reqVpc },
            accept_vpc_info: { vpc_id: pl.accVpc, tenant_id: tenants[pl.acc]!.account.project_id },
          },
        });
        assert.equal(body.peering.status, 'PENDING_ACCEPTANCE');
        peerings.push({ ...pl, id: body.peering.id });
      }));

      // The race: per peering 3 accepts and 3 rejects by the accepter, 2 deletes by either
      // party on a third of them, and 2 route-adds by the requester, all on mixed servers.
      type Kind = 'accept' | 'reject' | 'delete' | 'route';
      interface Task { p: P; kind: Kind; server: number }
      const tasks: Task[] = [];
      peerings.forEach((p, i) => {
        for (let k = 0; k < 3; k++) tasks.push({ p, kind: 'accept', server: (i + k) % SERVERS }, { p, kind: 'reject', server: (i + k + 1) % SERVERS });
        if (i % 3 === 0) for (let k = 0; k < 2; k++) tasks.push({ p, kind: 'delete', server: (i + k + 2) % SERVERS });
        for (let k = 0; k < 2; k++) tasks.push({ p, kind: 'route', server: (i + k) % SERVERS });
      });
      shuffle(tasks);
      const outcomes = new Map<string, Array<{ kind: Kind; status: number; code?: string }>>();
      let cursor = 0;
      await Promise.all(Array.from({ length: CLIENTS }, async () => {
        for (;;) {
          const task = tasks[cursor++];
          if (!task) return;
          const { p, kind, server } = task;
          const accepter = tenants[p.acc]!.on[server]!;
          const requester = tenants[p.req]!.on[server]!;
          let res: { status: number; json: any };
          if (kind === 'accept' || kind === 'reject') res = await accepter.call('PUT', `/v2.0/vpc/peerings/${p.id}/${kind}`);
          else if (kind === 'delete') res = await (server % 2 ? accepter : requester).call('DELETE', `/v2.0/vpc/peerings/${p.id}`);
          else {
            res = await requester.call('POST', '/v2.0/vpc/routes', {
              route: { destination: p.accCidrDest, nexthop: p.id, type: 'peering', vpc_id: p.reqVpc },
            });
          }
          const list = outcomes.get(p.id) ?? [];
          list.push({ kind, status: res.status, code: res.json?.error_code });
          outcomes.set(p.id, list);
        }
      }));

      // Nothing failed for the wrong reason: every answer is a success or a 4xx of the race.
      const all = [...outcomes.values()].flat();
      assert.equal(all.length, tasks.length);
      const bad = all.filter((o) => o.status >= 500);
      assert.deepEqual(bad, [], 'no 5xx during the race');

      const rows = new Map((await sql.query<{ id: string; status: string }>('select id, status from peerings')).rows.map((r) => [r.id, r.status]));
      let decidedRaces = 0;
      for (const p of peerings) {
        const o = outcomes.get(p.id)!;
        const decideWins = o.filter((x) => (x.kind === 'accept' || x.kind === 'reject') && x.status === 200);
        const deleteWins = o.filter((x) => x.kind === 'delete' && x.status === 204);
        const deletes = o.filter((x) => x.kind === 'delete');
        const routeWins = o.filter((x) => x.kind === 'route' && x.status === 201);
        assert.ok(decideWins.length <= 1, `peering ${p.id}: ${decideWins.length} accept/reject winners`);
        if (deletes.length > 0) {
          assert.equal(deleteWins.length, 1, `peering ${p.id}: exactly one delete wins (${JSON.stringify(deletes)})`);
          assert.equal(rows.has(p.id), false, `deleted peering ${p.id} is gone`);
        } else {
          assert.equal(decideWins.length, 1, `peering ${p.id}: exactly one of accept/reject wins`);
          decidedRaces++;
          const expected = decideWins[0]!.kind === 'accept' ? 'ACTIVE' : 'REJECTED';
          assert.equal(rows.get(p.id), expected, `peering ${p.id} ends in the winner's state`);
          // Every server answers the same state.
          for (let s = 0; s < SERVERS; s++) {
            const shown = await tenants[p.req]!.on[s]!.expect(200, 'GET', `/v2.0/vpc/peerings/${p.id}`);
            assert.equal(shown.peering.status, expected);
          }
          // Routes: at most one per destination; only to an ACTIVE peering.
          assert.ok(routeWins.length <= 1, `peering ${p.id}: ${routeWins.length} route-adds won for one destination`);
          if (expected !== 'ACTIVE') assert.equal(routeWins.length, 0);
        }
      }
      assert.ok(decidedRaces >= PEERINGS / 2);

      // Invariants in the database itself.
      const orphans = await sql.query(`select r.id from routes r left join peerings p on p.id = r.nexthop
        where r.type = 'peering' and (p.id is null or p.status <> 'ACTIVE')`);
      assert.deepEqual(orphans.rows, [], 'no route to a missing or inactive peering');
      const statuses = await sql.query<{ status: string }>('select distinct status from peerings');
      for (const { status } of statuses.rows) assert.ok(['ACTIVE', 'REJECTED', 'PENDING_ACCEPTANCE'].includes(status), status);
      const pairs = await sql.query(`select vpc_low, vpc_high, count(*) from peerings group by 1, 2 having count(*) > 1`);
      assert.deepEqual(pairs.rows, []);
      const routeCount = Number((await sql.query<{ n: string }>(`select count(*) as n from routes where type = 'peering'`)).rows[0]!.n);
      const routeWinsTotal = all.filter((o) => o.kind === 'route' && o.status === 201).length;
      const routesRemovedWithDeletes = peerings.filter((p) => !rows.has(p.id))
        .reduce((n, p) => n + outcomes.get(p.id)!.filter((o) => o.kind === 'route' && o.status === 201).length, 0);
      assert.equal(routeCount, routeWinsTotal - routesRemovedWithDeletes, 'every acknowledged route is there, unless its peering was deleted');
    });

    test('quota and one-peering-per-pair hold when the servers create at once', async () => {
      const q = tenants[0]!;
      const other = tenants[1]!;
      // A fresh project-level quota of 5 peerings for a new VPC set of tenant 0.
      const store = await openStore({ store: db.url });
      const used = Number((await sql.query<{ n: string }>(
        `select count(*) as n from peerings where request_project_id = $1 or (accept_project_id = $1 and status = 'ACTIVE')`,
        [q.account.project_id])).rows[0]!.n);
      await store.write((tx) => tx.identity.setQuota(q.account.project_id, 'vpcPeer', used + 5));
      await store.close();
      const mine = await Promise.all(Array.from({ length: 20 }, async (_, k) => (await q.on[k % SERVERS]!.expect(200, 'POST',
        `/v1/${q.account.project_id}/vpcs`, { vpc: { name: `q-${k}`, cidr: '192.168.0.0/16' } })).vpc.id as string));
      const theirs = (await other.on[0]!.expect(200, 'POST', `/v1/${other.account.project_id}/vpcs`, { vpc: { name: 'q-target', cidr: '172.16.0.0/16' } })).vpc.id;
      const results = await Promise.all(mine.map((vpcId, k) => q.on[k % SERVERS]!.call('POST', '/v2.0/vpc/peerings', {
        peering: { name: `q-${k}`, request_vpc_info: { vpc_id: vpcId }, accept_vpc_info: { vpc_id: theirs, tenant_id: other.account.project_id } },
      })));
      assert.equal(results.filter((r) => r.status === 201).length, 5, JSON.stringify(results.map((r) => r.status)));
      assert.ok(results.every((r) => r.status === 201 || (r.status >= 400 && r.status < 500)));
      const quotaView = await q.on[2]!.expect(200, 'GET', `/v1/${q.account.project_id}/quotas`);
      const peer = quotaView.quotas.resources.find((r: { type: string }) => r.type === 'vpcPeer');
      assert.equal(peer.used, used + 5, 'the quota view counts exactly');
      assert.equal(peer.quota, used + 5);

      // One peering per pair: 12 creates of the same pair (both directions) across servers.
      const a = (await q.on[0]!.expect(200, 'POST', `/v1/${q.account.project_id}/vpcs`, { vpc: { name: 'pair-a', cidr: '10.200.0.0/16' } })).vpc.id;
      const b = (await other.on[1]!.expect(200, 'POST', `/v1/${other.account.project_id}/vpcs`, { vpc: { name: 'pair-b', cidr: '10.201.0.0/16' } })).vpc.id;
      const same = await Promise.all(Array.from({ length: 12 }, (_, k) => (k % 2
        ? other.on[k % SERVERS]!.call('POST', '/v2.0/vpc/peerings', {
          peering: { name: `pair-${k}`, request_vpc_info: { vpc_id: b }, accept_vpc_info: { vpc_id: a, tenant_id: q.account.project_id } },
        })
        : q.on[k % SERVERS]!.call('POST', '/v2.0/vpc/peerings', {
          peering: { name: `pair-${k}`, request_vpc_info: { vpc_id: a }, accept_vpc_info: { vpc_id: b, tenant_id: other.account.project_id } },
        }))));
      // Tenant 0's quota is full: its own attempts are refused for quota; of the others exactly one wins.
      const wins = same.filter((r) => r.status === 201);
      assert.equal(wins.length, 1, JSON.stringify(same.map((r) => [r.status, r.json?.error_code])));
      assert.ok(same.every((r) => r.status === 201 || (r.status >= 400 && r.status < 500)));
      const pairRows = await sql.query(`select id from peerings where (vpc_low, vpc_high) = (least($1, $2), greatest($1, $2))`, [a, b]);
      assert.equal(pairRows.rows.length, 1);
    });

    test('no orphans across servers: VPC deletes race peering creates; EIPs of one pool race across projects', async () => {
      // Twelve VPCs of tenant 4; tenant 3 requests a peering to each while tenant 4 deletes it, on other servers.
      const owner = tenants[4]!;
      const requester = tenants[3]!;
      const mine = (await requester.on[0]!.expect(200, 'POST', `/v1/${requester.account.project_id}/vpcs`, { vpc: { name: 'o-src', cidr: '10.210.0.0/16' } })).vpc.id;
      const targets: string[] = await Promise.all(Array.from({ length: 12 }, async (_, k) => (await owner.on[k % SERVERS]!.expect(200, 'POST',
        `/v1/${owner.account.project_id}/vpcs`, { vpc: { name: `o-${k}`, cidr: '10.211.0.0/16' } })).vpc.id as string));
      const races = await Promise.all(targets.flatMap((vpcId, k) => [
        owner.on[k % SERVERS]!.call('DELETE', `/v1/${owner.account.project_id}/vpcs/${vpcId}`),
        requester.on[(k + 1) % SERVERS]!.call('POST', '/v2.0/vpc/peerings', {
          peering: { name: `o-${k}`, request_vpc_info: { vpc_id: mine }, accept_vpc_info: { vpc_id: vpcId, tenant_id: owner.account.project_id } },
        }),
      ]));
      assert.deepEqual(races.filter((r) => r.status >= 500), [], 'no 5xx');
      const dangling = await sql.query(`select p.id from peerings p
        left join vpcs a on a.id = p.request_vpc_id left join vpcs b on b.id = p.accept_vpc_id where a.id is null or b.id is null`);
      assert.deepEqual(dangling.rows, [], 'no peering refers to a deleted VPC');
      for (let k = 0; k < targets.length; k++) {
        const [del, create] = [races[2 * k]!, races[2 * k + 1]!];
        assert.ok((del.status === 204) !== (create.status === 201), `VPC ${k}: exactly one of delete (${del.status}) and peering (${create.status}) won`);
      }

      // EIPs: every tenant asks for two at once, on different servers; addresses are all distinct.
      const eips = await Promise.all(tenants.flatMap((t, i) => [0, 1].map((k) => t.on[(i + k) % SERVERS]!.call('POST', `/v1/${t.account.project_id}/publicips`, {
        publicip: { type: '5_bgp' }, bandwidth: { share_type: 'PER', name: `bw-${i}-${k}`, size: 5 },
      }))));
      assert.deepEqual(eips.filter((r) => r.status !== 200).map((r) => [r.status, r.json?.error_code]), []);
      const addresses = eips.map((r) => r.json.publicip.public_ip_address);
      assert.equal(new Set(addresses).size, addresses.length, 'every EIP has its own address');
    });

    test('PostgreSQL stops mid-run: 503 with the error shape; it returns: the servers recover, nothing acknowledged is lost', async (t) => {
      if (!existsSync(STATE)) {
        if (process.env.CI === 'true') assert.fail(`the outage test needs the cluster of ${CLUSTER} (state ${STATE})`);
        t.skip(`no cluster of scripts/pg-test-cluster.sh (state ${STATE}) to stop`);
        return;
      }
      const tenant = tenants[2]!;
      // A store in this process listening for commits, as each server's reconciler does.
      const watcher = await openStore({ store: db.url });
      const heard: number[] = [];
      const stopWatching = watcher.onCommit((r) => heard.push(r));
      const acknowledged: string[] = [];
      const unavailable: Array<{ status: number; json: any }> = [];
      let stopLoad = false;
      let n = 0;
      // Writers on every server, all through the outage.
      const load = Promise.all(Array.from({ length: 9 }, async (_, w) => {
        while (!stopLoad) {
          const k = n++;
          let res: { status: number; json: any };
          try {
            res = await tenant.on[w % SERVERS]!.call('POST', `/v1/${tenant.account.project_id}/vpcs`, { vpc: { name: `o-${k}`, cidr: '10.250.0.0/16' } });
          } catch {
            await new Promise((r) => setTimeout(r, 20));
            continue;
          }
          if (res.status === 200) acknowledged.push(res.json.vpc.id);
          else unavailable.push(res);
          await new Promise((r) => setTimeout(r, 5));
        }
      }));
      await new Promise((r) => setTimeout(r, 500));
      const before = acknowledged.length;
      const halt = spawnSync(CLUSTER, ['halt'], { stdio: 'inherit' });
      assert.equal(halt.status, 0, 'pg-test-cluster.sh halt');
      try {
        await new Promise((r) => setTimeout(r, 1_500));
        // Reads too, on every server, in two API families.
        for (let s = 0; s < SERVERS; s++) {
          const v1 = await tenant.on[s]!.call('GET', `/v1/${tenant.account.project_id}/vpcs`);
          assert.equal(v1.status, 503, JSON.stringify(v1.json));
          assert.equal(v1.json.error_code, 'ISTHMUS.0503');
          assert.equal(typeof v1.json.error_msg, 'string');
          const v2 = await tenant.on[s]!.call('GET', '/v2.0/vpc/peerings');
          assert.equal(v2.status, 503, JSON.stringify(v2.json));
          assert.equal(v2.json.error_code, 'ISTHMUS.0503');
          assert.equal(v2.json.NeutronError?.type, 'InternalServerError');
          // A load balancer's health check takes the server out while its database is gone.
          const health = await fetch(`${servers[s]!.url}/health`);
          assert.equal(health.status, 503);
          const body = await health.json() as { status: string; error_code: string };
          assert.deepEqual([body.status, body.error_code], ['unavailable', 'ISTHMUS.0503']);
        }
      } finally {
        const resume = spawnSync(CLUSTER, ['resume'], { stdio: 'inherit' });
        assert.equal(resume.status, 0, 'pg-test-cluster.sh resume');
      }
      // Recovery: every server answers again within a few seconds.
      for (let s = 0; s < SERVERS; s++) {
        const deadline = Date.now() + 20_000;
        for (;;) {
          const res = await tenant.on[s]!.call('GET', `/v1/${tenant.account.project_id}/vpcs?limit=1`);
          if (res.status === 200) break;
          assert.ok(Date.now() < deadline, `server ${s} did not recover: ${res.status}`);
          await new Promise((r) => setTimeout(r, 200));
        }
        const health = await fetch(`${servers[s]!.url}/health`);
        assert.equal(health.status, 200);
        assert.deepEqual(await health.json(), { status: 'ok' }, 'and its health check puts it back');
      }
      await new Promise((r) => setTimeout(r, 500));
      stopLoad = true;
      await load;
      assert.ok(before > 0, 'writes were acknowledged before the outage');
      assert.ok(acknowledged.length > before, 'writes were acknowledged after the outage');
      assert.ok(unavailable.length > 0, 'writes during the outage were refused');
      for (const r of unavailable) {
        assert.equal(r.status, 503, JSON.stringify(r.json));
        assert.equal(r.json.error_code, 'ISTHMUS.0503');
      }
      for (const s of servers) assert.equal(s.child.exitCode, null, 'every server is still running');
      // Nothing acknowledged is lost.
      const present = new Set((await sqlAfterOutage(db.url)).map((r) => r.id));
      const lost = acknowledged.filter((id) => !present.has(id));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged VPCs are missing`);
      // The LISTEN connection came back too: a commit after the outage reaches the listener.
      const heardBefore = Math.max(0, ...heard);
      await tenant.on[1]!.expect(200, 'POST', `/v1/${tenant.account.project_id}/vpcs`, { vpc: { name: 'after', cidr: '10.251.0.0/16' } });
      const deadline = Date.now() + 10_000;
      while (Math.max(0, ...heard) <= heardBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(Math.max(0, ...heard) > heardBefore, 'commits are heard again after the database returned');
      stopWatching();
      await watcher.close();
      // And every server sees them.
      for (let s = 0; s < SERVERS; s++) {
        const last = acknowledged[acknowledged.length - 1]!;
        await tenant.on[s]!.expect(200, 'GET', `/v1/${tenant.account.project_id}/vpcs/${last}`);
      }
    });
  });
}

async function sqlAfterOutage(url: string): Promise<Array<{ id: string }>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ id: string }>('select id from vpcs')).rows;
  } finally {
    await c.end();
  }
}
