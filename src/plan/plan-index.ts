import { LpmTable, parseCidr, parseIpv4, prefixMask, type Cidr } from '../net/index.js';
import type { InactivePeering, Link, NetworkPlan, PlanPort, RouteEntry, RouteTablePlan, Router, Segment } from './types.js';

/**
 * Lookup structures over a NetworkPlan: the plan stays plain data, and whoever reads it
 * often (trace, the reachability matrix) builds this once. Router details are parsed
 * lazily, on first use, so indexing a plan of 10,000 routers costs little until traffic
 * is traced through them. Cached per plan object; routers reused by `recompile()` keep
 * their parsed form across plans.
 */
export interface PlanIndex {
  readonly plan: NetworkPlan;
  router(vpcId: string): RouterIndex | undefined;
  port(portId: string): PortIndex | undefined;
  /** The bound EIP with this public address, as the port it leads to. */
  eip(publicIp: number): PortIndex | undefined;
  link(peeringId: string): Link | undefined;
  /** The ACTIVE link between two VPCs, if any (one peering per pair). */
  linkBetween(vpcA: string, vpcB: string): Link | undefined;
  /** The non-ACTIVE peerings between two VPCs. */
  inactiveBetween(vpcA: string, vpcB: string): readonly InactivePeering[];
  /** True when the address lies in some VPC CIDR of the region (so it is not the Internet). */
  inSomeVpc(ip: number): boolean;
  /** The routers whose VPC CIDR contains the address, sorted by VPC id. */
  vpcsContaining(ip: number): readonly Router[];
}

export interface PortIndex {
  readonly port: PlanPort;
  readonly ip: number;
  readonly router: Router;
  readonly segmentIndex: number;
}

export interface SegmentIndex {
  readonly segment: Segment;
  readonly block: Cidr;
  readonly gateway: number | null;
  readonly table: TableIndex;
  /** Ports by address, in plan order. */
  readonly portsByIp: ReadonlyMap<number, readonly PlanPort[]>;
}

export interface TableIndex {
  readonly table: RouteTablePlan;
  /** Installed rows other than local, system and internet: the kernel's LPM. */
  readonly installed: LpmTable<RouteEntry>;
  /** Per block, the first row that is not installed (kept to explain a miss). */
  readonly notInstalled: LpmTable<RouteEntry>;
  /** Every custom row (peering, unrealised), installed or not, for "was there intent?" questions. */
  readonly custom: LpmTable<RouteEntry>;
}

export interface RouterIndex {
  readonly router: Router;
  readonly cidr: Cidr | null;
  readonly segments: readonly SegmentIndex[];
  /** Subnets and system routes; they never overlap, so LPM is plain containment. */
  readonly local: LpmTable<{ entry: RouteEntry; segment: SegmentIndex | null }>;
  readonly peerSources: ReadonlyMap<string, readonly Cidr[]>;
  readonly protectedAddresses: ReadonlySet<number>;
}

const cache = new WeakMap<NetworkPlan, PlanIndex>();
const NONE: readonly never[] = [];
const routerCache = new WeakMap<Router, RouterIndex>();

export function indexPlan(plan: NetworkPlan): PlanIndex {
  const cached = cache.get(plan);
  if (cached) return cached;
  const index = buildIndex(plan);
  cache.set(plan, index);
  return index;
}

/** A symmetric two-level map: no key strings built per lookup (the matrix asks a million times). */
class PairMap<T> {
  private readonly map = new Map<string, Map<string, T>>();
  set(a: string, b: string, value: T): void {
    for (const [x, y] of [[a, b], [b, a]] as const) {
      let inner = this.map.get(x);
      if (!inner) this.map.set(x, (inner = new Map()));
      inner.set(y, value);
    }
  }
  get(a: string, b: string): T | undefined {
    return this.map.get(a)?.get(b);
  }
}

