import type { Route, RouteTable } from '../../domain/entities.js';
import { prepared, preparedInsert } from '../prepared.js';
import type { Database, Db } from '../schema.js';
import { changeSetOf, type ChangeSet } from './changes.js';
import { inChunks } from './ids.js';
import { paginate, type Page, type PageRequest } from './page.js';

type TableRow = Database['route_tables'];
type RouteRow = Database['routes'];

const defaultTable = prepared((db, p: { vpcId: string; yes: number }) => db.selectFrom('route_tables').selectAll()
  .where('vpc_id', '=', p.vpcId).where('is_default', '=', p.yes));
const insertTableRow = preparedInsert('route_tables', ['id', 'project_id', 'vpc_id', 'name', 'description', 'is_default', 'created_at', 'updated_at']);
const insertRouteRow = preparedInsert('routes', [
  'id', 'project_id', 'vpc_id', 'route_table_id', 'type', 'destination', 'nexthop', 'description', 'created_at',
]);
const routeCount = prepared((db, p: { routeTableId: string }) => db.selectFrom('routes')
  .select((eb) => eb.fn.countAll<number>().as('n')).where('route_table_id', '=', p.routeTableId));
const routeAt = prepared((db, p: { routeTableId: string; destination: string }) => db.selectFrom('routes').selectAll()
  .where('route_table_id', '=', p.routeTableId).where('destination', '=', p.destination));
const deleteVia = prepared((db, p: { type: string; nexthop: string }) => db.deleteFrom('routes')
  .where('type', '=', p.type).where('nexthop', '=', p.nexthop).returning(['id', 'project_id']));

/** Route tables and their user routes (v1 rows and v2.0 peering routes are the same records). */
export class RouteTableRepo {
  constructor(private readonly db: Db, private readonly changes?: ChangeSet) {}

  async get(id: string): Promise<RouteTable | undefined> {
    const row = await this.db.selectFrom('route_tables').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toTable(row);
  }

  async defaultOf(vpcId: string): Promise<RouteTable | undefined> {
    const row = (await defaultTable(this.db, { vpcId, yes: 1 })).rows[0];
    return row && toTable(row);
  }

  async ofVpc(vpcId: string): Promise<RouteTable[]> {
    return (await this.db.selectFrom('route_tables').selectAll().where('vpc_id', '=', vpcId).orderBy('id').execute()).map(toTable);
  }

  async insert(t: RouteTable): Promise<void> {
    changeSetOf(this.changes).touch('route_table', t.id, t.projectId);
    await insertTableRow(this.db, fromTable(t));
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
    return Number((await routeCount(this.db, { routeTableId })).rows[0]!.n);
  }

  async routeById(id: string): Promise<Route | undefined> {
    const row = await this.db.selectFrom('routes').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRoute(row);
  }

  async routeByDestination(routeTableId: string, destination: string): Promise<Route | undefined> {
    const row = (await routeAt(this.db, { routeTableId, destination })).rows[0];
    return row && toRoute(row);
  }

  async insertRoute(r: Route): Promise<void> {
    changeSetOf(this.changes).touch('route', r.id, r.projectId);
    await insertRouteRow(this.db, fromRoute(r));
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
    const { rows } = await deleteVia(this.db, { type: 'peering', nexthop: peeringId });
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
