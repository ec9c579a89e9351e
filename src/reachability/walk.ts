import { containsIp, formatIpv4, parseIpv4 } from '../net/index.js';
import { indexRouter, type PlanIndex, type PortIndex, type RouterIndex, type SegmentIndex } from '../plan/plan-index.js';
import type { Link, PlanPort, RouteEntry } from '../plan/types.js';
import {
  eipRef, entryPeeringRef, inactiveRef, INTERNET_REF, linkRef, portRef, routerRef, segmentRef, tableRef,
} from './refs.js';
import { suggestDestination } from './suggest.js';
import type { Hop, Obstacle, ObstacleCode, PlanRef, Reason } from './types.js';

/**
 * Walks one packet through the plan, the way the data plane would forward it: the
 * sender's route table, then (through a peering link) the peer router's guard and
 * subnets, or (through the sender's EIP) the Internet. It never re-derives a rule from
 * intent: every decision reads a plan row, so trace and kernel cannot disagree unless
 * a driver is wrong. With `hops` null it only decides, for the reachability matrix.
 */
export type Arrival =
  | { readonly ok: true; readonly kind: 'port'; readonly port: PortIndex; readonly seenSource: number }
  | { readonly ok: true; readonly kind: 'gateway'; readonly router: RouterIndex }
  | { readonly ok: true; readonly kind: 'internet' }
  /** `obstacle` is null when the walk records no hops (verdict only). */
  | { readonly ok: false; readonly reason: Reason; readonly obstacle: Obstacle | null };

type Direction = 'forward' | 'return';

interface Walk {
  readonly index: PlanIndex;
  readonly sender: PortIndex;
  readonly dst: number;
  /** The port the packet must reach (a destination port, or the source for a reply). */
  readonly target: PortIndex | null;
  readonly direction: Direction;
  readonly hops: Hop[] | null;
}

export function walk(index: PlanIndex, sender: PortIndex, dst: number, target: PortIndex | null, direction: Direction, hops: Hop[] | null): Arrival {
  const w: Walk = { index, sender, dst, target, direction, hops };
  const router = indexRouter(sender.router);
  const segment = router.segments[sender.segmentIndex]!;
  hops?.push({ action: 'send', at: portRef(sender.port), from: sender.port.ip, to: formatIpv4(dst) });

  // Local routes win over any custom route, however specific.
  const local = router.local.lookup(dst);
  if (local) {
    hops?.push(routeHop(router, segment, dst, local.value.entry, null));
    if (local.value.entry.kind === 'system') return fail(w, 'NO_ROUTE', 'SYSTEM_ROUTE', () => ({ at: routerRef(router.router), entry: local.value.entry }));
    const subnet = local.value.segment!;
    if (target && target.router !== sender.router) {
      return fail(w, 'LOCAL_ROUTE_WINS', 'LOCAL_SUBNET', () => ({
        at: routerRef(router.router), segment: segmentRef(subnet.segment, router.router),
        segmentCidr: subnet.segment.cidr, port: portRef(target.port),
      }));
    }
    return deliver(w, router, subnet, true);
  }

  const table = segment.table;
  const hit = table.installed.lookup(dst);
  const miss = table.notInstalled.lookup(dst);
  if (hit && hit.value.kind === 'peering') {
    const skipped = miss && miss.cidr.prefix > hit.cidr.prefix ? miss.value : null;
    hops?.push(routeHop(router, segment, dst, hit.value, skipped));
    return cross(w, router, index.link(hit.value.peeringId)!);
  }
  // Toward the Internet only with an EIP, and only for addresses outside every VPC.
  if (!hit && sender.port.eip && !index.inSomeVpc(dst)) {
    hops?.push(routeHop(router, segment, dst, table.table.entries[table.table.entries.length - 1]!, miss?.value ?? null));
    return internet(w, router);
  }
  if (miss && (!hit || miss.cidr.prefix >= hit.cidr.prefix)) {
    const entry = miss.value;
    hops?.push(routeHop(router, segment, dst, entry, null));
    const reason: Reason = entry.kind === 'peering' && entry.notInstalledBecause === 'PEERING_NOT_ACTIVE' ? 'PEERING_NOT_ACTIVE' : 'NO_ROUTE';
    return fail(w, reason, 'ROUTE_NOT_INSTALLED', () => ({
      at: routerRef(router.router), table: tableRef(table.table, router.router), entry,
      ...(entry.kind === 'peering' ? { link: entryPeeringRef(entry, router.router) } : {}) }));
  }
  if (hit) hops?.push(routeHop(router, segment, dst, hit.value, null));
  return noRoute(w, router, segment, hit?.value ?? null);
}

