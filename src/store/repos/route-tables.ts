import type { Route, RouteTable } from '../../domain/entities.js';
import type { Database, Db } from '../schema.js';
import { changeSetOf, type ChangeSet } from './changes.js';
import { inChunks } from './ids.js';
import { paginate, type Page, type PageRequest } from './page.js';

type TableRow = Database['route_tables'];
type RouteRow = Database['routes'];

/** Route tables and their user routes (v1 rows and v2.0 peering routes are the same records). */
export class RouteTableRepo {
  constructor(private readonly db: Db, private readonly changes?: ChangeSet) {}

  async get(id: string): Promise<RouteTable | undefined> {
    const row = await this.db.selectFrom('route_tables').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTable(row);
  }

  async defaultOf(vpcId: string): Promise<RouteTable | undefined> {
    const row = await this.db.selectFrom('route_tables').selectAll()
      .where('vpc_id', '=', vpcId).where('is_default', '=', 1).executeTakeFirst();
    return row && toTable(row);
  }

  async ofVpc(vpcId: string): Promise<RouteTable[]> {
    return (await this.db.selectFrom('route_tables').selectAll().where('vpc_id', '=', vpcId).orderBy('id').execute()).map(toTable);
  }

  async insert(t: RouteTable): Promise<void> {
    changeSetOf(this.changes).touch('route_table', t.id, t.projectId);
    await this.db.insertInto('route_tables').values(fromTable(t)).execute();
  }

