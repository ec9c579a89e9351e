import { Errors } from '../domain/errors.js';
import type { Route, RouteTable } from '../domain/entities.js';
import { newId } from '../domain/ids.js';
import { checkDescription, checkName } from '../domain/rules.js';
import type { PageRequest } from '../store/repos/page.js';
import type { StoreTx } from '../store/store.js';
import { nowIso, type Caller, type ServiceDeps } from './context.js';
import { checkNewRoute, checkRouteRoom, isUserRouteType, type NewRoute } from './route-rules.js';
import { ownVpc } from './vpcs.js';

export interface RouteTableView {
  table: RouteTable;
  routes: Route[];
  subnetIds: string[];
  /** Subnet CIDRs of the VPC: the `local` rows every table shows. */
  localCidrs: string[];
}

export interface RouteTableUpdate {
  name?: string;
  description?: string;
  routes?: { add?: NewRoute[]; mod?: NewRoute[]; del?: Array<{ destination: string; type?: string }> };
}

export async function ownRouteTable(tx: StoreTx, caller: Caller, id: string): Promise<RouteTable> {
  const table = await tx.routeTables.get(id);
  if (!table || table.projectId !== caller.projectId) throw Errors.routeTableNotFound(id);
  return table;
}

function checkUserType(route: NewRoute): void {
  if (!isUserRouteType(route.type)) {
    throw Errors.routeTableInvalid(`route type ${JSON.stringify(route.type)} cannot be set; use one of peering, ecs, eni, vip, nat, vpn, dc, er`);
  }
}

export class RouteTableService {
  constructor(private readonly deps: ServiceDeps) {}

  async view(tx: StoreTx, table: RouteTable): Promise<RouteTableView> {
    const [routes, subnetIds, subnets] = await Promise.all([
      tx.routeTables.routesOf(table.id), tx.subnets.idsInRouteTable(table.id), tx.subnets.ofVpc(table.vpcId),
    ]);
    return { table, routes, subnetIds, localCidrs: subnets.map((s) => s.cidr) };
  }

  async show(caller: Caller, id: string): Promise<RouteTableView> {
    const tx = this.deps.store.read;
    return this.view(tx, await ownRouteTable(tx, caller, id));
  }

  async list(caller: Caller, filter: { id?: string; vpcId?: string; subnetId?: string }, page: PageRequest) {
    const tx = this.deps.store.read;
    const result = await tx.routeTables.list(caller.projectId, filter, page);
    return { items: await Promise.all(result.items.map((t) => this.view(tx, t))), hasMore: result.hasMore };
  }

  async create(caller: Caller, input: { vpcId: string; name?: string; description?: string; routes?: NewRoute[] }): Promise<RouteTableView> {
    const problem = checkName(input.name ?? '', { required: false }) ?? checkDescription(input.description ?? '');
    if (problem) throw Errors.routeTableInvalid(problem);
    if ((input.routes?.length ?? 0) > 5) throw Errors.routeTableInvalid('at most 5 routes can be given when creating a route table');
    input.routes?.forEach(checkUserType);
    const now = nowIso(this.deps);
    return this.deps.store.audited(caller).write(async (tx) => {
      await tx.lockProjects(caller.projectId);
      const vpc = await ownVpc(tx, caller, input.vpcId);
      const tables = await tx.routeTables.ofVpc(vpc.id);
      await this.deps.quotas.ensureRoom(tx, caller.projectId, 'vpcContainRoutetable', async () => tables.length, Errors.routeTableQuota);
      const table: RouteTable = {
        id: newId(), projectId: caller.projectId, vpcId: vpc.id, name: input.name ?? '', description: input.description ?? '',
        isDefault: false, createdAt: now, updatedAt: now,
      };
      await tx.routeTables.insert(table);
      await this.addRoutes(tx, caller, table, input.routes ?? []);
      return this.view(tx, table);
    });
  }

  private async addRoutes(tx: StoreTx, caller: Caller, table: RouteTable, routes: NewRoute[]): Promise<void> {
    if (routes.length === 0) return;
    const vpc = await ownVpc(tx, caller, table.vpcId);
    await checkRouteRoom(this.deps, tx, table, routes.length, 'v1');
    const seen = new Set<string>();
    for (const r of routes) {
      await checkNewRoute(this.deps, tx, caller, vpc, table, r, 'v1', seen);
      seen.add(r.destination);
      await tx.routeTables.insertRoute({
        id: newId(), projectId: caller.projectId, vpcId: vpc.id, routeTableId: table.id, type: r.type as Route['type'],
        destination: r.destination, nexthop: r.nexthop, description: r.description ?? '', createdAt: nowIso(this.deps),
      });
    }
  }