/** No usable row: say whether a peering that is not ACTIVE explains it, and what route would help. */
function noRoute(w: Walk, router: RouterIndex, segment: SegmentIndex, blackhole: RouteEntry | null): Arrival {
  const { index, dst, target } = w;
  const candidates = target ? [target.router] : index.vpcsContaining(dst).filter((r) => r !== router.router);
  for (const candidate of candidates) {
    const inactive = index.inactiveBetween(router.router.vpcId, candidate.vpcId);
    if (inactive.length > 0 && !index.linkBetween(router.router.vpcId, candidate.vpcId)) {
      return fail(w, 'PEERING_NOT_ACTIVE', 'ONLY_INACTIVE_PEERING', () => ({
        at: routerRef(router.router), link: inactiveRef(inactive[0]!), peeringStatus: inactive[0]!.status,
      }));
    }
  }
  const code: ObstacleCode = blackhole ? 'VPC_BLACKHOLE' : index.inSomeVpc(dst) ? 'NO_MATCHING_ROUTE' : 'NO_EIP';
  return fail(w, 'NO_ROUTE', code, () => {
    const base: Detail = {
      at: routerRef(router.router), table: tableRef(segment.table.table, router.router), ...(blackhole ? { entry: blackhole } : {}),
    };
    // Suggest the route that would lead there, when an ACTIVE peering already does.
    const reachable = candidates.find((c) => index.linkBetween(router.router.vpcId, c.vpcId));
    if (!reachable) return base;
    const via = linkRef(index.linkBetween(router.router.vpcId, reachable.vpcId)!);
    const destination = suggestDestination(router, indexRouter(reachable), dst);
    return { ...base, suggestion: { destination, ownerProjectId: reachable.projectId, via } };
  });
}

/** Over a peering link into the peer router, through its guard. */
function cross(w: Walk, from: RouterIndex, link: Link): Arrival {
  const { index, dst, target, hops } = w;
  const peerVpcId = link.ends[0].vpcId === from.router.vpcId ? link.ends[1].vpcId : link.ends[0].vpcId;
  const peer = index.router(peerVpcId)!;
  const at = routerRef(peer.router);
  const via = linkRef(link);
  hops?.push({ action: 'cross', at: via, from: routerRef(from.router), to: at });

  const source = w.sender.ip;
  if (!(peer.peerSources.get(link.peeringId) ?? []).some((block) => containsIp(block, source))) {
    return fail(w, 'TRANSIT_DENIED', 'SOURCE_NOT_OF_PEER', () => ({ at, link: via }));
  }
  if (peer.protectedAddresses.has(dst)) return fail(w, 'EDGE_TO_EDGE_DENIED', 'PROTECTED_ADDRESS', () => ({ at, link: via }));
  const local = peer.local.lookup(dst);
  if (local?.value.segment) {
    hops?.push({ action: 'accept', at, link: via, source: formatIpv4(source), destination: formatIpv4(dst) });
    if (target && target.router !== peer.router) return fail(w, 'NO_ROUTE', 'WRONG_VPC', () => ({ at, link: via, port: portRef(target.port) }));
    return deliver(w, peer, local.value.segment, false);
  }
  // Peer traffic may leave only toward the VPC's own subnets.
  if (peer.cidr && containsIp(peer.cidr, dst)) return fail(w, 'NO_ROUTE', 'NO_SUBNET_IN_PEER', () => ({ at, link: via }));
  if (index.inSomeVpc(dst)) return fail(w, 'TRANSIT_DENIED', 'TRANSIT', () => ({ at, link: via }));
  return fail(w, 'EDGE_TO_EDGE_DENIED', 'EDGE', () => ({ at, link: via }));
}