function buildIndex(plan: NetworkPlan): PlanIndex {
  const routers = new Map<string, Router>();
  const ports = new Map<string, PortIndex>();
  const eips = new Map<number, PortIndex>();
  for (const router of plan.routers) {
    routers.set(router.vpcId, router);
    router.segments.forEach((segment, segmentIndex) => {
      for (const port of segment.ports) {
        const entry: PortIndex = { port, ip: parseIpv4(port.ip)!, router, segmentIndex };
        ports.set(port.portId, entry);
        if (port.eip) eips.set(parseIpv4(port.eip.publicIp)!, entry);
      }
    });
  }
  const links = new Map(plan.links.map((l) => [l.peeringId, l]));
  const linkByPair = new PairMap<Link>();
  for (const l of plan.links) linkByPair.set(l.ends[0].vpcId, l.ends[1].vpcId, l);
  const inactiveByPair = new PairMap<InactivePeering[]>();
  for (const p of plan.inactivePeerings) {
    const [a, b] = [p.ends[0].vpcId, p.ends[1].vpcId];
    inactiveByPair.set(a, b, [...(inactiveByPair.get(a, b) ?? []), p]);
  }
  const vpcBlocks = new LpmTable<Router[]>();
  for (const router of plan.routers) {
    const block = router.cidr ? parseCidr(router.cidr) : null;
    if (!block) continue;
    const list = vpcBlocks.get(block);
    if (list) list.push(router);
    else vpcBlocks.set(block, [router]);
  }
  const vpcPrefixes = [...new Set([...vpcBlocks.entries()].map((e) => e.cidr.prefix))];

  return {
    plan,
    router: (vpcId) => {
      const router = routers.get(vpcId);
      return router ? indexRouter(router) : undefined;
    },
    port: (portId) => ports.get(portId),
    eip: (ip) => eips.get(ip),
    link: (id) => links.get(id),
    linkBetween: (a, b) => linkByPair.get(a, b),
    inactiveBetween: (a, b) => inactiveByPair.get(a, b) ?? NONE,
    inSomeVpc: (ip) => vpcBlocks.lookup(ip) !== undefined,
    vpcsContaining: (ip) => {
      const found: Router[] = [];
      for (const prefix of vpcPrefixes) {
        found.push(...(vpcBlocks.get({ network: (ip & prefixMask(prefix)) >>> 0, prefix }) ?? []));
      }
      return found.sort((a, b) => (a.vpcId < b.vpcId ? -1 : a.vpcId > b.vpcId ? 1 : 0));
    },
  };
}

export function indexRouter(router: Router): RouterIndex {
  const cached = routerCache.get(router);
  if (cached) return cached;
  const tables = new Map(router.routeTables.map((t) => [t.routeTableId, indexTable(t)]));
  const segments = router.segments.map((segment): SegmentIndex => {
    const portsByIp = new Map<number, PlanPort[]>();
    for (const port of segment.ports) {
      const ip = parseIpv4(port.ip)!;
      portsByIp.set(ip, [...(portsByIp.get(ip) ?? []), port]);
    }
    return {
      segment, block: parseCidr(segment.cidr)!, gateway: parseIpv4(segment.gatewayIp),
      table: tables.get(segment.routeTableId)!, portsByIp,
    };
  });
  const bySubnet = new Map(segments.map((s) => [s.segment.subnetId, s]));
  const local = new LpmTable<{ entry: RouteEntry; segment: SegmentIndex | null }>();
  // Local rows are the same in every table; take them from the first.
  for (const entry of router.routeTables[0]?.entries ?? []) {
    if (entry.kind === 'local') local.set(parseCidr(entry.destination)!, { entry, segment: bySubnet.get(entry.subnetId) ?? null });
    else if (entry.kind === 'system') local.set(parseCidr(entry.destination)!, { entry, segment: null });
  }
  const index: RouterIndex = {
    router,
    cidr: router.cidr ? parseCidr(router.cidr) : null,
    segments,
    local,
    peerSources: new Map(router.filter.peerSources.map((p) => [p.peeringId, p.sources.map((s) => parseCidr(s)!)])),
    protectedAddresses: new Set(router.filter.protectedAddresses.map((a) => parseIpv4(a)!)),
  };
  routerCache.set(router, index);
  return index;
}

function indexTable(table: RouteTablePlan): TableIndex {
  const installed = new LpmTable<RouteEntry>();
  const notInstalled = new LpmTable<RouteEntry>();
  const custom = new LpmTable<RouteEntry>();
  for (const entry of table.entries) {
    if (entry.kind === 'local' || entry.kind === 'system' || entry.kind === 'internet') continue;
    const block = parseCidr(entry.destination)!;
    // Rows are in decision order: the first row of a block is the one that counts.
    if (entry.installed) { if (installed.get(block) === undefined) installed.set(block, entry); }
    else if (notInstalled.get(block) === undefined) notInstalled.set(block, entry);
    if (entry.kind !== 'blackhole' && custom.get(block) === undefined) custom.set(block, entry);
  }
  return { table, installed, notInstalled, custom };
}
