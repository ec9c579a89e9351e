import fc from 'fast-check';
import type { Port, Subnet, Vpc } from '../domain/entities.js';
import type { IntentSnapshot } from '../domain/snapshot.js';
import { PEERING_STATUSES, RouteType, type PeeringStatus } from '../domain/statuses.js';
import { cidr, formatIpv4 } from '../net/index.js';
import { SnapshotBuilder } from './fixtures.js';

/**
 * Random topologies and random edits for property tests (test support only). They are
 * deliberately nasty: overlapping and nested VPC CIDRs, peerings in every status
 * (DELETED included), one- and two-sided routes, routes via peerings of other VPCs,
 * to third VPCs, to Internet prefixes, next hops that are not peerings, custom tables.
 */

const VPC_CIDRS = ['192.168.0.0/16', '172.16.0.0/16', '10.0.0.0/16', '10.0.0.0/8', '10.1.0.0/16', '192.168.0.0/16'];
const INTERNET_PREFIXES = ['203.0.113.0/24', '0.0.0.0/0', '198.51.100.0/24', '203.0.113.10/32'];

/** A recipe of small integers; `buildTopology` turns it into a snapshot. */
export interface TopologyRecipe {
  readonly vpcs: ReadonlyArray<{ cidr: number; project: number; subnets: number[]; ports: number[][]; customTable: boolean }>;
  readonly peerings: ReadonlyArray<{ a: number; b: number; status: number }>;
  readonly routes: ReadonlyArray<{ vpc: number; dest: number; via: number; kind: number; table: boolean }>;
  readonly eips: ReadonlyArray<{ port: number; bound: boolean }>;
}

export const topologyRecipe: fc.Arbitrary<TopologyRecipe> = fc.record({
  vpcs: fc.array(fc.record({
    cidr: fc.nat(VPC_CIDRS.length - 1),
    project: fc.nat(1),
    subnets: fc.uniqueArray(fc.nat(3), { maxLength: 3 }),
    ports: fc.array(fc.uniqueArray(fc.nat(5), { maxLength: 3 }), { maxLength: 3 }),
    customTable: fc.boolean(),
  }), { minLength: 2, maxLength: 5 }),
  peerings: fc.array(fc.record({ a: fc.nat(4), b: fc.nat(4), status: fc.nat(PEERING_STATUSES.length + 3) }), { maxLength: 6 }),
  routes: fc.array(fc.record({ vpc: fc.nat(4), dest: fc.nat(40), via: fc.nat(8), kind: fc.nat(9), table: fc.boolean() }), { maxLength: 14 }),
  eips: fc.array(fc.record({ port: fc.nat(30), bound: fc.boolean() }), { maxLength: 5 }),
});

/** The /24 number `n` (0..3) inside a VPC block: 10.0.0.0/8 spreads over 10.0.x and 10.1.x. */
function subnetBlock(vpcCidr: string, n: number): string {
  const block = cidr(vpcCidr);
  const third = block.prefix <= 8 ? ((n & 2) << 7) | (n & 1) : n;
  return `${formatIpv4(block.network + third * 256)}/24`;
}

export function buildTopology(recipe: TopologyRecipe): { builder: SnapshotBuilder; snapshot: IntentSnapshot } {
  const b = new SnapshotBuilder();
  const projects = [b.project('p0'), b.project('p1')];
  const vpcs: Vpc[] = [];
  const subnets: Subnet[] = [];
  const ports: Port[] = [];
  recipe.vpcs.forEach((v, i) => {
    const vpcCidr = VPC_CIDRS[v.cidr]!;
    const vpc = b.vpc(projects[v.project]!, `VPC-${i}`, vpcCidr);
    vpcs.push(vpc);
    const own = v.subnets.map((n) => b.subnet(vpc, `subnet-${i}-${n}`, subnetBlock(vpcCidr, n)));
    subnets.push(...own);
    own.forEach((s, k) => {
      for (const host of v.ports[k] ?? []) {
        const ip = formatIpv4(cidr(s.cidr).network + 10 + host);
        // Every sixth port is a bare port (no device): it holds an address but is no instance.
        ports.push(b.port(s, `port-${i}-${k}-${host}`, ip, host === 5 ? '' : 'compute:az1'));
      }
    });
    if (v.customTable && own.length > 0) b.routeTable(vpc, `rtb-custom-${i}`, own.slice(0, 1));
  });
  const snapshotSoFar = b.snapshot();
  const tables = snapshotSoFar.routeTables;

  const peerings = [];
  const pairs = new Set<string>();
  for (const p of recipe.peerings) {
    const a = vpcs[p.a % vpcs.length]!;
    const c = vpcs[p.b % vpcs.length]!;
    const key = [a.id, c.id].sort().join();
    if (a === c || pairs.has(key)) continue;
    pairs.add(key);
    // Bias toward ACTIVE: it is the status with the most to check.
    const status: PeeringStatus = p.status >= PEERING_STATUSES.length ? 'ACTIVE' : PEERING_STATUSES[p.status]!;
    peerings.push(b.peering(`peering-${peerings.length}`, a, c, status));
  }

  const destinations = [
    ...vpcs.map((v) => v.cidr), ...subnets.map((s) => s.cidr), ...ports.map((p) => `${p.ipAddress}/32`),
    ...INTERNET_PREFIXES,
  ];
  const seen = new Set<string>();
  for (const r of recipe.routes) {
    const vpc = vpcs[r.vpc % vpcs.length]!;
    const destination = destinations[r.dest % destinations.length]!;
    const customTable = tables.find((t) => t.vpcId === vpc.id && !t.isDefault);
    const table = r.table && customTable ? customTable : tables.find((t) => t.vpcId === vpc.id && t.isDefault)!;
    // Huawei refuses a repeated destination; allow it rarely, so the tie-break is exercised too.
    const key = `${table.id} ${destination}`;
    if (seen.has(key) && r.kind !== 0) continue;
    seen.add(key);
    if (r.kind === 9 || peerings.length === 0) {
      b.route(vpc, destination, { type: RouteType.Ecs, nexthop: '192.168.1.10' }, table);
      continue;
    }
    // Mostly a peering of this VPC; sometimes any peering at all.
    const mine = peerings.filter((p) => p.requestVpcId === vpc.id || p.acceptVpcId === vpc.id);
    const pool = mine.length > 0 && r.kind < 7 ? mine : peerings;
    b.route(vpc, destination, pool[r.via % pool.length]!, table);
  }

  const used = new Set<string>();
  recipe.eips.forEach((e, i) => {
    const port = ports.length > 0 ? ports[e.port % ports.length]! : null;
    const bind = e.bound && port && !used.has(port.id) ? port : null;
    if (bind) used.add(bind.id);
    b.eip(`198.51.100.${20 + i}`, bind);
  });
  return { builder: b, snapshot: b.snapshot() };
}

export const topology: fc.Arbitrary<IntentSnapshot> = topologyRecipe.map((r) => buildTopology(r).snapshot);
