import type { Peering, Port, Vpc } from '../domain/entities.js';
import type { IntentSnapshot } from '../domain/snapshot.js';
import { PeeringStatus } from '../domain/statuses.js';
import { SnapshotBuilder } from './fixtures.js';

/**
 * The named topologies of the golden tests and of the trace tests: small, classic
 * scenarios from the Huawei documentation, built with deterministic ids.
 */
export interface Scenario {
  readonly builder: SnapshotBuilder;
  readonly snapshot: IntentSnapshot;
  readonly vpcs: Record<string, Vpc>;
  readonly ports: Record<string, Port>;
  readonly peerings: Record<string, Peering>;
}

/**
 * The seed's Figure 1: service servers in VPC-A, databases in VPC-B, one peering,
 * routes on both sides. A and B belong to two projects (accounts), as peering
 * across accounts is the case that needs care when explaining.
 */
export function figure1(): Scenario {
  const b = new SnapshotBuilder();
  const alice = b.project('alice');
  const bob = b.project('bob');
  const a = b.vpc(alice, 'VPC-A', '192.168.0.0/16');
  const vb = b.vpc(bob, 'VPC-B', '172.16.0.0/16');
  const sa = b.subnet(a, 'subnet-A1', '192.168.1.0/24');
  const sb = b.subnet(vb, 'subnet-B1', '172.16.1.0/24');
  const ports = {
    'ECS-A01': b.port(sa, 'ECS-A01', '192.168.1.10'),
    'ECS-A02': b.port(sa, 'ECS-A02', '192.168.1.11'),
    'RDS-B01': b.port(sb, 'RDS-B01', '172.16.1.10', 'rds:eu-de-01a'),
    'RDS-B02': b.port(sb, 'RDS-B02', '172.16.1.11', 'rds:eu-de-01a'),
  };
  const ab = b.peering('peering-AB', a, vb);
  b.route(a, '172.16.0.0/16', ab);
  b.route(vb, '192.168.0.0/16', ab);
  return { builder: b, snapshot: b.snapshot(), vpcs: { 'VPC-A': a, 'VPC-B': vb }, ports, peerings: { 'peering-AB': ab } };
}

/**
 * A hub with two spokes, routes set everywhere, including the abusive ones: each spoke
 * routes the other spoke's CIDR via the hub (transit) and spoke 1 routes an Internet
 * prefix via the hub, whose instance has an EIP (edge-to-edge).
 */
export function hubAndSpokes(): Scenario {
  const b = new SnapshotBuilder();
  const p = b.project('ops');
  const hub = b.vpc(p, 'VPC-Hub', '172.16.0.0/16');
  const s1 = b.vpc(p, 'VPC-Spoke1', '192.168.0.0/16');
  const s2 = b.vpc(p, 'VPC-Spoke2', '10.0.0.0/16');
  const hubNet = b.subnet(hub, 'subnet-Hub', '172.16.1.0/24');
  const net1 = b.subnet(s1, 'subnet-Spoke1', '192.168.1.0/24');
  const net2 = b.subnet(s2, 'subnet-Spoke2', '10.0.1.0/24');
  const ports = {
    'ECS-Hub': b.port(hubNet, 'ECS-Hub', '172.16.1.10'),
    'ECS-S1': b.port(net1, 'ECS-S1', '192.168.1.10'),
    'ECS-S2': b.port(net2, 'ECS-S2', '10.0.1.10'),
  };
  b.eip('198.51.100.10', ports['ECS-Hub']);
  const h1 = b.peering('peering-Hub-S1', hub, s1);
  const h2 = b.peering('peering-Hub-S2', hub, s2);
  b.route(hub, '192.168.0.0/16', h1);
  b.route(hub, '10.0.0.0/16', h2);
  b.route(s1, '172.16.0.0/16', h1);
  b.route(s2, '172.16.0.0/16', h2);
  b.route(s1, '10.0.0.0/16', h1);
  b.route(s2, '192.168.0.0/16', h2);
  b.route(s1, '203.0.113.0/24', h1);
  return {
    builder: b, snapshot: b.snapshot(),
    vpcs: { 'VPC-Hub': hub, 'VPC-Spoke1': s1, 'VPC-Spoke2': s2 }, ports,
    peerings: { 'peering-Hub-S1': h1, 'peering-Hub-S2': h2 },
  };
}

