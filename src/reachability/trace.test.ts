import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IntentSnapshot } from '../domain/snapshot.js';
import { compile } from '../plan/compile.js';
import { SnapshotBuilder } from '../plan/fixtures.js';
import { figure1, hubAndSpokes, inactivePeerings, overlapping } from '../plan/scenarios.js';
import { trace } from './trace.js';
import type { Flow, TraceResult } from './types.js';

const icmp = (sourcePortId: string, destination: Flow['destination']): Flow => ({ sourcePortId, destination, protocol: 'icmp' });
const run = (snapshot: IntentSnapshot, flow: Flow): TraceResult => trace(compile(snapshot), flow);
const actions = (r: TraceResult, dir: 'forward' | 'return' = 'forward') => r[dir].map((h) => h.action).join(' ');

test('Figure 1: routes on both sides → REACHABLE, hop by hop both ways', () => {
  const { snapshot, ports } = figure1();
  const r = run(snapshot, { ...icmp(ports['ECS-A01']!.id, { portId: ports['RDS-B01']!.id }), protocol: 'tcp', port: 3306 });
  assert.equal(r.reason, 'REACHABLE');
  assert.equal(r.reachable, true);
  assert.equal(r.obstacle, null);
  assert.equal(actions(r), 'send route cross accept deliver');
  assert.equal(actions(r, 'return'), 'send route cross accept deliver');
  const cross = r.forward.find((h) => h.action === 'cross')!;
  assert.equal(cross.at.kind, 'link');
  assert.equal(cross.at.name, 'peering-AB');
});

test('a route on one side only → NO_RETURN_ROUTE (the request arrives, the reply has no route)', () => {
  const { snapshot, ports, vpcs } = figure1();
  const oneSided = { ...snapshot, routes: snapshot.routes.filter((r) => r.vpcId !== vpcs['VPC-B']!.id) };
  const r = run(oneSided, icmp(ports['ECS-A01']!.id, { portId: ports['RDS-B01']!.id }));
  assert.equal(r.reason, 'NO_RETURN_ROUTE');
  assert.equal(actions(r), 'send route cross accept deliver');
  assert.equal(r.obstacle?.direction, 'return');
  assert.equal(r.obstacle?.at.id, vpcs['VPC-B']!.id);
  assert.equal(r.obstacle?.suggestion?.destination, '192.168.0.0/16');
  assert.equal(r.obstacle?.suggestion?.via.name, 'peering-AB');
  // The other way round, the request itself has no route.
  const back = run(oneSided, icmp(ports['RDS-B01']!.id, { portId: ports['ECS-A01']!.id }));
  assert.equal(back.reason, 'NO_ROUTE');
  assert.equal(back.obstacle?.suggestion?.destination, '192.168.0.0/16');
});

test('no route at all over an ACTIVE peering → NO_ROUTE', () => {
  const { snapshot, ports } = figure1();
  const r = run({ ...snapshot, routes: [] }, icmp(ports['ECS-A01']!.id, { portId: ports['RDS-B01']!.id }));
  assert.equal(r.reason, 'NO_ROUTE');
  assert.equal(r.obstacle?.code, 'NO_MATCHING_ROUTE');
});

test('joined only by a PENDING_ACCEPTANCE, REJECTED or EXPIRED peering → PEERING_NOT_ACTIVE', () => {
  const { snapshot, ports } = inactivePeerings();
  for (const name of ['ECS-C01', 'ECS-E01', 'ECS-F01']) {
    const r = run(snapshot, icmp(ports['ECS-A01']!.id, { portId: ports[name]!.id }));
    assert.equal(r.reason, 'PEERING_NOT_ACTIVE', name);
    assert.equal(r.obstacle?.link?.kind, 'peering');
    const byIp = run(snapshot, icmp(ports['ECS-A01']!.id, { ip: ports[name]!.ipAddress }));
    assert.equal(byIp.reason, 'PEERING_NOT_ACTIVE', `${name} by address`);
  }
});

test('a route through a peering that is not ACTIVE → PEERING_NOT_ACTIVE', () => {
  const b = new SnapshotBuilder();
  const p = b.project('p');
  const a = b.vpc(p, 'VPC-A', '192.168.0.0/16');
  const c = b.vpc(p, 'VPC-C', '172.16.0.0/16');
  const a01 = b.port(b.subnet(a, 'sa', '192.168.1.0/24'), 'A01', '192.168.1.10');
  const c01 = b.port(b.subnet(c, 'sc', '172.16.1.0/24'), 'C01', '172.16.1.10');
  b.route(a, '172.16.0.0/16', b.peering('pcx', a, c, 'PENDING_ACCEPTANCE'));
  const r = run(b.snapshot(), icmp(a01.id, { portId: c01.id }));
  assert.equal(r.reason, 'PEERING_NOT_ACTIVE');
  assert.equal(r.obstacle?.code, 'ROUTE_NOT_INSTALLED');
});

