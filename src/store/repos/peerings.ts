import type { Peering } from '../../domain/entities.js';
import { vpcPair } from '../../domain/peering-state.js';
import type { PeeringStatus } from '../../domain/statuses.js';
import type { Database, Db } from '../schema.js';
import { changeSetOf, type ChangeSet } from './changes.js';
import { inChunks } from './ids.js';
import { paginate, type Page, type PageRequest } from './page.js';

type Row = Database['peerings'];

export interface PeeringFilter {
  id?: string;
  name?: string;
  status?: string;
  tenantId?: string;
  vpcId?: string;
}

export class PeeringRepo {
  constructor(private readonly db: Db, private readonly changes?: ChangeSet) {}

  async get(id: string): Promise<Peering | undefined> {
    const row = await this.db.selectFrom('peerings').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPeering(row);
  }

  async insert(p: Peering): Promise<void> {
    changeSetOf(this.changes).touch('peering', p.id, p.requestProjectId);
    await this.db.insertInto('peerings').values(fromPeering(p)).execute();
  }

  async rename(id: string, fields: { name: string; description: string; updatedAt: string }): Promise<void> {
    const changes = changeSetOf(this.changes);
    changes.touchRows('peering', logged(await this.db.updateTable('peerings')
      .set({ name: fields.name, description: fields.description, updated_at: fields.updatedAt })
      .where('id', '=', id).returning(['id', 'request_project_id']).execute()));
  }

  /**
   * The conditional update behind every state change: it succeeds only if the peering is
   * still in `from`, so among concurrent accept/reject/expire exactly one wins.
   */
  async transition(id: string, from: PeeringStatus, to: PeeringStatus, updatedAt: string): Promise<boolean> {
    const changes = changeSetOf(this.changes);
    const rows = await this.db.updateTable('peerings')
      .set({ status: to, updated_at: updatedAt, expires_at: null })
      .where('id', '=', id).where('status', '=', from).returning(['id', 'request_project_id']).execute();
    changes.touchRows('peering', logged(rows));
    return rows.length === 1;
  }

  async delete(id: string): Promise<boolean> {
    const changes = changeSetOf(this.changes);
    const rows = await this.db.deleteFrom('peerings').where('id', '=', id).returning(['id', 'request_project_id']).execute();
    changes.touchRows('peering', logged(rows));
    return rows.length === 1;
  }

  async byPair(a: string, b: string): Promise<Peering | undefined> {
    const { low, high } = vpcPair(a, b);
    const row = await this.db.selectFrom('peerings').selectAll()
      .where('vpc_low', '=', low).where('vpc_high', '=', high).executeTakeFirst();
    return row && toPeering(row);
  }

  async countTouchingVpc(vpcId: string): Promise<number> {
    const r = await this.db.selectFrom('peerings').select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([eb('vpc_low', '=', vpcId), eb('vpc_high', '=', vpcId)])).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Peerings that count against a project's vpcPeer quota (huawei-api.md §3 rule 14). */
  async countForQuota(projectId: string): Promise<number> {
    const r = await this.db.selectFrom('peerings').select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => eb.or([
        eb('request_project_id', '=', projectId),
        eb.and([eb('accept_project_id', '=', projectId), eb('status', '=', 'ACTIVE')]),
      ])).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Every peering the project is a party to, filtered as the v2.0 list API says. */
  async list(projectId: string, filter: PeeringFilter, page: PageRequest): Promise<Page<Peering>> {
    let q = this.db.selectFrom('peerings').selectAll()
      .where((eb) => eb.or([eb('request_project_id', '=', projectId), eb('accept_project_id', '=', projectId)]));
    if (filter.id !== undefined) q = q.where('id', '=', filter.id);
    if (filter.name !== undefined) q = q.where('name', '=', filter.name);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.tenantId !== undefined) {
      const t = filter.tenantId;
      q = q.where((eb) => eb.or([eb('request_project_id', '=', t), eb('accept_project_id', '=', t)]));
    }
    if (filter.vpcId !== undefined) {
      const v = filter.vpcId;
      q = q.where((eb) => eb.or([eb('request_vpc_id', '=', v), eb('accept_vpc_id', '=', v)]));
    }
    const result = await paginate(q, 'id', page);
    return { items: result.items.map(toPeering), hasMore: result.hasMore };
  }

  async expiredBy(nowIso: string, limit: number): Promise<Peering[]> {
    const rows = await this.db.selectFrom('peerings').selectAll()
      .where('status', '=', 'PENDING_ACCEPTANCE').where('expires_at', '<=', nowIso).limit(limit).execute();
    return rows.map(toPeering);
  }

  /** The peerings of these ids that exist, in no particular order. */
  async byIds(ids: readonly string[]): Promise<Peering[]> {
    return (await inChunks(ids, (chunk) => this.db.selectFrom('peerings').selectAll().where('id', 'in', chunk).execute())).map(toPeering);
  }

  async all(): Promise<Peering[]> {
    return (await this.db.selectFrom('peerings').selectAll().orderBy('id').execute()).map(toPeering);
  }
}

/** A peering belongs to its requester's project (and region) in the change log, as in a snapshot. */
const logged = (rows: ReadonlyArray<{ id: string; request_project_id: string }>) => rows.map((r) => ({ id: r.id, project_id: r.request_project_id }));

export function toPeering(r: Row): Peering {
  return {
    id: r.id, name: r.name, description: r.description, status: r.status as PeeringStatus,
    requestVpcId: r.request_vpc_id, requestProjectId: r.request_project_id,
    acceptVpcId: r.accept_vpc_id, acceptProjectId: r.accept_project_id,
    createdAt: r.created_at, updatedAt: r.updated_at, expiresAt: r.expires_at,
  };
}

function fromPeering(p: Peering): Row {
  const { low, high } = vpcPair(p.requestVpcId, p.acceptVpcId);
  return {
    id: p.id, name: p.name, description: p.description, status: p.status,
    request_vpc_id: p.requestVpcId, request_project_id: p.requestProjectId,
    accept_vpc_id: p.acceptVpcId, accept_project_id: p.acceptProjectId,
    vpc_low: low, vpc_high: high, created_at: p.createdAt, updated_at: p.updatedAt, expires_at: p.expiresAt,
  };
}
