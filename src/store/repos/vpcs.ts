import type { Vpc } from '../../domain/entities.js';
import type { VpcStatus } from '../../domain/statuses.js';
import type { Database, Db } from '../schema.js';
import { prepared, preparedInsert } from '../prepared.js';
import { changeSetOf, type ChangeSet } from './changes.js';
import { inChunks } from './ids.js';
import { literalLimit, paginate, type Page, type PageRequest } from './page.js';

type Row = Database['vpcs'];

const byId = prepared((db, p: { id: string }) => db.selectFrom('vpcs').selectAll().where('id', '=', p.id));
const insertRow = preparedInsert('vpcs', [
  'id', 'project_id', 'name', 'description', 'cidr', 'status', 'enterprise_project_id', 'created_at', 'updated_at',
]);
const countOfProject = prepared((db, p: { projectId: string }) => db.selectFrom('vpcs')
  .select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', p.projectId));
const named = prepared((db, p: { projectId: string; name: string }) => db.selectFrom('vpcs').select('id')
  .where('project_id', '=', p.projectId).where('name', '=', p.name).limit(literalLimit(1)));
const namedOther = prepared((db, p: { projectId: string; name: string; exceptId: string }) => db.selectFrom('vpcs').select('id')
  .where('project_id', '=', p.projectId).where('name', '=', p.name).where('id', '!=', p.exceptId).limit(literalLimit(1)));

export class VpcRepo {
  constructor(private readonly db: Db, private readonly changes?: ChangeSet) {}

  async get(id: string): Promise<Vpc | undefined> {
    const row = (await byId(this.db, { id })).rows[0];
    return row && toVpc(row);
  }

  async insert(v: Vpc): Promise<void> {
    changeSetOf(this.changes).touch('vpc', v.id, v.projectId);
    await insertRow(this.db, fromVpc(v));
  }

  async update(v: Vpc): Promise<void> {
    changeSetOf(this.changes).touch('vpc', v.id, v.projectId);
    await this.db.updateTable('vpcs').set(fromVpc(v)).where('id', '=', v.id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const changes = changeSetOf(this.changes);
    const rows = await this.db.deleteFrom('vpcs').where('id', '=', id).returning(['id', 'project_id']).execute();
    changes.touchRows('vpc', rows);
    return rows.length > 0;
  }

  async list(projectId: string, filter: { id?: string; enterpriseProjectId?: string }, page: PageRequest): Promise<Page<Vpc>> {
    let q = this.db.selectFrom('vpcs').selectAll().where('project_id', '=', projectId);
    if (filter.id !== undefined) q = q.where('id', '=', filter.id);
    if (filter.enterpriseProjectId !== undefined) q = q.where('enterprise_project_id', '=', filter.enterpriseProjectId);
    const result = await paginate(q, 'id', page);
    return { items: result.items.map(toVpc), hasMore: result.hasMore };
  }

  /** The VPCs of these ids that exist, in no particular order. */
  async byIds(ids: readonly string[]): Promise<Vpc[]> {
    return (await inChunks(ids, (chunk) => this.db.selectFrom('vpcs').selectAll().where('id', 'in', chunk).execute())).map(toVpc);
  }

  async all(): Promise<Vpc[]> {
    return (await this.db.selectFrom('vpcs').selectAll().orderBy('id').execute()).map(toVpc);
  }

  async countInProject(projectId: string): Promise<number> {
    return Number((await countOfProject(this.db, { projectId })).rows[0]!.n);
  }

  async nameTaken(projectId: string, name: string, exceptId?: string): Promise<boolean> {
    const r = exceptId ? await namedOther(this.db, { projectId, name, exceptId }) : await named(this.db, { projectId, name });
    return r.rows.length > 0;
  }

  async setStatus(ids: readonly string[], status: VpcStatus): Promise<void> {
    const changes = changeSetOf(this.changes);
    if (ids.length === 0) return;
    changes.touchRows('vpc', await this.db.updateTable('vpcs').set({ status }).where('id', 'in', ids).returning(['id', 'project_id']).execute());
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
