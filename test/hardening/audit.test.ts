/**
 * The audit trail (GET /isthmus/v1/{project}/events) and GET /metrics: every mutating
 * call is recorded with who, where, what and the result, visible to the projects
 * involved, and never a secret.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Harness, type Party } from '../api/harness.js';

let h: Harness;
before(async () => { h = await Harness.start(); });
after(async () => { await h.close(); });

async function events(who: Party, query = ''): Promise<any[]> {
  const res = await h.raw(who, 'GET', `/isthmus/v1/${who.projectId}/events${query}`);
  assert.equal(res.status, 200, res.text);
  return res.json.events;
}

describe('audit trail', () => {
  it('records a create with who, project, operation, resource, result and request id', async () => {
    const res = await h.raw(h.a, 'POST', `/v1/${h.a.projectId}/vpcs`, { body: { vpc: { name: 'audited', cidr: '10.77.0.0/16' } } });
    assert.equal(res.status, 200, res.text);
    const vpcId = res.json.vpc.id;
    const list = await events(h.a, `?resource_id=${vpcId}`);
    assert.equal(list.length, 1);
    const e = list[0];
    assert.equal(e.operation, 'CreateVpc');
    assert.equal(e.resource_type, 'vpc');
    assert.equal(e.resource_id, vpcId);
    assert.equal(e.project_id, h.a.projectId);
    assert.equal(e.account_id, h.a.account.account_id);
    assert.equal(typeof e.user_id, 'string');
    assert.equal(e.status, 200);
    assert.equal(e.error_code, null);
    assert.equal(e.request_id, res.headers.get('x-request-id'));
    assert.ok(!Number.isNaN(Date.parse(e.time)));
  });

  it('records failures, including a bad signature on a project that exists, and holds no secrets', async () => {
    const res = await h.raw(h.a, 'DELETE', `/v1/${h.a.projectId}/vpcs/00000000-0000-4000-8000-000000000000`);
    assert.equal(res.status, 404);
    const bad = await h.raw({ ...h.a, sk: 'wrong-secret-key-wrong-secret-key-00000' }, 'POST', `/v1/${h.a.projectId}/vpcs`, {
      body: { vpc: { name: 'never', cidr: '10.78.0.0/16' } },
    });
    assert.equal(bad.status, 401);
    const list = await events(h.a);
    const failed = list.find((e) => e.request_id === res.headers.get('x-request-id'));
    assert.ok(failed, 'the failed delete is recorded');
    assert.equal(failed.status, 404);
    assert.equal(failed.error_code, 'VPC.0003');
    const unauth = list.find((e) => e.request_id === bad.headers.get('x-request-id'));
    assert.ok(unauth, 'the failed authentication is recorded');
    assert.equal(unauth.status, 401);
    assert.equal(unauth.error_code, 'APIGW.0301');
    assert.equal(unauth.user_id, null);
    // No secret, signature, password or body anywhere in the table.
    const rows = await h.server.store.read.db.selectFrom('events').selectAll().execute();
    const dump = JSON.stringify(rows);
    for (const secret of [h.a.sk, h.a.account.password, h.b.sk, 'never', '10.78.0.0']) assert.ok(!dump.includes(secret), secret);
    assert.ok(!/Signature=|SDK-HMAC/.test(dump));
  });

  it('a cross-account peering is visible to both parties; the peer does not see who inside the other account', async () => {
    const va = await h.vpc(h.a, '10.81.0.0/16');
    const vb = await h.vpc(h.b, '10.82.0.0/16');
    const p = await h.peering(h.a, va.id, vb.id, h.b.projectId);
    const acc = await h.raw(h.b, 'PUT', `/v2.0/vpc/peerings/${p.id}/accept`);
    assert.equal(acc.status, 200, acc.text);
    const del = await h.raw(h.a, 'DELETE', `/v2.0/vpc/peerings/${p.id}`);
    assert.equal(del.status, 204, del.text);
    const forA = await events(h.a, `?resource_id=${p.id}`);
    const forB = await events(h.b, `?resource_id=${p.id}`);
    assert.deepEqual(forA.map((e) => e.operation), ['CreateVpcPeering', 'AcceptVpcPeering', 'DeleteVpcPeering']);
    assert.deepEqual(forB.map((e) => e.operation), ['CreateVpcPeering', 'AcceptVpcPeering', 'DeleteVpcPeering']);
    const create = forB[0];
    assert.equal(create.project_id, h.a.projectId);
    assert.equal(create.peer_project_id, h.b.projectId);
    assert.equal(create.user_id, null);
    assert.equal(create.account_id, null);
    assert.equal(forB[1].user_id !== null, true, 'B sees its own user on its accept');
    assert.equal(forA[1].user_id, null, 'A does not see B\'s user');
    // C sees none of it.
    assert.equal((await events(h.c, `?resource_id=${p.id}`)).length, 0);
  });

  it('names the other party of a peering in failures and in a delete by the accepter', async () => {
    const va = await h.vpc(h.a, '10.83.0.0/16');
    const vb = await h.vpc(h.b, '10.84.0.0/16');
    const p = await h.peering(h.a, va.id, vb.id, h.b.projectId);
    assert.equal((await h.raw(h.b, 'PUT', `/v2.0/vpc/peerings/${p.id}/accept`)).status, 200);
    const again = await h.raw(h.b, 'PUT', `/v2.0/vpc/peerings/${p.id}/accept`);
    assert.equal(again.status, 409, again.text);
    const byRequester = await h.raw(h.a, 'PUT', `/v2.0/vpc/peerings/${p.id}/reject`);
    assert.ok(byRequester.status >= 400 && byRequester.status < 500, byRequester.text);
    assert.equal((await h.raw(h.b, 'DELETE', `/v2.0/vpc/peerings/${p.id}`)).status, 204);
    const forA = await events(h.a, `?resource_id=${p.id}`);
    assert.deepEqual(forA.map((e) => [e.operation, e.status]),
      [['CreateVpcPeering', 201], ['AcceptVpcPeering', 200], ['AcceptVpcPeering', 409], ['RejectVpcPeering', byRequester.status], ['DeleteVpcPeering', 204]]);
    // Every event names both parties, successes and failures alike: B's calls reach A's
    // trail because they name A as the other party.
    const A = h.a.projectId;
    const B = h.b.projectId;
    assert.deepEqual(forA.map((e) => [e.project_id, e.peer_project_id]), [[A, B], [B, A], [B, A], [A, B], [B, A]]);
  });

  it('filters by operation and since, and pages with limit/marker', async () => {
    const since = h.clock.now().toISOString();
    for (let i = 0; i < 3; i++) await h.vpc(h.c, `10.${90 + i}.0.0/16`);
    const creates = await events(h.c, `?operation=CreateVpc&since=${encodeURIComponent(since)}`);
    assert.equal(creates.length, 3);
    const first = await h.raw(h.c, 'GET', `/isthmus/v1/${h.c.projectId}/events?operation=CreateVpc&limit=2`);
    assert.equal(first.json.events.length, 2);
    assert.ok(first.json.next_marker);
    const second = await h.raw(h.c, 'GET', `/isthmus/v1/${h.c.projectId}/events?operation=CreateVpc&limit=2&marker=${first.json.next_marker}`);
    assert.equal(second.json.events.length, 1);
    assert.equal(second.json.next_marker, undefined);
    const bad = await h.raw(h.c, 'GET', `/isthmus/v1/${h.c.projectId}/events?since=yesterday`);
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error_code, 'ISTHMUS.0410');
    // Another project's events: VPC.0007-style tenant check.
    const other = await h.raw(h.c, 'GET', `/isthmus/v1/${h.a.projectId}/events`);
    assert.equal(other.status, 400);
    assert.equal(other.json.error_code, 'VPC.0007');
  });

  it('a change and its event commit together: a failing write leaves neither', async () => {
    const before = await h.server.store.read.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // Duplicate name: the transaction throws after its checks; the failure event is written apart.
    await h.vpc(h.a, '10.99.0.0/16', 'dup-name');
    const dup = await h.raw(h.a, 'POST', `/v1/${h.a.projectId}/vpcs`, { body: { vpc: { name: 'dup-name', cidr: '10.98.0.0/16' } } });
    assert.equal(dup.status, 400);
    const rows = await h.server.store.read.db.selectFrom('events').selectAll().where('request_id', '=', dup.headers.get('x-request-id')!).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.status, 400);
    assert.equal(rows[0]!.resource_id, null);
    const afterCount = await h.server.store.read.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n) + 2);
  });
});

describe('audit atomicity', () => {
  it('if the event cannot be written, the change is rolled back with it (one transaction)', async () => {
    const { EventRepo } = await import('../../src/store/repos/events.js');
    const put = EventRepo.prototype.put;
    let calls = 0;
    // Fail the event write inside the change's transaction only (the failure's own event may be written).
    EventRepo.prototype.put = async function (this: InstanceType<typeof EventRepo>, e) {
      if (calls++ === 0) throw new Error('injected: the events table is full');
      return put.call(this, e);
    };
    try {
      const res = await h.raw(h.a, 'POST', `/v1/${h.a.projectId}/vpcs`, { body: { vpc: { name: 'atomic', cidr: '10.66.0.0/16' } } });
      assert.equal(res.status, 500, res.text);
    } finally {
      EventRepo.prototype.put = put;
    }
    const list = await h.raw(h.a, 'GET', `/v1/${h.a.projectId}/vpcs?limit=2000`);
    assert.ok(!list.json.vpcs.some((v: any) => v.name === 'atomic'), 'no VPC without its event');
  });
});

describe('bin/isthmus events', () => {
  it('prints the project\'s trail from the store, as the API shows it to that project', async () => {
    const { eventsCommand } = await import('../../src/cli/events.js');
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    (process.stdout as any).write = (chunk: string) => { lines.push(String(chunk)); return true; };
    try {
      const pgUrl: string | undefined = (h as any).pg?.url; // ISTHMUS_TEST_STORE=postgres
      const where = pgUrl ? ['--store', pgUrl] : ['--data-dir', h.dataDir];
      await eventsCommand().parseAsync(['node', 'events', '--project', h.b.projectId, ...where, '--json', '--operation', 'CreateVpcPeering']);
    } finally {
      (process.stdout as any).write = write;
    }
    const events = lines.join('').trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(events.length >= 1);
    for (const e of events) {
      assert.equal(e.operation, 'CreateVpcPeering');
      assert.equal(e.peer_project_id, h.b.projectId);
      assert.equal(e.user_id, null, 'the other side\'s user is not shown');
    }
  });
});

describe('GET /metrics', () => {
  it('serves requests by operation and status, latency, peerings by status and reconciler outcomes', async () => {
    const res = await fetch(`${h.url}/metrics`);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /isthmus_http_requests_total\{operation="CreateVpc",status="200"\} \d+/);
    assert.match(text, /isthmus_http_request_duration_seconds_bucket\{le="[0-9.]+",operation="CreateVpc"\}/);
    assert.match(text, /isthmus_peerings\{status="ACTIVE"\} \d+/);
    assert.match(text, /isthmus_peerings\{status="PENDING_ACCEPTANCE"\} \d+/);
    for (const outcome of ['success', 'retryable_error', 'terminal_error']) {
      assert.match(text, new RegExp(`isthmus_reconciler_outcomes_total\\{outcome="${outcome}"\\} \\d+`));
    }
  });
});

describe('serve --audit-retention', () => {
  let r: Harness;
  before(async () => { r = await Harness.start({ auditRetention: '1d' }); });
  after(async () => { await r?.close(); });

  const deletedTotal = async () => {
    const text = await (await fetch(`${r.url}/metrics`)).text();
    return Number(/^isthmus_audit_events_deleted_total (\d+)$/m.exec(text)?.[1] ?? NaN);
  };
  const trail = async (who: Party) => {
    const res = await r.raw(who, 'GET', `/isthmus/v1/${who.projectId}/events?limit=1000`);
    assert.equal(res.status, 200, res.text);
    return res.json.events as any[];
  };

  it('deletes the events older than the retention, of every project, and keeps the rest', async () => {
    await r.vpc(r.a, '10.1.0.0/16', 'old-a');
    await r.vpc(r.b, '10.2.0.0/16', 'old-b');
    const failed = await r.raw(r.a, 'POST', `/v1/${r.a.projectId}/vpcs`, { body: { vpc: { name: 'old-a', cidr: '10.3.0.0/16' } } });
    assert.equal(failed.status, 400, 'a failure is in the trail too');
    assert.equal((await trail(r.a)).length, 2);
    const before = await deletedTotal();

    r.clock.advance(20 * 3_600_000);
    await r.vpc(r.a, '10.4.0.0/16', 'young-a'); // 20 h old when the sweep runs
    r.clock.advance(5 * 3_600_000);
    await r.server.sweepAuditTrail();

    assert.deepEqual((await trail(r.a)).map((e) => e.status), [200], 'only the event younger than a day is left');
    assert.equal((await trail(r.a))[0].time, new Date(r.clock.now().getTime() - 5 * 3_600_000).toISOString());
    assert.deepEqual(await trail(r.b), []);
    assert.equal(await deletedTotal(), before + 3);
    // The VPCs themselves are intent, not trail: untouched.
    const vpcs = await r.raw(r.a, 'GET', `/v1/${r.a.projectId}/vpcs`);
    assert.deepEqual(vpcs.json.vpcs.map((v: any) => v.name).sort(), ['old-a', 'young-a']);
  });
});
