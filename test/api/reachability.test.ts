import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, type Party } from './harness.js';

/**
 * The seed's Figure 1, through the API only: VPC-A (ECS-A01, ECS-A02) and VPC-B of
 * another account (RDS-B01, RDS-B02). The reachability answer must follow every step of
 * the peering's life: no peering, requested, accepted with one route, routes on both
 * sides, deleted.
 */
let h: Harness;
before(async () => { h = await Harness.start(); });
after(async () => { await h.close(); });

async function instance(who: Party, subnetId: string, name: string): Promise<any> {
  const res = await h.raw(who, 'POST', `/v1/${who.projectId}/ports`, {
    body: { port: { name, network_id: subnetId, device_owner: 'compute:eu-de-01' } },
  });
  assert.equal(res.status, 200, res.text);
  return res.json.port;
}

async function reach(who: Party, body: object): Promise<any> {
  const res = await h.raw(who, 'POST', `/isthmus/v1/${who.projectId}/reachability`, { body });
  assert.equal(res.status, 200, res.text);
  return res.json;
}

test('Figure 1: reachability follows the peering from request to deletion', async () => {
  const vpcA = await h.vpc(h.a, '192.168.0.0/16', 'VPC-A');
  const vpcB = await h.vpc(h.b, '172.16.0.0/16', 'VPC-B');
  const subA = await h.subnet(h.a, vpcA.id, '192.168.1.0/24');
  const subB = await h.subnet(h.b, vpcB.id, '172.16.1.0/24');
  const a01 = await instance(h.a, subA.id, 'ECS-A01');
  await instance(h.a, subA.id, 'ECS-A02');
  const b01 = await instance(h.b, subB.id, 'RDS-B01');
  const b01ip = b01.fixed_ips[0].ip_address;
  const ask = { source: { port_id: a01.id }, destination: { ip: b01ip }, protocol: 'tcp', port: 3306 };

  let r = await reach(h.a, ask);
  assert.equal(r.reachable, false);
  assert.equal(r.reason, 'NO_ROUTE');
  assert.ok(r.explanation.length > 0);

  const peering = await h.peering(h.a, vpcA.id, vpcB.id, h.b.projectId, 'peering-AB');
  r = await reach(h.a, ask);
  assert.equal(r.reason, 'PEERING_NOT_ACTIVE', JSON.stringify(r));

  const accepted = await h.b.sdk.acceptVpcPeering({ peering_id: peering.id });
  assert.equal(accepted.status, 'ACTIVE');
  await h.route(h.a, vpcA.id, peering.id, '172.16.0.0/16');
  r = await reach(h.a, ask);
  assert.equal(r.reason, 'NO_RETURN_ROUTE', JSON.stringify(r));
  assert.ok(r.forward.length > 0, 'the forward path is shown hop by hop');
  assert.match(r.explanation, /peering-AB|route/i);

  await h.route(h.b, vpcB.id, peering.id, '192.168.0.0/16');
  r = await reach(h.a, ask);
  assert.equal(r.reachable, true, JSON.stringify(r));
  assert.equal(r.reason, 'REACHABLE');
  assert.ok(r.forward.length > 0 && r.return.length > 0);

  // B's view of the same flow, asked from its side: its own instance back to A01's address.
  const back = await reach(h.b, { source: { port_id: b01.id }, destination: { ip: a01.fixed_ips[0].ip_address }, protocol: 'icmp' });
  assert.equal(back.reason, 'REACHABLE');
  // A peering party sees the other side only as the API shows it: never its port names.
  assert.doesNotMatch(JSON.stringify(back), /ECS-A0/);
  assert.doesNotMatch(JSON.stringify(r), /RDS-B0/);

  // A question changes nothing: it writes no audit event (and so costs no fsync).
  const events = async () => Number((await h.server.store.read.db.selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const eventsBefore = await events();
  await reach(h.a, ask);
  assert.equal(await events(), eventsBefore);

  await h.a.sdk.deleteVpcPeering({ peering_id: peering.id });
  r = await reach(h.a, ask);
  assert.equal(r.reason, 'NO_ROUTE', JSON.stringify(r));
});

test('the plan endpoint shows the caller\'s routers and its links only', async () => {
  const res = await h.raw(h.b, 'GET', `/isthmus/v1/${h.b.projectId}/plan`);
  assert.equal(res.status, 200, res.text);
  assert.ok(Array.isArray(res.json.routers));
  for (const r of res.json.routers) assert.equal(r.projectId, h.b.projectId);
  for (const l of res.json.links) assert.ok(l.ends.some((e: any) => e.projectId === h.b.projectId));
  assert.equal(typeof res.json.revision, 'number');
  // Without a data plane nothing is ever realised, and the plan says so rather than "false".
  assert.equal(res.json.data_plane, 'none');
  for (const r of res.json.routers) assert.equal(r.realised, null);
});

test('reachability refuses sources and destinations the caller does not own, and bad input', async () => {
  const vpc = await h.vpc(h.a, '10.77.0.0/16');
  const sub = await h.subnet(h.a, vpc.id, '10.77.1.0/24');
  const mine = await instance(h.a, sub.id, 'mine');
  const res = await h.raw(h.b, 'POST', `/isthmus/v1/${h.b.projectId}/reachability`, {
    body: { source: { port_id: mine.id }, destination: { ip: '10.77.1.9' }, protocol: 'icmp' },
  });
  assert.equal(res.status, 404);
  assert.equal(res.json.error_code, 'VPC.0701');
  for (const body of [
    { source: { port_id: mine.id }, destination: {}, protocol: 'icmp' },
    { source: { port_id: mine.id }, destination: { ip: '300.1.1.1' }, protocol: 'icmp' },
    { source: { port_id: mine.id }, destination: { ip: '10.77.1.9' }, protocol: 'sctp' },
    { source: { port_id: mine.id }, destination: { ip: '10.77.1.9' }, protocol: 'tcp' },
    { source: { port_id: 'not-a-uuid' }, destination: { ip: '10.77.1.9' }, protocol: 'icmp' },
  ]) {
    const bad = await h.raw(h.a, 'POST', `/isthmus/v1/${h.a.projectId}/reachability`, { body });
    assert.equal(bad.status, 400, JSON.stringify(body));
    assert.ok(bad.json.error_code && bad.json.error_msg);
  }
});
