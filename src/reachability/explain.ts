import type { Hop, Obstacle, Reason, TraceResult } from './types.js';
import { Viewer } from './viewer.js';

/** The body of `POST /isthmus/v1/{project_id}/reachability` (CONTRACTS.md). */
export interface RenderedTrace {
  reachable: boolean;
  reason: Reason;
  explanation: string;
  forward: RenderedHop[];
  return: RenderedHop[];
}

export interface RenderedHop {
  at: string;
  action: string;
  detail: string;
}

/**
 * Renders a trace for the project that asked. Everything another project owns is shown
 * only as a peering party would see it through the API (see `Viewer`).
 */
export function renderTrace(result: TraceResult, viewerProjectId: string): RenderedTrace {
  const viewer = new Viewer(viewerProjectId, result);
  return {
    reachable: result.reachable,
    reason: result.reason,
    explanation: explain(result, viewer),
    forward: result.forward.map((h) => renderHop(h, viewer)),
    return: result.return.map((h) => renderHop(h, viewer)),
  };
}

function renderHop(hop: Hop, v: Viewer): RenderedHop {
  const at = v.at(hop.at);
  switch (hop.action) {
    case 'send': return { at, action: 'send', detail: `from ${v.address(hop.from, hop.at)} to ${v.address(hop.to, hop.at)}` };
    case 'route': return { at, action: 'route', detail: `${v.address(hop.destination, hop.at)} matches ${v.entry(hop.entry, hop.at)}${hop.skipped && v.owns(hop.at) ? `; ${v.entry(hop.skipped, hop.at)} is not installed` : ''}` };
    case 'cross': return { at, action: 'cross', detail: `from ${v.vpc(hop.from)} to ${v.vpc(hop.to)}` };
    case 'accept': return { at, action: 'accept', detail: `the peering guard admits ${v.address(hop.source, hop.at)} → ${v.address(hop.destination, hop.at)} from ${v.peering(hop.link)}` };
    case 'snat': case 'dnat': return { at, action: hop.action, detail: `${v.address(hop.from, hop.eip)} → ${v.address(hop.to, hop.eip)}` };
    case 'internet': return { at, action: 'internet', detail: `toward ${hop.destination}` };
    case 'deliver': return { at, action: 'deliver', detail: `delivered to ${v.address(hop.address, hop.at)}` };
    case 'drop': return { at, action: 'drop', detail: explainObstacle(hop.obstacle, v) };
  }
}

function explain(result: TraceResult, v: Viewer): string {
  if (result.obstacle) return explainObstacle(result.obstacle, v);
  const source = result.source ? v.at(result.source) : 'the source';
  const to = result.destination.ip ?? '?';
  const service = result.flow.protocol === 'icmp' ? 'icmp' : `${result.flow.protocol}${result.flow.port === undefined ? '' : `/${result.flow.port}`}`;
  return `${capital(source)} reaches ${to} (${service}) and the reply comes back.`;
}

/** One sentence a person can act on. */
export function explainObstacle(o: Obstacle, v: Viewer): string {
  const sentence = describe(o, v);
  // Obstacles whose wording does not already say "back" or "reply" are placed on the way back.
  return o.direction === 'return' && !/ back |reply/.test(sentence) ? `On the way back, ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}` : sentence;
}

