import type { Vpc } from '../../domain/entities.js';
import type { VpcStatus } from '../../domain/statuses.js';
import type { Database, Db } from '../schema.js';
import { paginate, type Page, type PageRequest } from './page.js';

type Row = Database['vpcs'];

export class VpcRepo {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Vpc | undefined> {
    const row = await this.db.selectFrom('vpcs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toVpc(row);
  }

  async insert(v: Vpc): Promise<void> {
    await this.db.insertInto('vpcs').values(fromVpc(v)).execute();
  }

  async update(v: Vpc): Promise<void> {
    await this.db.updateTable('vpcs').set(fromVpc(v)).where('id', '=', v.id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('vpcs').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async list(projectId: string, filter: { id?: string }, page: PageRequest): Promise<Page<Vpc>> {
    let q = this.db.selectFrom('vpcs').selectAll().where('project_id', '=', projectId);
    if (filter.id !== undefined) q = q.where('id', '=', filter.id);
    const result = await paginate(q, 'id', page);
    return { items: result.items.map(toVpc), hasMore: result.hasMore };
  }

  async all(): Promise<Vpc[]> {
    return (await this.db.selectFrom('vpcs').selectAll().orderBy('id').execute()).map(toVpc);
  }

  async countInProject(projectId: string): Promise<number> {
    const r = await this.db.selectFrom('vpcs').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', projectId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async nameTaken(projectId: string, name: string, exceptId?: string): Promise<boolean> {
    let q = this.db.selectFrom('vpcs').select('id').where('project_id', '=', projectId).where('name', '=', name);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async setStatus(ids: readonly string[], status: VpcStatus): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('vpcs').set({ status }).where('id', 'in', ids).execute();
  }
}

export function toVpc(r: Row): Vpc {
  return {
    id: r.id, projectId: r.project_id, name: r.name, description: r.description, cidr: r.cidr,
    status: r.status as Vpc['status'], enterpriseProjectId: r.enterprise_project_id,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

function fromVpc(v: Vpc): Row {
  return {
    id: v.id, project_id: v.projectId, name: v.name, description: v.description, cidr: v.cidr, status: v.status,
    enterprise_project_id: v.enterpriseProjectId, created_at: v.createdAt, updated_at: v.updatedAt,
  };
}
