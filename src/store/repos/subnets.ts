import type { Subnet } from '../../domain/entities.js';
import type { SubnetStatus } from '../../domain/statuses.js';
import { prepared } from '../prepared.js';
import type { Database, Db } from '../schema.js';
import { changeSetOf, type ChangeSet } from './changes.js';
import { inChunks } from './ids.js';
import { fromJson, toJson } from './json.js';
import { paginate, type Page, type PageRequest } from './page.js';

type Row = Database['subnets'];

const ofVpcRows = prepared((db, p: { vpcId: string }) => db.selectFrom('subnets').selectAll().where('vpc_id', '=', p.vpcId).orderBy('id'));

export class SubnetRepo {
  constructor(private readonly db: Db, private readonly changes?: ChangeSet) {}

  async get(id: string): Promise<Subnet | undefined> {
    const row = await this.db.selectFrom('subnets').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSubnet(row);
  }

  async insert(s: Subnet): Promise<void> {
    changeSetOf(this.changes).touch('subnet', s.id, s.projectId);
    await this.db.insertInto('subnets').values(fromSubnet(s)).execute();
  }

  async update(s: Subnet): Promise<void> {
    changeSetOf(this.changes).touch('subnet', s.id, s.projectId);
    await this.db.updateTable('subnets').set(fromSubnet(s)).where('id', '=', s.id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const changes = changeSetOf(this.changes);
    const rows = await this.db.deleteFrom('subnets').where('id', '=', id).returning(['id', 'project_id']).execute();
    changes.touchRows('subnet', rows);
    return rows.length > 0;
  }

  async ofVpc(vpcId: string): Promise<Subnet[]> {
    return (await ofVpcRows(this.db, { vpcId })).rows.map(toSubnet);
  }

  async list(projectId: string, filter: { vpcId?: string }, page: PageRequest): Promise<Page<Subnet>> {
    let q = this.db.selectFrom('subnets').selectAll().where('project_id', '=', projectId);
    if (filter.vpcId !== undefined) q = q.where('vpc_id', '=', filter.vpcId);
    const result = await paginate(q, 'id', page);
    return { items: result.items.map(toSubnet), hasMore: result.hasMore };
  }

  /** The subnets of these ids that exist, in no particular order. */
  async byIds(ids: readonly string[]): Promise<Subnet[]> {
    return (await inChunks(ids, (chunk) => this.db.selectFrom('subnets').selectAll().where('id', 'in', chunk).execute())).map(toSubnet);
  }

  async all(): Promise<Subnet[]> {
    return (await this.db.selectFrom('subnets').selectAll().orderBy('id').execute()).map(toSubnet);
  }

  async countInProject(projectId: string): Promise<number> {
    const r = await this.db.selectFrom('subnets').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', projectId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async countInRouteTable(routeTableId: string): Promise<number> {
    const r = await this.db.selectFrom('subnets').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('route_table_id', '=', routeTableId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async idsInRouteTable(routeTableId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('subnets').select('id').where('route_table_id', '=', routeTableId).orderBy('id').execute();
    return rows.map((r) => r.id);
  }

  async setRouteTable(ids: readonly string[], routeTableId: string, updatedAt: string): Promise<void> {
    const changes = changeSetOf(this.changes);
    if (ids.length === 0) return;
    changes.touchRows('subnet', await this.db.updateTable('subnets').set({ route_table_id: routeTableId, updated_at: updatedAt })
      .where('id', 'in', ids).returning(['id', 'project_id']).execute());
  }

  async setStatus(ids: readonly string[], status: SubnetStatus): Promise<void> {
    const changes = changeSetOf(this.changes);
    if (ids.length === 0) return;
    changes.touchRows('subnet', await this.db.updateTable('subnets').set({ status }).where('id', 'in', ids).returning(['id', 'project_id']).execute());
  }
}

export function toSubnet(r: Row): Subnet {
  return {
    id: r.id, projectId: r.project_id, vpcId: r.vpc_id, name: r.name, description: r.description, cidr: r.cidr,
    gatewayIp: r.gateway_ip, dhcpEnable: Number(r.dhcp_enable) === 1, primaryDns: r.primary_dns,
    secondaryDns: r.secondary_dns, dnsList: fromJson(r.dns_list, []), availabilityZone: r.availability_zone,
    extraDhcpOpts: fromJson(r.extra_dhcp_opts, []), routeTableId: r.route_table_id,
    status: r.status as Subnet['status'], createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

function fromSubnet(s: Subnet): Row {
  return {
    id: s.id, project_id: s.projectId, vpc_id: s.vpcId, name: s.name, description: s.description, cidr: s.cidr,
    gateway_ip: s.gatewayIp, dhcp_enable: s.dhcpEnable ? 1 : 0, primary_dns: s.primaryDns, secondary_dns: s.secondaryDns,
    dns_list: toJson(s.dnsList), availability_zone: s.availabilityZone, extra_dhcp_opts: toJson(s.extraDhcpOpts),
    route_table_id: s.routeTableId, status: s.status, created_at: s.createdAt, updated_at: s.updatedAt,
  };
}
