import { createHash } from 'node:crypto';
import { cidr, containsCidr, formatIpv4, parseCidr, parseIpv4 } from '../net/index.js';
import type { Link, NetworkPlan, Router } from '../plan/types.js';
import {
  routeKey, type DesiredState, type InterfaceSpec, type NamespaceSpec, type RouteSpec, type RuleSpec, type VethSpec,
} from './model.js';
import { names as namesFor, type Names } from './naming.js';
import { renderGuard } from './nft.js';
import { fnv1a } from '../net/fnv1a.js';

/** The test host of the island's Internet (CONTRACTS.md, Reachability). */
export const INTERNET_TEST_HOST = '203.0.113.10';
/** Router uplinks to the Internet namespace take a /31 from here (benchmarking range, never a VPC or EIP). */
export const UPLINK_POOL = '198.18.0.0/16';
export const RESOLV_CONF = '# isthmus: the island has no resolver\nnameserver 127.0.0.1\noptions timeout:1 attempts:1\n';

const ROUTER_SYSCTLS: readonly (readonly [string, string])[] = [
  ['net.ipv4.conf.all.rp_filter', '1'],
  ['net.ipv4.conf.default.rp_filter', '1'],
  ['net.ipv4.ip_forward', '1'],
  ['net.ipv6.conf.all.disable_ipv6', '1'],
  ['net.ipv6.conf.default.disable_ipv6', '1'],
];
const INTERNET_SYSCTLS: readonly (readonly [string, string])[] = [
  ['net.ipv4.conf.all.rp_filter', '0'],
  ['net.ipv4.conf.default.rp_filter', '0'],
  ['net.ipv4.ip_forward', '1'],
  ['net.ipv6.conf.all.disable_ipv6', '1'],
  ['net.ipv6.conf.default.disable_ipv6', '1'],
];
/** Rule priorities: the main table (local routes win) first, then one rule per subnet. */
export const RULE_MAIN = 1000;
export const RULE_SUBNET_BASE = 2000;

/**
 * Maps the NetworkPlans of the regions a server serves to the kernel state that realises
 * them (DATAPLANE.md, "Mapping"). Pure and deterministic.
 *
 * - VPC → router namespace (ip_forward=1, rp_filter=1); its subnets' connected routes and
 *   Huawei's system routes (blackhole) sit in `main`, consulted first, so local routes win.
 * - route table → a kernel table with its installed peering routes, the VPC CIDR as
 *   `unreachable`, and the default route toward the Internet namespace when the VPC has EIPs;
 *   a rule `from <subnet> lookup <table>` per subnet makes each subnet use its own table
 *   (and makes rp_filter check replies against that same table).
 * - subnet → bridge holding the gateway address; instance → namespace + veth into the bridge.
 * - ACTIVE peering → veth pair between the routers with the plan's /31.
 * - EIP → stateless 1:1 NAT on the router's uplink to the Internet namespace.
 */