test('transit A→B→C through a hub, routes set everywhere → TRANSIT_DENIED at the hub', () => {
  const { snapshot, ports, vpcs } = hubAndSpokes();
  const r = run(snapshot, icmp(ports['ECS-S1']!.id, { portId: ports['ECS-S2']!.id }));
  assert.equal(r.reason, 'TRANSIT_DENIED');
  assert.equal(r.obstacle?.at.id, vpcs['VPC-Hub']!.id);
  assert.equal(r.obstacle?.link?.name, 'peering-Hub-S1');
  // Each spoke still reaches the hub.
  assert.equal(run(snapshot, icmp(ports['ECS-S1']!.id, { portId: ports['ECS-Hub']!.id })).reason, 'REACHABLE');
  assert.equal(run(snapshot, icmp(ports['ECS-S2']!.id, { portId: ports['ECS-Hub']!.id })).reason, 'REACHABLE');
});

test("an Internet prefix routed via a peering to a VPC with an EIP → EDGE_TO_EDGE_DENIED", () => {
  const { snapshot, ports } = hubAndSpokes();
  const r = run(snapshot, icmp(ports['ECS-S1']!.id, { ip: '203.0.113.10' }));
  assert.equal(r.reason, 'EDGE_TO_EDGE_DENIED');
  assert.equal(r.obstacle?.code, 'EDGE');
  // The hub's gateway and EIP are not reachable from a peer either.
  assert.equal(run(snapshot, icmp(ports['ECS-S1']!.id, { ip: '172.16.1.1' })).reason, 'EDGE_TO_EDGE_DENIED');
  // The hub itself reaches the Internet through its own EIP.
  assert.equal(run(snapshot, icmp(ports['ECS-Hub']!.id, { ip: '203.0.113.10' })).reason, 'REACHABLE');
});

test('overlapping VPC CIDRs, non-overlapping subnets, subnet routes → REACHABLE', () => {
  const { snapshot, ports } = overlapping();
  const r = run(snapshot, icmp(ports['ECS-A03']!.id, { portId: ports['ECS-D02']!.id }));
  assert.equal(r.reason, 'REACHABLE');
  assert.equal(run(snapshot, icmp(ports['ECS-D02']!.id, { portId: ports['ECS-A03']!.id })).reason, 'REACHABLE');
});

test('destination in a local subnet of the source VPC → LOCAL_ROUTE_WINS', () => {
  const { snapshot, ports } = overlapping();
  const byPort = run(snapshot, icmp(ports['ECS-A01']!.id, { portId: ports['ECS-D01']!.id }));
  assert.equal(byPort.reason, 'LOCAL_ROUTE_WINS');
  assert.equal(byPort.obstacle?.segment?.name, 'subnet-A1');
  // By address: nobody in A holds 192.168.1.20, the peer does.
  assert.equal(run(snapshot, icmp(ports['ECS-A01']!.id, { ip: '192.168.1.20' })).reason, 'LOCAL_ROUTE_WINS');
});

test("the peer's reply to an address its own subnet holds stays home → NO_RETURN_ROUTE", () => {
  const { snapshot, ports } = overlapping();
  const r = run(snapshot, icmp(ports['ECS-A01']!.id, { portId: ports['ECS-D02']!.id }));
  assert.equal(r.reason, 'NO_RETURN_ROUTE');
  assert.equal(r.obstacle?.code, 'LOCAL_SUBNET');
});

test('an address of the peer subnet that no port holds → ADDRESS_NOT_FOUND', () => {
  const { snapshot, ports } = figure1();
  const r = run(snapshot, icmp(ports['ECS-A01']!.id, { ip: '172.16.1.99' }));
  assert.equal(r.reason, 'ADDRESS_NOT_FOUND');
  assert.equal(r.obstacle?.code, 'NO_PORT_HOLDS');
  // In the peer's CIDR but in none of its subnets: nothing to deliver to.
  assert.equal(run(snapshot, icmp(ports['ECS-A01']!.id, { ip: '172.16.9.9' })).reason, 'NO_ROUTE');
  assert.equal(run(snapshot, icmp(ports['ECS-A01']!.id, { ip: '192.168.1.99' })).reason, 'ADDRESS_NOT_FOUND');
  assert.equal(run(snapshot, icmp('no-such-port', { ip: '192.168.1.99' })).reason, 'ADDRESS_NOT_FOUND');
});

