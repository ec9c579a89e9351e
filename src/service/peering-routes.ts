import { Errors } from '../domain/errors.js';
import type { Route } from '../domain/entities.js';
import { newId, } from '../domain/ids.js';
import { isUuid } from '../domain/rules.js';
import { RouteType } from '../domain/statuses.js';
import type { PageRequest } from '../store/repos/page.js';
import { nowIso, type Caller, type ServiceDeps } from './context.js';
import { checkNewRoute, checkRouteRoom } from './route-rules.js';

export interface PeeringRouteCreate {
  destination: string;
  nexthop: string;
  type: string;
  vpcId: string;
  tenantId?: string;
}

/**
 * `/v2.0/vpc/routes`: peering routes, stored as `peering` rows of the VPC's default route
 * table. Only the VPC's owner sees and changes them (huawei-api.md §3 rule 17).
 */
export class PeeringRouteService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(caller: Caller, input: PeeringRouteCreate): Promise<Route> {
    if (input.type !== RouteType.Peering) throw Errors.routeInvalid(`type must be "peering", got ${JSON.stringify(input.type)}`);
    if (!isUuid(input.vpcId)) throw Errors.notUuid('vpc_id', input.vpcId);
    if (!isUuid(input.nexthop)) throw Errors.notUuid('nexthop', input.nexthop);
    if (input.tenantId !== undefined && input.tenantId !== caller.projectId) throw Errors.routeNotOwner();
    return this.deps.store.audited(caller).write(async (tx) => {
      const vpc = await tx.vpcs.get(input.vpcId);
      if (!vpc) throw Errors.routeInvalid(`VPC ${input.vpcId} does not exist.`);
      if (vpc.projectId !== caller.projectId) throw Errors.routeNotOwner();
      const table = (await tx.routeTables.defaultOf(vpc.id))!;
      await checkNewRoute(this.deps, tx, caller, vpc, table, input, 'v2');
      await checkRouteRoom(this.deps, tx, table, 1, 'v2');
      const route: Route = {
        id: newId(), projectId: caller.projectId, vpcId: vpc.id, routeTableId: table.id, type: RouteType.Peering,
        destination: input.destination, nexthop: input.nexthop, description: '', createdAt: nowIso(this.deps),
      };
      await tx.routeTables.insertRoute(route);
      return route;
    });
  }

  async show(caller: Caller, id: string): Promise<Route> {
    const route = await this.deps.store.read.routeTables.routeById(id);
    if (!route || route.projectId !== caller.projectId || route.type !== RouteType.Peering) throw Errors.routeNotFound(id);
    return route;
  }

  list(caller: Caller, filter: { id?: string; vpcId?: string; destination?: string }, page: PageRequest) {
    return this.deps.store.read.routeTables.listPeeringRoutes(caller.projectId, filter, page);
  }

  async delete(caller: Caller, id: string): Promise<void> {
    await this.deps.store.audited(caller).write(async (tx) => {
      const route = await tx.routeTables.routeById(id);
      if (!route || route.projectId !== caller.projectId || route.type !== RouteType.Peering) throw Errors.routeNotFound(id);
      if (!(await tx.routeTables.deleteRoute(id))) throw Errors.routeNotFound(id);
    });
  }
}