  async update(t: RouteTable): Promise<void> {
    changeSetOf(this.changes).touch('route_table', t.id, t.projectId);
    await this.db.updateTable('route_tables').set(fromTable(t)).where('id', '=', t.id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const changes = changeSetOf(this.changes);
    const rows = await this.db.deleteFrom('route_tables').where('id', '=', id).returning(['id', 'project_id']).execute();
    changes.touchRows('route_table', rows);
    return rows.length > 0;
  }

  async list(projectId: string, filter: { id?: string; vpcId?: string; subnetId?: string }, page: PageRequest): Promise<Page<RouteTable>> {
    let q = this.db.selectFrom('route_tables').selectAll().where('project_id', '=', projectId);
    if (filter.id !== undefined) q = q.where('id', '=', filter.id);
    if (filter.vpcId !== undefined) q = q.where('vpc_id', '=', filter.vpcId);
    if (filter.subnetId !== undefined) {
      const subnetId = filter.subnetId;
      q = q.where('id', 'in', (eb) => eb.selectFrom('subnets').select('route_table_id').where('id', '=', subnetId));
    }
    const result = await paginate(q, 'id', page);
    return { items: result.items.map(toTable), hasMore: result.hasMore };
  }

  /** The route tables of these ids that exist, in no particular order. */
  async byIds(ids: readonly string[]): Promise<RouteTable[]> {
    return (await inChunks(ids, (chunk) => this.db.selectFrom('route_tables').selectAll().where('id', 'in', chunk).execute())).map(toTable);
  }

  async all(): Promise<RouteTable[]> {
    return (await this.db.selectFrom('route_tables').selectAll().orderBy('id').execute()).map(toTable);
  }

  async deleteOfVpc(vpcId: string): Promise<void> {
    const changes = changeSetOf(this.changes);
    changes.touchRows('route_table', await this.db.deleteFrom('route_tables').where('vpc_id', '=', vpcId).returning(['id', 'project_id']).execute());
  }

  // --- routes

  async routesOf(routeTableId: string): Promise<Route[]> {
    return (await this.db.selectFrom('routes').selectAll().where('route_table_id', '=', routeTableId)
      .orderBy('destination').execute()).map(toRoute);
  }

  async routesOfTables(ids: readonly string[]): Promise<Route[]> {
    if (ids.length === 0) return [];
    return (await this.db.selectFrom('routes').selectAll().where('route_table_id', 'in', ids)
      .orderBy('destination').execute()).map(toRoute);
  }

  async countRoutes(routeTableId: string): Promise<number> {
    const r = await this.db.selectFrom('routes').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('route_table_id', '=', routeTableId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async routeById(id: string): Promise<Route | undefined> {
    const row = await this.db.selectFrom('routes').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRoute(row);
  }

  async routeByDestination(routeTableId: string, destination: string): Promise<Route | undefined> {
    const row = await this.db.selectFrom('routes').selectAll()
      .where('route_table_id', '=', routeTableId).where('destination', '=', destination).executeTakeFirst();
    return row && toRoute(row);
  }

  async insertRoute(r: Route): Promise<void> {
    changeSetOf(this.changes).touch('route', r.id, r.projectId);
    await this.db.insertInto('routes').values(fromRoute(r)).execute();
  }

  async updateRoute(r: Route): Promise<void> {
    changeSetOf(this.changes).touch('route', r.id, r.projectId);
    await this.db.updateTable('routes').set(fromRoute(r)).where('id', '=', r.id).execute();
  }

  async deleteRoute(id: string): Promise<boolean> {
    const changes = changeSetOf(this.changes);
    const rows = await this.db.deleteFrom('routes').where('id', '=', id).returning(['id', 'project_id']).execute();
    changes.touchRows('route', rows);
    return rows.length > 0;
  }

  /** Deleting a peering removes its routes from both VPCs (huawei-api.md §3 rule 13). */
  async deleteRoutesVia(peeringId: string): Promise<number> {
    const changes = changeSetOf(this.changes);
    const rows = await this.db.deleteFrom('routes').where('type', '=', 'peering').where('nexthop', '=', peeringId)
      .returning(['id', 'project_id']).execute();
    changes.touchRows('route', rows);
    return rows.length;
  }

  async routesVia(peeringId: string): Promise<Route[]> {
    return (await this.db.selectFrom('routes').selectAll().where('type', '=', 'peering').where('nexthop', '=', peeringId)
      .orderBy('id').execute()).map(toRoute);
  }

  async countRoutesOfVpc(vpcId: string): Promise<number> {
    const r = await this.db.selectFrom('routes').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('vpc_id', '=', vpcId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** v2.0 view: the peering rows of the project's route tables. */
  async listPeeringRoutes(
    projectId: string,
    filter: { id?: string; vpcId?: string; destination?: string },
    page: PageRequest,
  ): Promise<Page<Route>> {
    let q = this.db.selectFrom('routes').selectAll().where('project_id', '=', projectId).where('type', '=', 'peering');
    if (filter.id !== undefined) q = q.where('id', '=', filter.id);
    if (filter.vpcId !== undefined) q = q.where('vpc_id', '=', filter.vpcId);
    if (filter.destination !== undefined) q = q.where('destination', '=', filter.destination);
    const result = await paginate(q, 'id', page);
    return { items: result.items.map(toRoute), hasMore: result.hasMore };
  }

  /** The routes of these ids that exist, in no particular order. */
  async routesByIds(ids: readonly string[]): Promise<Route[]> {
    return (await inChunks(ids, (chunk) => this.db.selectFrom('routes').selectAll().where('id', 'in', chunk).execute())).map(toRoute);
  }

  async allRoutes(): Promise<Route[]> {
    return (await this.db.selectFrom('routes').selectAll().orderBy('id').execute()).map(toRoute);
  }
}

function toTable(r: TableRow): RouteTable {
  return {
    id: r.id, projectId: r.project_id, vpcId: r.vpc_id, name: r.name, description: r.description,
    isDefault: Number(r.is_default) === 1, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

function fromTable(t: RouteTable): TableRow {
  return {
    id: t.id, project_id: t.projectId, vpc_id: t.vpcId, name: t.name, description: t.description,
    is_default: t.isDefault ? 1 : 0, created_at: t.createdAt, updated_at: t.updatedAt,
  };
}

export function toRoute(r: RouteRow): Route {
  return {
    id: r.id, projectId: r.project_id, vpcId: r.vpc_id, routeTableId: r.route_table_id, type: r.type as Route['type'],
    destination: r.destination, nexthop: r.nexthop, description: r.description, createdAt: r.created_at,
  };
}

function fromRoute(r: Route): RouteRow {
  return {
    id: r.id, project_id: r.projectId, vpc_id: r.vpcId, route_table_id: r.routeTableId, type: r.type,
    destination: r.destination, nexthop: r.nexthop, description: r.description, created_at: r.createdAt,
  };
}