export function desiredState(plans: readonly NetworkPlan[], prefix: string): DesiredState {
  const n = namesFor(prefix);
  const namespaces: NamespaceSpec[] = [];
  const veths: VethSpec[] = [];
  const routers = plans.flatMap((p) => p.routers);
  const links = plans.flatMap((p) => p.links);
  const routerById = new Map(routers.map((r) => [r.vpcId, r]));
  const uplinks = allocateUplinks(routers.filter((r) => r.nat.length > 0).map((r) => r.vpcId));
  const vpcCidrs = new Map(plans.map((p) => [p.region, mergeCidrs(p.internet.excludes)]));
  const regionOf = new Map(plans.flatMap((p) => p.routers.map((r) => [r.vpcId, p.region] as const)));
  const internetIfs: InterfaceSpec[] = [];
  const internetRoutes: RouteSpec[] = [];

  for (const router of routers) {
    const ns = n.routerNs(router.vpcId);
    const interfaces: InterfaceSpec[] = [iface('lo', 'loopback', null, [])];
    const routes: RouteSpec[] = [];
    const rules: RuleSpec[] = [{ priority: RULE_MAIN, from: null, table: 'main' }];
    for (const seg of router.segments) {
      const block = cidr(seg.cidr);
      interfaces.push(iface(n.bridge(seg.subnetId), 'bridge', null, [`${seg.gatewayIp}/${block.prefix}`], addressMac('gateway', seg.gatewayIp)));
      for (const port of seg.ports) {
        if (!port.instance) continue;
        const ins = n.instanceNs(port.portId);
        interfaces.push(iface(n.bridgePort(port.portId), 'veth', n.bridge(seg.subnetId), []));
        veths.push({
          a: { ns, name: n.bridgePort(port.portId) }, b: { ns: ins, name: n.instanceIf(port.portId) },
          purpose: 'instance', ownerId: port.portId,
        });
        namespaces.push(finish({
          name: ins, role: 'instance', ownerId: port.portId, sysctls: [],
          interfaces: [
            iface('lo', 'loopback', null, []),
            iface(n.instanceIf(port.portId), 'veth', null, [`${port.ip}/${block.prefix}`], addressMac('instance', port.ip)),
          ],
          routes: [{ table: 'main', type: 'unicast', dst: 'default', via: seg.gatewayIp, dev: n.instanceIf(port.portId) }],
          rules: [], nft: null, resolvConf: RESOLV_CONF, responder: false,
        }));
      }
    }
    // Peering links of this router.
    const peerSources: { ifname: string; sources: readonly string[] }[] = [];
    const myLinks = new Map<string, { link: Link; end: 0 | 1 }>();
    for (const link of links) {
      if (link.network === null) continue;
      const end = link.ends[0].vpcId === router.vpcId ? 0 : link.ends[1].vpcId === router.vpcId ? 1 : -1;
      if (end === -1) continue;
      if (!routerById.has(link.ends[end === 0 ? 1 : 0].vpcId)) continue;
      myLinks.set(link.peeringId, { link, end });
      interfaces.push(iface(n.peeringIf(link.peeringId, end), 'veth', null, [`${link.ends[end].address}/31`]));
      const sources = router.filter.peerSources.find((s) => s.peeringId === link.peeringId)?.sources ?? [];
      peerSources.push({ ifname: n.peeringIf(link.peeringId, end), sources });
      if (end === 0) {
        veths.push({
          a: { ns, name: n.peeringIf(link.peeringId, 0) },
          b: { ns: n.routerNs(link.ends[1].vpcId), name: n.peeringIf(link.peeringId, 1) },
          purpose: 'peering', ownerId: link.peeringId,
        });
      }
    }
    // Uplink toward the Internet namespace, only for routers with EIPs.
    const uplink = uplinks.get(router.vpcId) ?? null;
    if (uplink) {
      interfaces.push(iface(n.uplinkIf(router.vpcId), 'veth', null, [`${uplink.router}/31`]));
      internetIfs.push(iface(n.internetIf(router.vpcId), 'veth', null, [`${uplink.internet}/31`]));
      veths.push({
        a: { ns, name: n.uplinkIf(router.vpcId) }, b: { ns: n.internetNs, name: n.internetIf(router.vpcId) },
        purpose: 'uplink', ownerId: router.vpcId,
      });
      for (const nat of router.nat) {
        internetRoutes.push({ table: 'main', type: 'unicast', dst: `${nat.publicIp}/32`, via: uplink.router, dev: n.internetIf(router.vpcId) });
      }
    }
    // Route tables.
    const tableIds = allocateTables(router.routeTables.map((t) => t.routeTableId));
    const system = new Set<string>();
    for (const table of router.routeTables) {
      const id = String(tableIds.get(table.routeTableId));
      for (const entry of table.entries) {
        if (!entry.installed) continue;
        switch (entry.kind) {
          case 'system': system.add(entry.destination); break;
          case 'blackhole': routes.push({ table: id, type: 'unreachable', dst: routeDst(entry.destination), via: null, dev: null }); break;
          case 'internet':
            if (uplink) routes.push({ table: id, type: 'unicast', dst: 'default', via: uplink.internet, dev: n.uplinkIf(router.vpcId) });
            break;
          case 'peering': {
            const mine = myLinks.get(entry.peeringId);
            if (!mine) break;
            const other = mine.link.ends[mine.end === 0 ? 1 : 0];
            routes.push({ table: id, type: 'unicast', dst: routeDst(entry.destination), via: other.address, dev: n.peeringIf(entry.peeringId, mine.end) });
            break;
          }
          default: break;
        }
      }
    }
    for (const dst of system) routes.push({ table: 'main', type: 'blackhole', dst, via: null, dev: null });
    router.segments.forEach((seg, i) => {
      rules.push({ priority: RULE_SUBNET_BASE + i, from: seg.cidr, table: String(tableIds.get(seg.routeTableId)) });
    });
    namespaces.push(finish({
      name: ns, role: 'router', ownerId: router.vpcId, sysctls: ROUTER_SYSCTLS, interfaces, routes, rules,
      nft: renderGuard({
        router, names: n, peerSources, uplink: uplink ? n.uplinkIf(router.vpcId) : null,
        vpcCidrs: vpcCidrs.get(regionOf.get(router.vpcId) ?? '') ?? [],
      }),
      resolvConf: null, responder: false,
    }));
  }

  if (internetIfs.length > 0) {
    namespaces.push(finish({
      name: n.internetNs, role: 'internet', ownerId: '', sysctls: INTERNET_SYSCTLS,
      interfaces: [iface('lo', 'loopback', null, [`${INTERNET_TEST_HOST}/32`]), ...internetIfs],
      routes: internetRoutes, rules: [], nft: null, resolvConf: null, responder: true,
    }));
  }
  namespaces.sort((a, b) => cmp(a.name, b.name));
  veths.sort((a, b) => cmp(a.a.name, b.a.name));
  return { prefix, namespaces, veths, revisions: Object.fromEntries(plans.map((p) => [p.region, p.revision])) };
}