test('the Internet: REACHABLE with an EIP bound, NO_ROUTE without', () => {
  const { builder, ports } = figure1();
  builder.eip('198.51.100.7', ports['ECS-A01']!);
  builder.eip('198.51.100.8', ports['RDS-B01']!);
  const snapshot = builder.snapshot();
  const r = run(snapshot, icmp(ports['ECS-A01']!.id, { ip: '203.0.113.10' }));
  assert.equal(r.reason, 'REACHABLE');
  assert.equal(actions(r), 'send route snat internet deliver');
  assert.equal(actions(r, 'return'), 'send dnat deliver');
  const without = run(snapshot, icmp(ports['ECS-A02']!.id, { ip: '203.0.113.10' }));
  assert.equal(without.reason, 'NO_ROUTE');
  assert.equal(without.obstacle?.code, 'NO_EIP');
  // From one EIP to another, across the Internet.
  const eipToEip = run(snapshot, icmp(ports['ECS-A01']!.id, { ip: '198.51.100.8' }));
  assert.equal(eipToEip.reason, 'REACHABLE');
  assert.equal(actions(eipToEip), 'send route snat internet dnat deliver');
  // A's own VPC space is never the Internet, EIP or not.
  assert.equal(run(snapshot, icmp(ports['ECS-A01']!.id, { ip: '192.168.7.7' })).reason, 'NO_ROUTE');
  // System routes lead nowhere here.
  assert.equal(run(snapshot, icmp(ports['ECS-A01']!.id, { ip: '100.64.0.1' })).obstacle?.code, 'SYSTEM_ROUTE');
});

test('same subnet and same VPC, different subnet → REACHABLE through local routes', () => {
  const { snapshot, ports } = figure1();
  assert.equal(run(snapshot, icmp(ports['ECS-A01']!.id, { portId: ports['ECS-A02']!.id })).reason, 'REACHABLE');
  const o = overlapping();
  const r = run(o.snapshot, icmp(o.ports['ECS-A01']!.id, { portId: o.ports['ECS-A03']!.id }));
  assert.equal(r.reason, 'REACHABLE');
  assert.equal(actions(r), 'send route deliver');
  // The gateway answers its own VPC.
  assert.equal(run(snapshot, icmp(ports['ECS-A01']!.id, { ip: '192.168.1.1' })).reason, 'REACHABLE');
});

test('a deleted peering is as if it had never been there', () => {
  const { snapshot, ports, peerings } = figure1();
  const flow = icmp(ports['ECS-A01']!.id, { portId: ports['RDS-B01']!.id });
  const gone = { ...snapshot, peerings: [] };
  const markedDeleted = { ...snapshot, peerings: snapshot.peerings.map((p) => ({ ...p, status: 'DELETED' as const })) };
  const never = { ...snapshot, peerings: [], routes: [] };
  for (const s of [gone, markedDeleted]) {
    assert.deepEqual(compile(s), compile(never));
    assert.equal(run(s, flow).reason, 'NO_ROUTE');
  }
  assert.equal(peerings['peering-AB']!.status, 'ACTIVE');
});

test('a route whose next hop is not a peering is carried but leads nowhere → NO_ROUTE', () => {
  const { builder, ports, vpcs } = figure1();
  builder.route(vpcs['VPC-A']!, '10.9.0.0/16', { type: 'ecs', nexthop: '192.168.1.11' });
  const r = run(builder.snapshot(), icmp(ports['ECS-A01']!.id, { ip: '10.9.0.1' }));
  assert.equal(r.reason, 'NO_ROUTE');
  assert.equal(r.obstacle?.code, 'ROUTE_NOT_INSTALLED');
  assert.equal(r.obstacle?.entry?.kind, 'unrealised');
});

test('a port that is not an instance holds its address but does not answer', () => {
  const { builder, ports, vpcs } = figure1();
  const subnet = builder.snapshot().subnets.find((s) => s.vpcId === vpcs['VPC-B']!.id)!;
  const bare = builder.port(subnet, 'bare', '172.16.1.50', '');
  const r = run(builder.snapshot(), icmp(ports['ECS-A01']!.id, { portId: bare.id }));
  assert.equal(r.reason, 'ADDRESS_NOT_FOUND');
  assert.equal(r.obstacle?.code, 'NOT_AN_INSTANCE');
});