  /** `routes.del` first, then `mod` (replace a destination's next hop), then `add`, all in one transaction. */
  async update(caller: Caller, id: string, input: RouteTableUpdate): Promise<RouteTableView> {
    if (input.name !== undefined) {
      const problem = checkName(input.name, { required: true });
      if (problem) throw Errors.routeTableInvalid(problem);
    }
    if (input.description !== undefined) {
      const problem = checkDescription(input.description);
      if (problem) throw Errors.routeTableInvalid(problem);
    }
    input.routes?.add?.forEach(checkUserType);
    input.routes?.mod?.forEach(checkUserType);
    return this.deps.store.audited(caller).write(async (tx) => {
      const table = await ownRouteTable(tx, caller, id);
      for (const d of input.routes?.del ?? []) {
        const existing = await tx.routeTables.routeByDestination(table.id, d.destination);
        if (!existing) throw Errors.routeTableInvalid(`no route with destination ${d.destination} in the route table`);
        await tx.routeTables.deleteRoute(existing.id);
      }
      for (const m of input.routes?.mod ?? []) {
        const existing = await tx.routeTables.routeByDestination(table.id, m.destination);
        if (!existing) throw Errors.routeTableInvalid(`no route with destination ${m.destination} to modify (destinations cannot be changed: delete and add)`);
        await tx.routeTables.deleteRoute(existing.id);
        const vpc = await ownVpc(tx, caller, table.vpcId);
        await checkNewRoute(this.deps, tx, caller, vpc, table, m, 'v1');
        await tx.routeTables.insertRoute({ ...existing, type: m.type as Route['type'], nexthop: m.nexthop, description: m.description ?? existing.description });
      }
      await this.addRoutes(tx, caller, table, input.routes?.add ?? []);
      const updated: RouteTable = {
        ...table, name: input.name ?? table.name, description: input.description ?? table.description, updatedAt: nowIso(this.deps),
      };
      await tx.routeTables.update(updated);
      return this.view(tx, updated);
    });
  }

  /**
   * Associates subnets with this table; disassociating returns them to the VPC's default
   * table, since every subnet belongs to exactly one table (rule 27).
   */
  async action(caller: Caller, id: string, subnets: { associate?: string[]; disassociate?: string[] }): Promise<RouteTableView> {
    const ids = [...(subnets.associate ?? []), ...(subnets.disassociate ?? [])];
    if (ids.length === 0) throw Errors.routeTableInvalid('subnets.associate or subnets.disassociate must list at least one subnet');
    if ((subnets.associate?.length ?? 0) > 100 || (subnets.disassociate?.length ?? 0) > 100) {
      throw Errors.routeTableInvalid('at most 100 subnets per call');
    }
    return this.deps.store.audited(caller).write(async (tx) => {
      const table = await ownRouteTable(tx, caller, id);
      const defaultTable = (await tx.routeTables.defaultOf(table.vpcId))!;
      const now = nowIso(this.deps);
      for (const subnetId of ids) {
        const subnet = await tx.subnets.get(subnetId);
        if (!subnet || subnet.projectId !== caller.projectId) throw Errors.subnetNotFound(subnetId);
        if (subnet.vpcId !== table.vpcId) throw Errors.routeTableInvalid(`subnet ${subnetId} does not belong to the route table's VPC`);
      }
      for (const subnetId of subnets.disassociate ?? []) {
        const subnet = (await tx.subnets.get(subnetId))!;
        if (subnet.routeTableId !== table.id) throw Errors.routeTableInvalid(`subnet ${subnetId} is not associated with this route table`);
        if (table.isDefault) throw Errors.routeTableInvalid('subnets cannot be disassociated from the default route table; associate them with another table');
      }
      await tx.subnets.setRouteTable(subnets.associate ?? [], table.id, now);
      await tx.subnets.setRouteTable(subnets.disassociate ?? [], defaultTable.id, now);
      return this.view(tx, table);
    });
  }

  async delete(caller: Caller, id: string): Promise<void> {
    await this.deps.store.audited(caller).write(async (tx) => {
      const table = await ownRouteTable(tx, caller, id);
      if (table.isDefault) throw Errors.routeTableDefault();
      if (await tx.subnets.countInRouteTable(id) > 0) throw Errors.routeTableInUse();
      for (const r of await tx.routeTables.routesOf(id)) await tx.routeTables.deleteRoute(r.id);
      await tx.routeTables.delete(id);
    });
  }
}
