import type { InactivePeering, Link, PeeringEntry, PlanPort, RouteTablePlan, Router, Segment } from '../plan/types.js';
import type { PlanRef } from './types.js';

/** Builders of the references hops and obstacles carry: kind, id, owning project, name. */
export const INTERNET_REF: PlanRef = { kind: 'internet', id: 'internet', projectId: null, name: 'Internet' };

export function portRef(port: PlanPort): PlanRef {
  return { kind: 'port', id: port.portId, projectId: port.projectId, name: port.name };
}

export function routerRef(router: Router): PlanRef {
  return { kind: 'router', id: router.vpcId, projectId: router.projectId, name: router.name };
}

export function segmentRef(segment: Segment, router: Router): PlanRef {
  return { kind: 'segment', id: segment.subnetId, projectId: router.projectId, name: segment.name };
}

export function tableRef(table: RouteTablePlan, router: Router): PlanRef {
  return { kind: 'route-table', id: table.routeTableId, projectId: router.projectId, name: table.name };
}

export function linkRef(link: Link): PlanRef {
  return { kind: 'link', id: link.peeringId, projectId: link.ends[0].projectId, peerProjectId: link.ends[1].projectId, name: link.name };
}

export function inactiveRef(peering: InactivePeering): PlanRef {
  return { kind: 'peering', id: peering.peeringId, projectId: peering.ends[0].projectId, peerProjectId: peering.ends[1].projectId, name: peering.name };
}

/** The peering a route row names, seen from the router that holds the row. */
export function entryPeeringRef(entry: PeeringEntry, router: Router): PlanRef {
  return {
    kind: 'peering', id: entry.peeringId, projectId: router.projectId,
    ...(entry.peerProjectId ? { peerProjectId: entry.peerProjectId } : {}), name: entry.peeringName,
  };
}

export function eipRef(port: PlanPort): PlanRef {
  return { kind: 'eip', id: port.eip?.eipId ?? '', projectId: port.projectId, name: port.eip?.publicIp ?? '' };
}
