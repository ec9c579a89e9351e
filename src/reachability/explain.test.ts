import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { topology } from '../plan/arbitrary.js';
import { compile } from '../plan/compile.js';
import { figure1, hubAndSpokes, inactivePeerings } from '../plan/scenarios.js';
import { renderTrace } from './explain.js';
import { trace } from './trace.js';
import { REASONS } from './types.js';

const f = figure1();
const alice = f.vpcs['VPC-A']!.projectId;
const bob = f.vpcs['VPC-B']!.projectId;
const oneSided = { ...f.snapshot, routes: f.snapshot.routes.filter((r) => r.vpcId !== f.vpcs['VPC-B']!.id) };

test('the body has the CONTRACTS.md shape', () => {
  const body = renderTrace(trace(compile(f.snapshot), {
    sourcePortId: f.ports['ECS-A01']!.id, destination: { portId: f.ports['RDS-B01']!.id }, protocol: 'tcp', port: 3306,
  }), alice);
  assert.deepEqual(Object.keys(body), ['reachable', 'reason', 'explanation', 'forward', 'return']);
  assert.equal(body.reachable, true);
  assert.ok(REASONS.includes(body.reason));
  for (const hop of [...body.forward, ...body.return]) {
    assert.deepEqual(Object.keys(hop), ['at', 'action', 'detail']);
    for (const v of Object.values(hop)) assert.equal(typeof v, 'string');
  }
  assert.match(body.explanation, /reaches 172\.16\.1\.10 \(tcp\/3306\)/);
});

test('NO_RETURN_ROUTE names the peer VPC as a peering party sees it, and the fix', () => {
  const body = renderTrace(trace(compile(oneSided), {
    sourcePortId: f.ports['ECS-A01']!.id, destination: { portId: f.ports['RDS-B01']!.id }, protocol: 'icmp',
  }), alice);
  assert.equal(body.reason, 'NO_RETURN_ROUTE');
  const vpcB = f.vpcs['VPC-B']!;
  assert.equal(body.explanation,
    `VPC ${vpcB.id} (project ${vpcB.projectId}) has no route back to 192.168.1.10: its owner must add a route to 192.168.0.0/16 via peering-AB.`);
  // Never bob's names, ports, subnets or other addresses (172.16.0.0/16 is alice's own route).
  const text = JSON.stringify(body);
  for (const secret of ['VPC-B', 'RDS-B01', 'RDS-B02', 'subnet-B1', '172.16.1.0/24', '172.16.1.11', f.ports['RDS-B01']!.id]) {
    assert.ok(!text.includes(secret), `leaks ${secret}: ${text}`);
  }
});

test('the owner of the other side sees its own names in full', () => {
  const body = renderTrace(trace(compile(oneSided), {
    sourcePortId: f.ports['RDS-B01']!.id, destination: { ip: '192.168.1.10' }, protocol: 'icmp',
  }), bob);
  assert.equal(body.reason, 'NO_ROUTE');
  assert.match(body.explanation, /^VPC-B has no route to 192\.168\.1\.10: add a route to 192\.168\.1\.10\/32 via peering-AB\.$/);
  assert.ok(!JSON.stringify(body).includes('VPC-A'));
});

test('every reason renders one actionable sentence', () => {
  const h = hubAndSpokes();
  const i = inactivePeerings();
  const cases = [
    renderTrace(trace(compile(h.snapshot), { sourcePortId: h.ports['ECS-S1']!.id, destination: { portId: h.ports['ECS-S2']!.id }, protocol: 'icmp' }), h.vpcs['VPC-Hub']!.projectId),
    renderTrace(trace(compile(h.snapshot), { sourcePortId: h.ports['ECS-S1']!.id, destination: { ip: '203.0.113.10' }, protocol: 'icmp' }), h.vpcs['VPC-Hub']!.projectId),
    renderTrace(trace(compile(i.snapshot), { sourcePortId: i.ports['ECS-A01']!.id, destination: { portId: i.ports['ECS-E01']!.id }, protocol: 'icmp' }), i.vpcs['VPC-A']!.projectId),
  ];
  assert.deepEqual(cases.map((c) => c.reason), ['TRANSIT_DENIED', 'EDGE_TO_EDGE_DENIED', 'PEERING_NOT_ACTIVE']);
  assert.match(cases[0]!.explanation, /not transitive: peer the two VPCs directly\.$/);
  assert.match(cases[1]!.explanation, /cannot use its peer's EIPs/);
  assert.match(cases[2]!.explanation, /only by peering-AE, which is REJECTED: delete it and request a new peering/);
  for (const c of cases) assert.match(c.explanation, /^[A-Z0-9].*[.]$/);
});

test('random topologies: one sentence per verdict, and nothing named of another project', () => {
  fc.assert(fc.property(topology, (snapshot) => {
    const plan = compile(snapshot);
    const owner = new Map<string, string>();
    for (const x of [...snapshot.vpcs, ...snapshot.subnets, ...snapshot.ports, ...snapshot.routeTables]) owner.set(x.name, x.projectId);
    for (const source of snapshot.ports) {
      const secrets = [...owner].filter(([, project]) => project !== source.projectId).map(([name]) => name);
      const targets = [...snapshot.ports.map((p) => ({ portId: p.id })), { ip: '203.0.113.10' }, { ip: '10.1.0.5' }];
      for (const destination of targets) {
        const body = renderTrace(trace(plan, { sourcePortId: source.id, destination, protocol: 'icmp' }), source.projectId);
        assert.match(body.explanation, /^[A-Z0-9].*\.$/, body.explanation);
        const text = JSON.stringify(body);
        for (const secret of secrets) assert.ok(!new RegExp(`\\b${secret}\\b`).test(text), `${secret} leaks: ${text}`);
      }
    }
  }), { seed: 3, numRuns: 60 });
});
