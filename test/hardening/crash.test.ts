/**
 * Crash safety: the real `bin/isthmus serve` (after `npm run build`) in a child process
 * on a temporary SQLite data dir, under a concurrent write load of signed requests
 * (VPCs, cross-account peerings, accepts, peering routes, deletes), killed with SIGKILL
 * (by the PID started here) at a random moment, ten times, restarted each time. After
 * every kill, with the server down, the store itself is checked:
 *
 * - every acknowledged write is there (and every acknowledged delete is gone);
 * - no half-deleted peering (each peering's two VPCs exist), no orphan route (each
 *   peering route's peering exists and is ACTIVE);
 * - quotas exact: no project holds more VPCs or peerings than its quota, however many
 *   concurrent creates raced for the last slots;
 * - every acknowledged change has its audit event (same transaction).
 *
 * The data plane is out of scope here (`--dataplane none`); its convergence after a
 * restart belongs to the data plane tests.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { signRequest } from '../../src/api/huawei/auth/signer.js';
import { openStore } from '../../src/store/open.js';
import { cli, ensureBuilt, freePort, kill9, serve as serveIn } from '../support/server-process.js';

const CYCLES = Number(process.env.ISTHMUS_CRASH_CYCLES ?? 10);
const VPC_QUOTA = 30;
const PEER_QUOTA = 12;
let dataDir: string;
let child: ChildProcess | undefined;







/** The server under test, with the quotas the invariants are checked against. */
async function serve(port: number): Promise<ChildProcess> {
  child = await serveIn(port, dataDir, ['--quota', `vpc=${VPC_QUOTA}`, '--quota', `vpcPeer=${PEER_QUOTA}`]);
  return child;
}

interface Account { project_id: string; access_key: string; secret_key: string }

/** A signed call; resolves with status, JSON and request id, or rejects when the server is gone. */
async function call(base: string, who: Account, method: string, path: string, body?: object) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Project-Id': who.project_id };
  Object.assign(headers, signRequest({ method, url: base + path, headers, body: payload, accessKey: who.access_key, secretKey: who.secret_key }));
  const res = await fetch(base + path, { method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, requestId: res.headers.get('x-request-id') ?? '' };
}

/** What acknowledged answers promise about the store. */
class Model {
  readonly vpcs = new Map<string, boolean>(); // id → exists
  readonly peerings = new Map<string, 'PENDING_ACCEPTANCE' | 'ACTIVE' | 'GONE'>();
  readonly routes = new Map<string, { peering: string; exists: boolean }>();
  /** Request ids of acknowledged successful changes: each must have its audit event. */
  readonly changes: string[] = [];
  /** Objects an unacknowledged request may or may not have changed: not checked. */
  readonly uncertain = new Set<string>();
}

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'isthmus-crash-'));
  ensureBuilt();
});