/** The kernel spells the whole space `default`. */
export function routeDst(d: string): string {
  return d === '0.0.0.0/0' ? 'default' : d;
}

function iface(name: string, kind: InterfaceSpec['kind'], master: string | null, addresses: string[], mac: string | null = null): InterfaceSpec {
  return { name, kind, master, addresses: [...addresses].sort(), mac };
}

function finish(spec: Omit<NamespaceSpec, 'signature'>): NamespaceSpec {
  const sorted: Omit<NamespaceSpec, 'signature'> = {
    ...spec,
    interfaces: [...spec.interfaces].sort((a, b) => cmp(a.name, b.name)),
    routes: dedupe([...spec.routes]).sort((a, b) => cmp(routeKey(a), routeKey(b))),
    rules: [...spec.rules].sort((a, b) => a.priority - b.priority),
  };
  const signature = createHash('sha1').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
  return { ...sorted, signature };
}

function dedupe(routes: RouteSpec[]): RouteSpec[] {
  const seen = new Map<string, RouteSpec>();
  for (const r of routes) {
    const key = `${r.table}|${r.dst}`;
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}

/**
 * MACs are a function of the address they carry, never random: a new port that takes over
 * a deleted port's address gets the same MAC, and a bridge keeps its gateway MAC whatever
 * ports come and go (a bridge otherwise takes its lowest port's MAC), so the neighbour
 * caches of the router and of every instance stay right without gratuitous ARP. Locally
 * administered unicast: 02:01 (instances) or 02:02 (gateways), then the four address bytes.
 */
export function addressMac(role: 'instance' | 'gateway', ip: string): string {
  const bytes = [2, role === 'instance' ? 1 : 2, ...ip.split('.').map(Number)];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** Keeps only the blocks no other block contains: an nft interval set refuses overlaps. */
export function mergeCidrs(blocks: readonly string[]): string[] {
  const parsed = blocks.map((b) => parseCidr(b)).filter((b): b is NonNullable<typeof b> => b !== null);
  const kept = parsed.filter((b, i) => !parsed.some((o, j) => j !== i && containsCidr(o, b) && (o.prefix < b.prefix || j < i)));
  return [...new Set(kept.map((b) => `${formatIpv4(b.network)}/${b.prefix}`))].sort();
}

/** Stable /31 per VPC out of the uplink pool: hash of the VPC id, linear probing in id order. */
function allocateUplinks(vpcIds: readonly string[]): Map<string, { router: string; internet: string }> {
  const base = parseIpv4('198.18.0.0')!;
  const slots = 1 << 15;
  const taken = new Set<number>();
  const out = new Map<string, { router: string; internet: string }>();
  for (const id of [...vpcIds].sort(cmp)) {
    let slot = fnv1a(id) % slots;
    while (taken.has(slot)) slot = (slot + 1) % slots;
    taken.add(slot);
    out.set(id, { router: formatIpv4(base + 2 * slot), internet: formatIpv4(base + 2 * slot + 1) });
  }
  return out;
}

/** Kernel table ids 10000..59999 per route table of one router, stable across revisions. */
function allocateTables(ids: readonly string[]): Map<string, number> {
  const taken = new Set<number>();
  const out = new Map<string, number>();
  for (const id of [...ids].sort(cmp)) {
    let slot = fnv1a(id) % 50000;
    while (taken.has(slot)) slot = (slot + 1) % 50000;
    taken.add(slot);
    out.set(id, 10000 + slot);
  }
  return out;
}


function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export { type Names };
