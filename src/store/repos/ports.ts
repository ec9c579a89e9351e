import type { Port } from '../../domain/entities.js';
import type { Database, Db } from '../schema.js';
import { changeSetOf, type ChangeSet } from './changes.js';
import { inChunks } from './ids.js';
import { paginate, type Page, type PageRequest } from './page.js';

type Row = Database['ports'];

export interface PortFilter {
  /** Any of these ids (the SDK repeats `id`). */
  ids?: readonly string[];
  name?: string;
  networkId?: string;
  deviceId?: string;
  deviceOwner?: string;
  status?: string;
  macAddress?: string;
  adminStateUp?: boolean;
  /** `fixed_ips=ip_address=X`: any of these addresses. */
  ipAddresses?: readonly string[];
  /** `fixed_ips=subnet_id=Y`: in any of these subnets. */
  fixedIpSubnetIds?: readonly string[];
}

export class PortRepo {
  constructor(private readonly db: Db, private readonly changes?: ChangeSet) {}

  async get(id: string): Promise<Port | undefined> {
    const row = await this.db.selectFrom('ports').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPort(row);
  }

  async insert(p: Port): Promise<void> {
    changeSetOf(this.changes).touch('port', p.id, p.projectId);
    await this.db.insertInto('ports').values(fromPort(p)).execute();
  }

  async update(p: Port): Promise<void> {
    changeSetOf(this.changes).touch('port', p.id, p.projectId);
    await this.db.updateTable('ports').set(fromPort(p)).where('id', '=', p.id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const changes = changeSetOf(this.changes);
    const rows = await this.db.deleteFrom('ports').where('id', '=', id).returning(['id', 'project_id']).execute();
    changes.touchRows('port', rows);
    return rows.length === 1;
  }

  async ipsInSubnet(subnetId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('ports').select('ip_address').where('subnet_id', '=', subnetId).execute();
    return rows.map((r) => r.ip_address);
  }

  async countInSubnet(subnetId: string): Promise<number> {
    const r = await this.db.selectFrom('ports').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('subnet_id', '=', subnetId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async countInProject(projectId: string): Promise<number> {
    const r = await this.db.selectFrom('ports').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', projectId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async list(projectId: string, filter: PortFilter, page: PageRequest): Promise<Page<Port>> {
    let q = this.db.selectFrom('ports').selectAll().where('project_id', '=', projectId);
    // An empty list matches nothing (`in ()` is not SQL).
    const anyOf = (values: readonly string[]) => (values.length > 0 ? [...values] : ['']);
    if (filter.ids !== undefined) q = q.where('id', 'in', anyOf(filter.ids));
    if (filter.name !== undefined) q = q.where('name', '=', filter.name);
    if (filter.networkId !== undefined) q = q.where('subnet_id', '=', filter.networkId);
    if (filter.deviceId !== undefined) q = q.where('device_id', '=', filter.deviceId);
    if (filter.deviceOwner !== undefined) q = q.where('device_owner', '=', filter.deviceOwner);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.macAddress !== undefined) q = q.where('mac_address', '=', filter.macAddress);
    if (filter.adminStateUp !== undefined) q = q.where('admin_state_up', '=', filter.adminStateUp ? 1 : 0);
    if (filter.ipAddresses !== undefined) q = q.where('ip_address', 'in', anyOf(filter.ipAddresses));
    if (filter.fixedIpSubnetIds !== undefined) q = q.where('subnet_id', 'in', anyOf(filter.fixedIpSubnetIds));
    const result = await paginate(q, 'id', page);
    return { items: result.items.map(toPort), hasMore: result.hasMore };
  }

  /** The ports of these ids that exist, in no particular order. */
  async byIds(ids: readonly string[]): Promise<Port[]> {
    return (await inChunks(ids, (chunk) => this.db.selectFrom('ports').selectAll().where('id', 'in', chunk).execute())).map(toPort);
  }

  async all(): Promise<Port[]> {
    return (await this.db.selectFrom('ports').selectAll().orderBy('id').execute()).map(toPort);
  }
}

export function toPort(r: Row): Port {
  return {
    id: r.id, projectId: r.project_id, vpcId: r.vpc_id, subnetId: r.subnet_id, name: r.name, deviceOwner: r.device_owner,
    deviceId: r.device_id, macAddress: r.mac_address, ipAddress: r.ip_address, status: r.status as Port['status'],
    adminStateUp: Number(r.admin_state_up) === 1, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

function fromPort(p: Port): Row {
  return {
    id: p.id, project_id: p.projectId, vpc_id: p.vpcId, subnet_id: p.subnetId, name: p.name, device_owner: p.deviceOwner,
    device_id: p.deviceId, mac_address: p.macAddress, ip_address: p.ipAddress, status: p.status,
    admin_state_up: p.adminStateUp ? 1 : 0, created_at: p.createdAt, updated_at: p.updatedAt,
  };
}
