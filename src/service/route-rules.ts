import { Errors, type ApiError } from '../domain/errors.js';
import type { Route, RouteTable, Vpc } from '../domain/entities.js';
import { effectiveStatus } from '../domain/peering-state.js';
import { checkRouteDestination, overlappingSubnet } from '../domain/rules.js';
import { PeeringStatus, RouteType } from '../domain/statuses.js';
import { containsCidr, parseCidr } from '../net/index.js';
import type { StoreTx } from '../store/store.js';
import { nowIso, type Caller, type ServiceDeps } from './context.js';

/**
 * The rules every new route obeys, whichever API adds it (huawei-api.md §3 rules 16-19):
 * a canonical destination that overlaps no local route, unique in its table, at most
 * 200 routes a table, and a peering next hop that is ACTIVE and joins this VPC.
 * `family` picks the error codes: v1 route tables use VPC.28xx, v2.0 routes Neutron types.
 */

/** System routes present in every route table (U-RT): traffic to them never leaves. */
export const SYSTEM_LOCAL_ROUTES = ['100.64.0.0/10', '198.19.128.0/20', '127.0.0.0/8'] as const;

export type RouteFamily = 'v1' | 'v2';

export interface NewRoute {
  type: string;
  destination: string;
  nexthop: string;
  description?: string;
}

function fail(family: RouteFamily, v1: () => ApiError, v2: () => ApiError): never {
  throw family === 'v1' ? v1() : v2();
}

export async function checkNewRoute(
  deps: ServiceDeps,
  tx: StoreTx,
  caller: Caller,
  vpc: Vpc,
  table: RouteTable,
  route: NewRoute,
  family: RouteFamily,
  pendingDestinations: ReadonlySet<string> = new Set(),
): Promise<void> {
  // Serialises route changes of the project across servers: the duplicate check below and
  // the insert that follows cannot interleave with another server's, and peering deletion
  // (which locks both parties' projects before removing the peering's routes) cannot
  // remove the next hop between the check and the commit (no orphan route).
  await tx.lockProjects(caller.projectId);
  const destProblem = checkRouteDestination(route.destination);
  if (destProblem) fail(family, () => Errors.routeTableInvalid(destProblem), () => Errors.routeInvalid(destProblem));
  const dest = parseCidr(route.destination)!;
  const system = SYSTEM_LOCAL_ROUTES.find((s) => containsCidr(parseCidr(s)!, dest));
  if (system) {
    const msg = `Route destination ${route.destination} lies in the system route ${system}.`;
    fail(family, () => Errors.routeConflict(msg), () => Errors.routeInvalid(msg));
  }
  const subnet = overlappingSubnet(route.destination, await tx.subnets.ofVpc(vpc.id));
  if (subnet) {
    fail(family, () => Errors.routeConflict(`Route destination ${route.destination} overlaps local subnet ${subnet.cidr}.`),
      () => Errors.routeOverlapsSubnet(route.destination, subnet.cidr));
  }
  if (pendingDestinations.has(route.destination) || await tx.routeTables.routeByDestination(table.id, route.destination)) {
    fail(family, () => Errors.routeConflict(`A route with destination ${route.destination} already exists in the route table.`),
      () => Errors.routeDuplicate(route.destination));
  }
  if (route.type === RouteType.Peering) {
    const peering = await tx.peerings.get(route.nexthop);
    const visible = peering && (peering.requestProjectId === caller.projectId || peering.acceptProjectId === caller.projectId);
    if (!peering || !visible) {
      fail(family, () => Errors.routeTableInvalid(`nexthop ${route.nexthop} is not a VPC peering connection`),
        () => Errors.routeInvalid(`The VPC peering connection ${route.nexthop} does not exist.`));
    }
    if (peering.requestVpcId !== vpc.id && peering.acceptVpcId !== vpc.id) {
      fail(family, () => Errors.routeTableInvalid('the VPC peering connection does not include this VPC'), () => Errors.routeVpcNotInPeering());
    }
    if (peering.status !== PeeringStatus.Active) {
      // A pending request past its expiry is named EXPIRED, swept yet or not.
      const status = effectiveStatus(peering, nowIso(deps));
      fail(family, () => Errors.routeTableInvalid(`the VPC peering connection ${peering.id} is ${status}; a route can use only an ACTIVE one`),
        () => Errors.routePeeringNotActive(peering.id, status));
    }
  } else if (route.nexthop.trim() === '') {
    fail(family, () => Errors.routeTableInvalid('nexthop must not be empty'), () => Errors.routeInvalid('nexthop must not be empty'));
  }
}

/** At most `routetableContainRoutes` (200) routes in one table. */
export async function checkRouteRoom(deps: ServiceDeps, tx: StoreTx, table: RouteTable, adding: number, family: RouteFamily): Promise<void> {
  const limit = await deps.quotas.limit(tx, table.projectId, 'routetableContainRoutes');
  const count = await tx.routeTables.countRoutes(table.id);
  if (limit >= 0 && count + adding > limit) throw family === 'v1' ? Errors.routesQuota() : Errors.routeQuota();
}

export function isUserRouteType(type: string): type is Route['type'] {
  return type !== RouteType.Local && (Object.values(RouteType) as string[]).includes(type);
}
