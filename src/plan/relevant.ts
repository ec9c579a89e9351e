import type { Eip, Peering, Port, Route, RouteTable, Subnet, Vpc } from '../domain/entities.js';

/**
 * Equality on the fields the plan reads, one comparator per entity. A store that
 * re-reads every row hands `recompile()` fresh objects; comparing only these fields,
 * with plain property reads, keeps the diff of 150,000 records within a few
 * milliseconds, and a change to a field the plan ignores (a description, `updatedAt`)
 * recompiles nothing.
 *
 * KEEP IN STEP with the compile stages: a field read by compile but missing here makes
 * recompile miss a change (the recompile property test edits the fields it knows).
 */
export const samePlanFields = {
  vpc: (a: Vpc, b: Vpc) => a.id === b.id && a.projectId === b.projectId && a.name === b.name && a.cidr === b.cidr,
  subnet: (a: Subnet, b: Subnet) => a.id === b.id && a.vpcId === b.vpcId && a.name === b.name && a.cidr === b.cidr
    && a.gatewayIp === b.gatewayIp && a.routeTableId === b.routeTableId,
  routeTable: (a: RouteTable, b: RouteTable) => a.id === b.id && a.vpcId === b.vpcId && a.name === b.name
    && a.isDefault === b.isDefault,
  route: (a: Route, b: Route) => a.id === b.id && a.vpcId === b.vpcId && a.routeTableId === b.routeTableId
    && a.type === b.type && a.destination === b.destination && a.nexthop === b.nexthop && a.description === b.description,
  // createdAt orders link address allocation.
  peering: (a: Peering, b: Peering) => a.id === b.id && a.name === b.name && a.status === b.status
    && a.requestVpcId === b.requestVpcId && a.requestProjectId === b.requestProjectId
    && a.acceptVpcId === b.acceptVpcId && a.acceptProjectId === b.acceptProjectId && a.createdAt === b.createdAt,
  port: (a: Port, b: Port) => a.id === b.id && a.projectId === b.projectId && a.vpcId === b.vpcId
    && a.subnetId === b.subnetId && a.name === b.name && a.deviceOwner === b.deviceOwner && a.deviceId === b.deviceId
    && a.macAddress === b.macAddress && a.ipAddress === b.ipAddress,
  eip: (a: Eip, b: Eip) => a.id === b.id && a.publicIpAddress === b.publicIpAddress && a.portId === b.portId,
};