after(async () => {
  if (child) await kill9(child);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test(`SIGKILL under concurrent writes, ${CYCLES} times: acknowledged writes survive, invariants hold`, { timeout: 600_000 }, async () => {
  const alice: Account = JSON.parse(cli(['account', 'create', 'alice', '--region', 'eu-de', '--data-dir', dataDir, '--json']));
  const bob: Account = JSON.parse(cli(['account', 'create', 'bob', '--region', 'eu-de', '--data-dir', dataDir, '--json']));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const model = new Model();
  let octet = 0;
  let totalAcks = 0;
  let quotaRefusals = 0;

  /**
   * One worker's chain, on objects only it touches, so the order of its acknowledgements
   * is the order of the changes: two VPCs, a cross-account peering, the accept, a route
   * via it, then tear it down (peering first: its routes go with it) or leave it standing.
   */
  interface Chain { a: string; b: string; peering?: string }
  const standing: Chain[] = [];

  const worker = async (w: number, stop: () => boolean) => {
    const ack = (r: { status: number; requestId: string }, ok: number) => {
      if (r.status !== ok) return false;
      model.changes.push(r.requestId);
      totalAcks++;
      return true;
    };
    /** Deletes a chain: the peering first (its routes go with it), then both VPCs. */
    const teardown = async (chain: Chain) => {
      if (chain.peering) {
        const id = chain.peering;
        model.uncertain.add(id);
        const del = await call(base, Math.random() < 0.5 ? alice : bob, 'DELETE', `/v2.0/vpc/peerings/${id}`);
        if (ack(del, 204)) {
          model.peerings.set(id, 'GONE');
          for (const route of model.routes.values()) if (route.peering === id) route.exists = false;
        }
        model.uncertain.delete(id);
      }
      for (const [who, vid] of [[alice, chain.a], [bob, chain.b]] as const) {
        model.uncertain.add(vid);
        const del = await call(base, who, 'DELETE', `/v1/${who.project_id}/vpcs/${vid}`);
        if (ack(del, 204)) model.vpcs.set(vid, false);
        model.uncertain.delete(vid);
      }
    };
    while (!stop()) {
      const n = (octet = (octet % 200) + 1);
      const cidrA = `10.${n}.0.0/16`;
      const cidrB = `172.16.${n}.0/24`;
      try {
        const va = await call(base, alice, 'POST', `/v1/${alice.project_id}/vpcs`, { vpc: { name: `w${w}-a-${n}`, cidr: cidrA } });
        if (!ack(va, 200)) {
          // Quota reached (the point: concurrent creates race for the last slots). Make room.
          if (va.status === 409) quotaRefusals++;
          const old = standing.shift();
          if (old) await teardown(old);
          continue;
        }
        model.vpcs.set(va.json.vpc.id, true);
        const chain: Chain = { a: va.json.vpc.id, b: '' };
        const vb = await call(base, bob, 'POST', `/v1/${bob.project_id}/vpcs`, { vpc: { name: `w${w}-b-${n}`, cidr: cidrB } });
        if (!ack(vb, 200)) {
          if (vb.status === 409) quotaRefusals++;
          model.uncertain.add(chain.a);
          if (ack(await call(base, alice, 'DELETE', `/v1/${alice.project_id}/vpcs/${chain.a}`), 204)) model.vpcs.set(chain.a, false);
          model.uncertain.delete(chain.a);
          const old = standing.shift();
          if (old) await teardown(old);
          continue;
        }
        model.vpcs.set(vb.json.vpc.id, true);
        chain.b = vb.json.vpc.id;
        const p = await call(base, alice, 'POST', '/v2.0/vpc/peerings', {
          peering: { name: `w${w}-${n}`, request_vpc_info: { vpc_id: chain.a }, accept_vpc_info: { vpc_id: chain.b, tenant_id: bob.project_id } },
        });
        if (p.status === 409) quotaRefusals++;
        if (ack(p, 201)) {
          const id = p.json.peering.id as string;
          chain.peering = id;
          model.peerings.set(id, 'PENDING_ACCEPTANCE');
          model.uncertain.add(id);
          const acc = await call(base, bob, 'PUT', `/v2.0/vpc/peerings/${id}/accept`);
          if (acc.status === 409) quotaRefusals++;
          if (ack(acc, 200)) model.peerings.set(id, 'ACTIVE');
          model.uncertain.delete(id);
          if (acc.status === 200) {
            const r = await call(base, alice, 'POST', '/v2.0/vpc/routes', { route: { type: 'peering', nexthop: id, destination: cidrB, vpc_id: chain.a } });
            if (ack(r, 201)) model.routes.set(r.json.route.id, { peering: id, exists: true });
          }
        }
        if (Math.random() < 0.5) await teardown(chain);
        else standing.push(chain);
      } catch {
        return; // the server died under us: whatever was in flight is not acknowledged
      }
    }
  };

  let proc = await serve(port);
  /** After a restart: chains cut short by a kill leak VPCs; delete everything not standing. */
  const janitor = async () => {
    const keep = new Set(standing.flatMap((c) => [c.a, c.b, c.peering ?? '']));
    const peerings = await call(base, alice, 'GET', '/v2.0/vpc/peerings?limit=2000');
    for (const p of peerings.json.peerings as Array<{ id: string }>) {
      if (keep.has(p.id)) continue;
      const del = await call(base, alice, 'DELETE', `/v2.0/vpc/peerings/${p.id}`);
      assert.equal(del.status, 204, `janitor: delete peering ${p.id}`);
      model.changes.push(del.requestId);
      model.peerings.set(p.id, 'GONE');
      for (const route of model.routes.values()) if (route.peering === p.id) route.exists = false;
    }
    for (const who of [alice, bob]) {
      const vpcs = await call(base, who, 'GET', `/v1/${who.project_id}/vpcs?limit=2000`);
      for (const v of vpcs.json.vpcs as Array<{ id: string }>) {
        if (keep.has(v.id)) continue;
        const del = await call(base, who, 'DELETE', `/v1/${who.project_id}/vpcs/${v.id}`);
        assert.equal(del.status, 204, `janitor: delete VPC ${v.id}: ${JSON.stringify(del.json)}`);
        model.changes.push(del.requestId);
        model.vpcs.set(v.id, false);
      }
    }
    // What a kill left uncertain is settled now: whatever was listed was deleted above, and
    // what was not listed is gone (an unacknowledged delete that did commit).
    for (const id of model.uncertain) {
      if (model.vpcs.has(id)) model.vpcs.set(id, false);
      if (model.peerings.has(id)) {
        model.peerings.set(id, 'GONE');
        for (const route of model.routes.values()) if (route.peering === id) route.exists = false;
      }
    }
    model.uncertain.clear();
  };

  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    await janitor();
    let stopped = false;
    const acksBefore = totalAcks;
    const workers = [0, 1, 2, 3, 4, 5].map((w) => worker(w, () => stopped));
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 1200));
    await kill9(proc);
    stopped = true;
    await Promise.all(workers);
    assert.equal(proc.signalCode, 'SIGKILL');
    assert.ok(totalAcks > acksBefore, `cycle ${cycle}: the load acknowledged some writes before the kill`);

    await verify(model, alice, bob, `cycle ${cycle}`);
    proc = await serve(port);
    // The restarted server answers from the same state.
    const ids = new Set<string>();
    for (const who of [alice, bob]) {
      const list = await call(base, who, 'GET', `/v1/${who.project_id}/vpcs?limit=2000`);
      assert.equal(list.status, 200);
      for (const v of list.json.vpcs as Array<{ id: string }>) ids.add(v.id);
    }
    for (const [id, exists] of model.vpcs) if (!model.uncertain.has(id)) assert.equal(ids.has(id), exists, `cycle ${cycle}: VPC ${id} via the API`);
  }
  await kill9(proc);
  console.log(`crash: ${CYCLES} SIGKILLs, ${totalAcks} acknowledged changes checked, ${quotaRefusals} creates refused by quota`);
});