function describe(o: Obstacle, v: Viewer): string {
  const at = capital(v.vpc(o.at));
  const addr = v.address(o.address, o.at);
  const back = o.direction === 'return';
  const to = back ? `back to ${addr}` : `to ${addr}`;
  const via = o.link ? v.peering(o.link) : 'the peering';
  const mine = v.owns(o.at);
  switch (o.code) {
    case 'UNKNOWN_PORT':
      return `No port or address ${o.address} is known to this region: check the id.`;
    case 'NO_MATCHING_ROUTE':
    case 'VPC_BLACKHOLE': {
      const problem = o.code === 'VPC_BLACKHOLE'
        ? `${addr} lies in the CIDR of ${v.vpc(o.at)} but in none of its subnets`
        : `${at} has no route ${to}`;
      if (!o.suggestion) {
        return `${capital(problem)}, and no ACTIVE peering joins it to a VPC holding that address: create a peering, then add routes on both sides.`;
      }
      // Another project's blocks stay hidden: suggest only the address that was asked about.
      const dest = v.owns({ kind: 'router', id: '', projectId: o.suggestion.ownerProjectId, name: '' }) ? o.suggestion.destination : `${o.address}/32`;
      const who = mine ? 'add a route' : 'its owner must add a route';
      return `${capital(problem)}: ${who} to ${dest} via ${v.peering(o.suggestion.via)}.`;
    }
    case 'NO_EIP':
      return back
        ? `${at} has no route back to ${addr} on the Internet.`
        : `${addr} is on the Internet and the source port has no EIP: bind an EIP to it.`;
    case 'SYSTEM_ROUTE':
      return `${addr} belongs to a Huawei system route (cloud services) that this service does not provide.`;
    case 'ROUTE_NOT_INSTALLED': return notInstalled(o, v, at, to);
    case 'ONLY_INACTIVE_PEERING': {
      const fix = o.peeringStatus === 'PENDING_ACCEPTANCE'
        ? 'the peer project\'s owner must accept it, then add routes on both sides'
        : 'delete it and request a new peering, then add routes on both sides';
      return `${at} is joined to the VPC holding ${addr} only by ${via}, which is ${o.peeringStatus ?? 'not ACTIVE'}: ${fix}.`;
    }
    case 'LOCAL_SUBNET': {
      const subnet = o.segment && v.owns(o.segment) ? `subnet ${o.segment.name}${o.segmentCidr ? ` (${o.segmentCidr})` : ''}` : 'a subnet';
      return back
        ? `${at} holds ${addr} in its own ${subnet}, so the reply stays there: only subnets that overlap nothing on the other side can talk over ${via}.`
        : `${addr} lies in ${at}'s own ${subnet}, so the local route wins and the traffic never goes to the peer: use addresses that do not overlap.`;
    }
    case 'SOURCE_NOT_OF_PEER':
      return `${at} drops traffic arriving from ${via} whose source is outside the peer's CIDR.`;
    case 'PROTECTED_ADDRESS':
      return `${addr} is a gateway or EIP address of ${v.vpc(o.at)}, which peers may not use: use an EIP of your own VPC instead.`;
    case 'TRANSIT':
      return `${at} would forward it from ${via} into another VPC, and peering is not transitive: peer the two VPCs directly.`;
    case 'EDGE':
      return `${at} would send it from ${via} out to the Internet, and a VPC cannot use its peer's EIPs: bind an EIP in your own VPC and remove the route via ${via}.`;
    case 'NO_SUBNET_IN_PEER':
      return `${addr} lies in the CIDR of ${v.vpc(o.at)} but in none of its subnets: nothing there can answer.`;
    case 'WRONG_VPC':
      return `${addr} is routed over ${via} to ${v.vpc(o.at)}, not to the VPC of the destination port: narrow the route to the block that VPC really holds.`;
    case 'NO_PORT_HOLDS':
      return `No instance holds ${addr} in ${v.owns(o.at) && o.segment ? `subnet ${o.segment.name}` : `the subnet of ${v.vpc(o.at)}`}: check the address.`;
    case 'NOT_AN_INSTANCE':
      return `${o.port && v.owns(o.port) ? `Port ${o.port.name}` : 'The port'} holds ${addr} but no instance is attached to it.`;
    case 'REPLY_ELSEWHERE':
      return `The reply to ${addr} reaches another host than the source: the return route leads to the wrong VPC.`;
  }
}

function notInstalled(o: Obstacle, v: Viewer, at: string, to: string): string {
  const entry = o.entry;
  if (!entry || (entry.kind !== 'peering' && entry.kind !== 'unrealised')) return `${at} has no usable route ${to}.`;
  const mine = v.owns(o.at);
  const what = mine ? `route ${entry.destination}` : 'its route';
  const traffic = o.direction === 'return' ? `the reply ${to}` : `traffic ${to}`;
  const peering = o.link ? v.peering(o.link) : 'a peering';
  switch (entry.notInstalledBecause) {
    case 'PEERING_NOT_ACTIVE': {
      const status = entry.kind === 'peering' ? entry.peeringStatus : 'not ACTIVE';
      const fix = status === 'PENDING_ACCEPTANCE' ? 'it must be accepted' : 'it must be deleted and a new peering accepted';
      return `${at} routes ${traffic} via ${peering}, which is ${status}: ${fix} before ${what} carries traffic.`;
    }
    case 'PEERING_NOT_OF_THIS_VPC':
      return `${at} routes ${traffic} via ${peering}, which does not connect it: point ${what} at a peering of this VPC.`;
    case 'DUPLICATE_DESTINATION':
      return `${at} has two routes for one destination and the one kept for ${traffic} is not usable: delete the duplicate.`;
    case 'SHADOWED_BY_LOCAL':
      return `${at}'s ${what} lies inside one of its subnets, so the local route wins.`;
    case 'NEXT_HOP_NOT_REALISED':
    default: {
      const hop = entry.kind === 'unrealised' ? `${/^[aeiou]/.test(entry.type) ? 'an' : 'a'} ${entry.type} next hop${mine ? ` (${entry.nexthop})` : ''}` : 'a next hop';
      return `${at} routes ${traffic} to ${hop}, which this service does not realise: only routes via an ACTIVE peering carry traffic.`;
    }
  }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