/**
 * Two VPCs with the same CIDR (Huawei lets them peer). Subnet 192.168.1.0/24 exists on
 * both sides; A's 192.168.3.0/24 and D's 192.168.2.0/24 exist on one side only, and
 * each side routes the other's unique subnet via the peering.
 */
export function overlapping(): Scenario {
  const b = new SnapshotBuilder();
  const p = b.project('ops');
  const a = b.vpc(p, 'VPC-A', '192.168.0.0/16');
  const d = b.vpc(p, 'VPC-D', '192.168.0.0/16');
  const a1 = b.subnet(a, 'subnet-A1', '192.168.1.0/24');
  const a3 = b.subnet(a, 'subnet-A3', '192.168.3.0/24');
  const d1 = b.subnet(d, 'subnet-D1', '192.168.1.0/24');
  const d2 = b.subnet(d, 'subnet-D2', '192.168.2.0/24');
  const ports = {
    'ECS-A01': b.port(a1, 'ECS-A01', '192.168.1.10'),
    'ECS-A03': b.port(a3, 'ECS-A03', '192.168.3.10'),
    'ECS-D01': b.port(d1, 'ECS-D01', '192.168.1.20'),
    'ECS-D02': b.port(d2, 'ECS-D02', '192.168.2.10'),
  };
  const ad = b.peering('peering-AD', a, d);
  b.route(a, '192.168.2.0/24', ad);
  b.route(d, '192.168.3.0/24', ad);
  return { builder: b, snapshot: b.snapshot(), vpcs: { 'VPC-A': a, 'VPC-D': d }, ports, peerings: { 'peering-AD': ad } };
}

/**
 * VPC-A asked three other accounts to peer: one request is still pending, one was
 * rejected, one expired. None carries traffic, and no route can use them.
 */
export function inactivePeerings(): Scenario {
  const b = new SnapshotBuilder();
  const alice = b.project('alice');
  const carol = b.project('carol');
  const erin = b.project('erin');
  const frank = b.project('frank');
  const a = b.vpc(alice, 'VPC-A', '192.168.0.0/16');
  const c = b.vpc(carol, 'VPC-C', '172.16.0.0/16');
  const e = b.vpc(erin, 'VPC-E', '10.1.0.0/16');
  const f = b.vpc(frank, 'VPC-F', '10.2.0.0/16');
  const ports = {
    'ECS-A01': b.port(b.subnet(a, 'subnet-A1', '192.168.1.0/24'), 'ECS-A01', '192.168.1.10'),
    'ECS-C01': b.port(b.subnet(c, 'subnet-C1', '172.16.1.0/24'), 'ECS-C01', '172.16.1.10'),
    'ECS-E01': b.port(b.subnet(e, 'subnet-E1', '10.1.1.0/24'), 'ECS-E01', '10.1.1.10'),
    'ECS-F01': b.port(b.subnet(f, 'subnet-F1', '10.2.1.0/24'), 'ECS-F01', '10.2.1.10'),
  };
  const peerings = {
    'peering-AC': b.peering('peering-AC', a, c, PeeringStatus.PendingAcceptance),
    'peering-AE': b.peering('peering-AE', a, e, PeeringStatus.Rejected),
    'peering-AF': b.peering('peering-AF', a, f, PeeringStatus.Expired),
  };
  return { builder: b, snapshot: b.snapshot(), vpcs: { 'VPC-A': a, 'VPC-C': c, 'VPC-E': e, 'VPC-F': f }, ports, peerings };
}

export const GOLDEN_SCENARIOS: Record<string, () => Scenario> = {
  figure1,
  'hub-and-spokes': hubAndSpokes,
  overlapping,
  'inactive-peerings': inactivePeerings,
};