/** Opens the store with the server down and checks the model and the invariants. */
async function verify(model: Model, alice: Account, bob: Account, label: string): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    const db = store.read.db;
    const vpcs = new Map((await db.selectFrom('vpcs').selectAll().execute()).map((v) => [v.id, v]));
    const peerings = new Map((await db.selectFrom('peerings').selectAll().execute()).map((p) => [p.id, p]));
    const routes = await db.selectFrom('routes').selectAll().execute();

    for (const [id, exists] of model.vpcs) {
      if (!model.uncertain.has(id)) assert.equal(vpcs.has(id), exists, `${label}: acknowledged VPC ${id} ${exists ? 'present' : 'deleted'}`);
    }
    for (const [id, status] of model.peerings) {
      if (model.uncertain.has(id)) continue;
      if (status === 'GONE') assert.ok(!peerings.has(id), `${label}: acknowledged delete of peering ${id}`);
      else assert.equal(peerings.get(id)?.status, status, `${label}: peering ${id}`);
    }
    for (const [id, route] of model.routes) {
      if (model.uncertain.has(route.peering)) continue;
      assert.equal(routes.some((r) => r.id === id), route.exists, `${label}: route ${id}`);
    }
    // No half-deleted peering, no orphan route.
    for (const p of peerings.values()) {
      assert.ok(vpcs.has(p.request_vpc_id) && vpcs.has(p.accept_vpc_id), `${label}: peering ${p.id} lost a VPC`);
    }
    for (const r of routes.filter((x) => x.type === 'peering')) {
      const p = peerings.get(r.nexthop);
      assert.ok(p, `${label}: orphan route ${r.id} via ${r.nexthop}`);
      assert.equal(p.status, 'ACTIVE', `${label}: route ${r.id} via a ${p.status} peering`);
    }
    // Every VPC has its default route table, and route tables belong to existing VPCs.
    const tables = await db.selectFrom('route_tables').selectAll().execute();
    for (const v of vpcs.values()) assert.ok(tables.some((t) => t.vpc_id === v.id && t.is_default === 1), `${label}: VPC ${v.id} has its default table`);
    for (const t of tables) assert.ok(vpcs.has(t.vpc_id), `${label}: route table ${t.id} of a missing VPC`);
    // Quotas exact: concurrent creates never pushed a project past its quota.
    for (const who of [alice, bob]) {
      const mine = [...vpcs.values()].filter((v) => v.project_id === who.project_id).length;
      assert.ok(mine <= VPC_QUOTA, `${label}: ${mine} VPCs > quota ${VPC_QUOTA}`);
      const counted = (await store.read.peerings.countForQuota(who.project_id));
      assert.ok(counted <= PEER_QUOTA, `${label}: ${counted} peerings > quota ${PEER_QUOTA}`);
    }
    // Every acknowledged change has its audit event.
    const events = new Set((await db.selectFrom('events').select('request_id').where('status', '<', 300).execute()).map((e) => e.request_id));
    const missing = model.changes.filter((id) => !events.has(id));
    assert.deepEqual(missing, [], `${label}: acknowledged changes without an audit event`);
  } finally {
    await store.close();
  }
}
