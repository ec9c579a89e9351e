import type { Eip } from '../../domain/entities.js';
import type { Database, Db } from '../schema.js';
import { changeSetOf, type ChangeSet } from './changes.js';
import { inChunks } from './ids.js';
import { paginate, type Page, type PageRequest } from './page.js';

type Row = Database['eips'];

export class EipRepo {
  constructor(private readonly db: Db, private readonly changes?: ChangeSet) {}

  async get(id: string): Promise<Eip | undefined> {
    const row = await this.db.selectFrom('eips').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toEip(row);
  }

  async byPort(portId: string): Promise<Eip | undefined> {
    const row = await this.db.selectFrom('eips').selectAll().where('port_id', '=', portId).executeTakeFirst();
    return row && toEip(row);
  }

  async insert(e: Eip): Promise<void> {
    changeSetOf(this.changes).touch('eip', e.id, e.projectId);
    await this.db.insertInto('eips').values(fromEip(e)).execute();
  }

  async update(e: Eip): Promise<void> {
    changeSetOf(this.changes).touch('eip', e.id, e.projectId);
    await this.db.updateTable('eips').set(fromEip(e)).where('id', '=', e.id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const changes = changeSetOf(this.changes);
    const rows = await this.db.deleteFrom('eips').where('id', '=', id).returning(['id', 'project_id']).execute();
    changes.touchRows('eip', rows);
    return rows.length === 1;
  }

  async usedAddresses(): Promise<string[]> {
    return (await this.db.selectFrom('eips').select('public_ip_address').execute()).map((r) => r.public_ip_address);
  }

  async countInProject(projectId: string): Promise<number> {
    const r = await this.db.selectFrom('eips').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', projectId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async list(projectId: string, page: PageRequest): Promise<Page<Eip>> {
    const q = this.db.selectFrom('eips').selectAll().where('project_id', '=', projectId);
    const result = await paginate(q, 'id', page);
    return { items: result.items.map(toEip), hasMore: result.hasMore };
  }

  /** The EIPs of these ids that exist, in no particular order. */
  async byIds(ids: readonly string[]): Promise<Eip[]> {
    return (await inChunks(ids, (chunk) => this.db.selectFrom('eips').selectAll().where('id', 'in', chunk).execute())).map(toEip);
  }

  async all(): Promise<Eip[]> {
    return (await this.db.selectFrom('eips').selectAll().orderBy('id').execute()).map(toEip);
  }
}

export function toEip(r: Row): Eip {
  return {
    id: r.id, projectId: r.project_id, publicIpAddress: r.public_ip_address, type: r.type, alias: r.alias,
    bandwidthName: r.bandwidth_name, bandwidthSize: Number(r.bandwidth_size), bandwidthShareType: r.bandwidth_share_type,
    portId: r.port_id, status: r.status as Eip['status'], createdAt: r.created_at,
  };
}

function fromEip(e: Eip): Row {
  return {
    id: e.id, project_id: e.projectId, public_ip_address: e.publicIpAddress, type: e.type, alias: e.alias,
    bandwidth_name: e.bandwidthName, bandwidth_size: e.bandwidthSize, bandwidth_share_type: e.bandwidthShareType,
    port_id: e.portId, status: e.status, created_at: e.createdAt,
  };
}
