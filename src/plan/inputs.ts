import type { Eip, Peering, Port, Route, RouteTable, Subnet, Vpc } from '../domain/entities.js';
import type { IntentSnapshot } from '../domain/snapshot.js';
import { PeeringStatus, RouteType } from '../domain/statuses.js';

/**
 * Everything one VPC's router is compiled from. A router depends on nothing else, which
 * is what lets `recompile()` redo only the routers whose inputs changed.
 */
export interface RouterInputs {
  readonly vpc: Vpc;
  readonly subnets: Subnet[];
  readonly routeTables: RouteTable[];
  readonly routes: Route[];
  readonly ports: Port[];
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
export function isEffectivePeering(peering: Peering, vpcIds: ReadonlySet<string> | ReadonlyMap<string, unknown>): boolean {
  return peering.status !== PeeringStatus.Deleted
    && peering.requestVpcId !== peering.acceptVpcId
    && vpcIds.has(peering.requestVpcId)
    && vpcIds.has(peering.acceptVpcId);
}

/**
 * Groups the snapshot by VPC, for every VPC (`wanted` null) or only for some. One pass
 * over each entity list, so a recompile touching a few VPCs stays linear and cheap.
 */
export function collectRouterInputs(snapshot: IntentSnapshot, wanted: ReadonlySet<string> | null): Map<string, RouterInputs> {
  const vpcById = new Map<string, Vpc>();
  for (const vpc of snapshot.vpcs) vpcById.set(vpc.id, vpc);

  const byVpc = new Map<string, RouterInputs>();
  for (const vpc of snapshot.vpcs) {
    if (wanted && !wanted.has(vpc.id)) continue;
    byVpc.set(vpc.id, {
      vpc, subnets: [], routeTables: [], routes: [], ports: [],
      eipsByPort: new Map(), peerings: new Map(), peerCidrs: new Map(),
    });
  }

  for (const subnet of snapshot.subnets) byVpc.get(subnet.vpcId)?.subnets.push(subnet);
  for (const table of snapshot.routeTables) byVpc.get(table.vpcId)?.routeTables.push(table);

  // Routes name their peering by id; remember who needs which peering.
  const neededPeerings = new Map<string, RouterInputs[]>();
  for (const route of snapshot.routes) {
    const inputs = byVpc.get(route.vpcId);
    if (!inputs) continue;
    inputs.routes.push(route);
    if (route.type === RouteType.Peering) {
      const list = neededPeerings.get(route.nexthop);
      if (list) list.push(inputs);
      else neededPeerings.set(route.nexthop, [inputs]);
    }
  }

  const portOwner = new Map<string, RouterInputs>();
  for (const port of snapshot.ports) {
    const inputs = byVpc.get(port.vpcId);
    if (!inputs) continue;
    inputs.ports.push(port);
    portOwner.set(port.id, inputs);
  }
  for (const eip of snapshot.eips) {
    if (eip.portId === null) continue;
    const inputs = portOwner.get(eip.portId);
    if (!inputs) continue;
    const current = inputs.eipsByPort.get(eip.portId);
    if (!current || eip.id < current.id) inputs.eipsByPort.set(eip.portId, eip);
  }

  for (const peering of snapshot.peerings) {
    if (!isEffectivePeering(peering, vpcById)) continue;
    for (const [end, other] of [[peering.requestVpcId, peering.acceptVpcId], [peering.acceptVpcId, peering.requestVpcId]] as const) {
      const inputs = byVpc.get(end);
      if (!inputs) continue;
      inputs.peerings.set(peering.id, peering);
      inputs.peerCidrs.set(other, vpcById.get(other)?.cidr ?? '');
    }
    for (const inputs of neededPeerings.get(peering.id) ?? []) inputs.peerings.set(peering.id, peering);
  }
  return byVpc;
}
