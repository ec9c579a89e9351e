import { formatIpv4, parseIpv4 } from '../net/index.js';
import { indexPlan, type PlanIndex, type PortIndex } from '../plan/plan-index.js';
import type { NetworkPlan } from '../plan/types.js';
import { INTERNET_REF, portRef, routerRef } from './refs.js';
import type { Flow, Hop, Obstacle, PlanRef, Reason, TraceResult } from './types.js';
import { walk } from './walk.js';

/**
 * The `ovn-trace` of Isthmus: walks a flow through the plan, forward and back, and
 * says whether it gets through or what stops it first. Pure: no I/O, no clock.
 */
export function trace(plan: NetworkPlan, flow: Flow): TraceResult {
  const index = indexPlan(plan);
  const forward: Hop[] = [];
  const back: Hop[] = [];
  const source = index.port(flow.sourcePortId);
  const target = 'portId' in flow.destination ? index.port(flow.destination.portId) ?? null : null;
  const dst = 'portId' in flow.destination ? target?.ip ?? null : parseIpv4(flow.destination.ip);
  const destination = { ip: dst === null ? null : formatIpv4(dst), port: target ? portRef(target.port) : null };
  const result = (reason: Reason, obstacle: Obstacle | null): TraceResult => ({
    flow, reachable: reason === 'REACHABLE', reason, obstacle,
    source: source ? portRef(source.port) : null, destination, forward, return: back,
  });

  if (!source) return result('ADDRESS_NOT_FOUND', unknown(flow.sourcePortId, flow.sourcePortId));
  if (dst === null) {
    const asked = 'portId' in flow.destination ? flow.destination.portId : flow.destination.ip;
    return result('ADDRESS_NOT_FOUND', unknown(asked, asked));
  }
  const verdict = evaluate(index, source, target, dst, forward, back);
  return result(verdict.reason, verdict.obstacle);
}

export interface Verdict {
  readonly reason: Reason;
  /** The first obstacle; null when reachable, or when no hops were recorded (verdict only). */
  readonly obstacle: Obstacle | null;
}

/** The decision itself, shared by `trace` and `reachabilityMatrix`; hops are recorded only when asked. */
export function evaluate(index: PlanIndex, source: PortIndex, target: PortIndex | null, dst: number, forward: Hop[] | null, back: Hop[] | null): Verdict {
  const arrival = walk(index, source, dst, target, 'forward', forward);
  if (!arrival.ok) return { reason: arrival.reason, obstacle: arrival.obstacle };
  if (arrival.kind === 'internet') {
    // Any Internet host answers; the reply comes back to the source's EIP.
    const eip = source.port.eip!;
    back?.push({ action: 'send', at: INTERNET_REF, from: formatIpv4(dst), to: eip.publicIp });
    back?.push({ action: 'dnat', at: routerRef(source.router), eip: eipOf(source), from: eip.publicIp, to: source.port.ip });
    back?.push({ action: 'deliver', at: portRef(source.port), address: source.port.ip });
    return { reason: 'REACHABLE', obstacle: null };
  }
  if (arrival.kind === 'gateway') {
    // The router answers from its own address, straight onto the source's segment.
    back?.push({ action: 'send', at: routerRef(arrival.router.router), from: formatIpv4(dst), to: source.port.ip });
    back?.push({ action: 'deliver', at: portRef(source.port), address: source.port.ip });
    return { reason: 'REACHABLE', obstacle: null };
  }
  const reply = walk(index, arrival.port, arrival.seenSource, source, 'return', back);
  if (!reply.ok) return { reason: 'NO_RETURN_ROUTE', obstacle: reply.obstacle };
  if (reply.kind !== 'port' || reply.port !== source) {
    if (!back) return { reason: 'NO_RETURN_ROUTE', obstacle: null };
    const obstacle: Obstacle = {
      reason: 'NO_RETURN_ROUTE', code: 'REPLY_ELSEWHERE', direction: 'return',
      at: reply.kind === 'port' ? portRef(reply.port.port) : reply.kind === 'gateway' ? routerRef(reply.router.router) : INTERNET_REF,
      address: formatIpv4(arrival.seenSource),
    };
    back.push({ action: 'drop', at: obstacle.at, obstacle });
    return { reason: 'NO_RETURN_ROUTE', obstacle };
  }
  return { reason: 'REACHABLE', obstacle: null };
}

function eipOf(port: PortIndex): PlanRef {
  return { kind: 'eip', id: port.port.eip?.eipId ?? '', projectId: port.port.projectId, name: port.port.eip?.publicIp ?? '' };
}

function unknown(id: string, address: string): Obstacle {
  return {
    reason: 'ADDRESS_NOT_FOUND', code: 'UNKNOWN_PORT', direction: 'forward',
    at: { kind: 'port', id, projectId: null, name: '' }, address,
  };
}
