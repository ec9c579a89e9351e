import type { Eip, Peering, Port, Route, RouteTable, Subnet, Vpc } from '../domain/entities.js';
import { PeeringStatus, RouteType } from '../domain/statuses.js';
import type { SnapshotGroups } from './groups.js';

/**
 * Everything one VPC's router is compiled from. A router depends on nothing else, which
 * is what lets `recompile()` redo only the routers whose inputs changed.
 */
export interface RouterInputs {
  readonly vpc: Vpc;
  readonly subnets: readonly Subnet[];
  readonly routeTables: readonly RouteTable[];
  readonly routes: readonly Route[];
  readonly ports: readonly Port[];
  /** Bound EIPs by port id (the lowest EIP id when a port has several). */
  readonly eipsByPort: Map<string, Eip>;
  /**
   * Effective peerings this router needs: those with this VPC at an end, and those its
   * routes name as next hop.
   */
  readonly peerings: Map<string, Peering>;
  /** The CIDR ('' when none) of the VPC at the other end of each effective peering. */
  readonly peerCidrs: Map<string, string>;
}

/**
 * A peering the plan knows about. DELETED, self-referencing or dangling peerings (an
 * end VPC missing from the snapshot) are as if they had never existed.
 */
export function isEffectivePeering(peering: Peering, vpcIds: { has(id: string): boolean }): boolean {
  return peering.status !== PeeringStatus.Deleted
    && peering.requestVpcId !== peering.acceptVpcId
    && vpcIds.has(peering.requestVpcId)
    && vpcIds.has(peering.acceptVpcId);
}

const NONE: readonly never[] = [];

/** The inputs of one VPC's router, read from the grouped snapshot. */
export function routerInputs(groups: SnapshotGroups, vpc: Vpc): RouterInputs {
  const ports = groups.ports.get(vpc.id) ?? NONE;
  const eipsByPort = new Map<string, Eip>();
  for (const port of ports) {
    for (const eip of groups.eipsByPort.get(port.id) ?? NONE) {
      const current = eipsByPort.get(port.id);
      if (!current || eip.id < current.id) eipsByPort.set(port.id, eip);
    }
  }
  const peerings = new Map<string, Peering>();
  const peerCidrs = new Map<string, string>();
  for (const peering of groups.peeringsByVpc.get(vpc.id) ?? NONE) {
    if (!isEffectivePeering(peering, groups.vpcById)) continue;
    peerings.set(peering.id, peering);
    const other = peering.requestVpcId === vpc.id ? peering.acceptVpcId : peering.requestVpcId;
    peerCidrs.set(other, groups.vpcById.get(other)?.cidr ?? '');
  }
  const routes = groups.routes.get(vpc.id) ?? NONE;
  for (const route of routes) {
    if (route.type !== RouteType.Peering || peerings.has(route.nexthop)) continue;
    const peering = groups.peeringById.get(route.nexthop);
    if (peering && isEffectivePeering(peering, groups.vpcById)) peerings.set(peering.id, peering);
  }
  return {
    vpc, subnets: groups.subnets.get(vpc.id) ?? NONE, routeTables: groups.routeTables.get(vpc.id) ?? NONE,
    routes, ports, eipsByPort, peerings, peerCidrs,
  };
}