/** Out through the sender's 1:1 NAT; back in through another EIP's NAT, or to an Internet host. */
function internet(w: Walk, router: RouterIndex): Arrival {
  const { index, dst, sender, hops } = w;
  const publicIp = sender.port.eip!.publicIp;
  hops?.push({ action: 'snat', at: routerRef(router.router), eip: eipRef(sender.port), from: sender.port.ip, to: publicIp });
  hops?.push({ action: 'internet', at: INTERNET_REF, destination: formatIpv4(dst) });
  const owner = index.eip(dst);
  if (!owner) {
    hops?.push({ action: 'deliver', at: INTERNET_REF, address: formatIpv4(dst) });
    return { ok: true, kind: 'internet' };
  }
  const ownerRouter = indexRouter(owner.router);
  hops?.push({ action: 'dnat', at: routerRef(owner.router), eip: eipRef(owner.port), from: formatIpv4(dst), to: owner.port.ip });
  if (!owner.port.instance) {
    return fail(w, 'ADDRESS_NOT_FOUND', 'NOT_AN_INSTANCE', () => ({
      at: routerRef(ownerRouter.router), port: portRef(owner.port),
      segment: segmentRef(ownerRouter.segments[owner.segmentIndex]!.segment, owner.router),
    }));
  }
  hops?.push({ action: 'deliver', at: portRef(owner.port), address: owner.port.ip });
  // The reply goes back to the address the receiver saw: the sender's EIP.
  return { ok: true, kind: 'port', port: owner, seenSource: parseIpv4(publicIp)! };
}

/** Inside a subnet: the gateway answers for itself; an instance holding the address answers. */
function deliver(w: Walk, router: RouterIndex, subnet: SegmentIndex, fromSender: boolean): Arrival {
  const { index, dst, target, hops } = w;
  const at = routerRef(router.router);
  const segment = segmentRef(subnet.segment, router.router);
  const segmentCidr = subnet.segment.cidr;
  if (dst === subnet.gateway) {
    hops?.push({ action: 'deliver', at, address: subnet.segment.gatewayIp });
    return { ok: true, kind: 'gateway', router };
  }
  const holders = subnet.portsByIp.get(dst);
  const holder: PlanPort | undefined = target && holders?.includes(target.port)
    ? target.port
    : holders?.find((p) => p.instance) ?? holders?.[0];
  if (holder?.instance) {
    hops?.push({ action: 'deliver', at: portRef(holder), address: holder.ip });
    return { ok: true, kind: 'port', port: index.port(holder.portId)!, seenSource: w.sender.ip };
  }
  if (holder) return fail(w, 'ADDRESS_NOT_FOUND', 'NOT_AN_INSTANCE', () => ({ at, segment, segmentCidr, port: portRef(holder) }));
  // Nobody here holds it. If the intent pointed elsewhere (a route, a peer's CIDR), the
  // local subnet is what kept the packet from going there.
  if (fromSender && w.direction === 'forward' && !target && intendedElsewhere(w, router)) {
    return fail(w, 'LOCAL_ROUTE_WINS', 'LOCAL_SUBNET', () => ({ at, segment, segmentCidr }));
  }
  return fail(w, 'ADDRESS_NOT_FOUND', 'NO_PORT_HOLDS', () => ({ at, segment, segmentCidr }));
}

function intendedElsewhere(w: Walk, router: RouterIndex): boolean {
  // The sender's own table: did it hold a route for this address?
  if (router.segments[w.sender.segmentIndex]!.table.custom.lookup(w.dst)) return true;
  const vpcId = router.router.vpcId;
  return w.index.vpcsContaining(w.dst).some((other) => other.vpcId !== vpcId
    && (w.index.linkBetween(vpcId, other.vpcId) !== undefined || w.index.inactiveBetween(vpcId, other.vpcId).length > 0));
}

function routeHop(router: RouterIndex, segment: SegmentIndex, dst: number, entry: RouteEntry, skipped: RouteEntry | null): Hop {
  return {
    action: 'route', at: routerRef(router.router), table: tableRef(segment.table.table, router.router),
    destination: formatIpv4(dst), entry, skipped,
  };
}

/**
 * Stops the walk. The details (plan references, suggestion) are built only when hops
 * are recorded: the matrix needs the verdict alone, a million times.
 */
function fail(w: Walk, reason: Reason, code: ObstacleCode, details: () => Detail): Arrival {
  // Whatever stops a reply, the verdict is the same: the reply has no way back.
  const verdict: Reason = w.direction === 'return' ? 'NO_RETURN_ROUTE' : reason;
  if (!w.hops) return { ok: false, reason: verdict, obstacle: null };
  const obstacle: Obstacle = { reason: verdict, code, direction: w.direction, address: formatIpv4(w.dst), ...details() };
  w.hops.push({ action: 'drop', at: obstacle.at, obstacle });
  return { ok: false, reason: verdict, obstacle };
}

type Detail = { readonly at: PlanRef } & Partial<Omit<Obstacle, 'reason' | 'code' | 'direction' | 'address'>>;
