import { prepared } from '../prepared.js';
import type { Database, Db } from '../schema.js';
import { literalLimit, type Page } from './page.js';

/** One audited mutating call. Never a body, a key, a token or a signature. */
export interface AuditEvent {
  /** Time-ordered (UUIDv7 layout), so id order is time order and the pagination marker. */
  id: string;
  time: string;
  /** The project the call acted in (or, for a failed authentication, the one it named). */
  projectId: string;
  /** For peering operations: the other party's project, which sees the event too. */
  peerProjectId: string | null;
  userId: string | null;
  accountId: string | null;
  /** Huawei's operation name, e.g. CreateVpcPeering. */
  operation: string;
  resourceType: string;
  resourceId: string | null;
  /** The HTTP status answered. */
  status: number;
  errorCode: string | null;
  requestId: string;
}

export interface EventFilter {
  operation?: string;
  resourceId?: string;
  /** ISO time: events at or after it. */
  since?: string;
}

type Row = Database['events'];

const toRow = (e: AuditEvent): Row => ({
  id: e.id, time: e.time, project_id: e.projectId, peer_project_id: e.peerProjectId, user_id: e.userId,
  account_id: e.accountId, operation: e.operation, resource_type: e.resourceType, resource_id: e.resourceId,
  status: e.status, error_code: e.errorCode, request_id: e.requestId,
});

const fromRow = (r: Row): AuditEvent => ({
  id: r.id, time: r.time, projectId: r.project_id, peerProjectId: r.peer_project_id, userId: r.user_id,
  accountId: r.account_id, operation: r.operation, resourceType: r.resource_type, resourceId: r.resource_id,
  status: Number(r.status), errorCode: r.error_code, requestId: r.request_id,
});

const upsert = prepared((db, p: Row) => {
  const rest = {
    time: p.time, project_id: p.project_id, peer_project_id: p.peer_project_id, user_id: p.user_id,
    account_id: p.account_id, operation: p.operation, resource_type: p.resource_type, resource_id: p.resource_id,
    status: p.status, error_code: p.error_code, request_id: p.request_id,
  };
  return db.insertInto('events').values({ id: p.id, ...rest }).onConflict((oc) => oc.column('id').doUpdateSet(rest));
});

/** The audit trail. Written by the API layer only; read per project. */
export class EventRepo {
  constructor(private readonly db: Db) {}

  /** Inserts the event, or replaces the one with its id (a request's later writes refine it). */
  async put(e: AuditEvent): Promise<void> {
    await upsert(this.db, toRow(e));
  }

  async get(id: string): Promise<AuditEvent | undefined> {
    const row = await this.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Deletes up to `limit` of the oldest events with an id below `boundaryId` (one
   * primary-key range, event-ids.ts); returns how many went. Bounded, so a first sweep
   * over a large trail never holds the store for long.
   */
  async deleteBefore(boundaryId: string, limit: number): Promise<number> {
    const oldest = this.db.selectFrom('events').select('id').where('id', '<', boundaryId).orderBy('id').limit(literalLimit(limit));
    const result = await this.db.deleteFrom('events').where('id', 'in', oldest).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Events of the project or naming it as the other party, ascending by id (= time). */
  async list(projectId: string, filter: EventFilter, page: { limit: number; marker?: string }): Promise<Page<AuditEvent>> {
    const rows = await eventListQuery(this.db, projectId, filter, page).execute();
    const hasMore = rows.length > page.limit;
    return { items: (hasMore ? rows.slice(0, page.limit) : rows).map(fromRow), hasMore };
  }
}

/**
 * The statement of `EventRepo.list` (one row more than the page, to tell whether more
 * follow). Each branch of the OR is an index search (events_project, and the partial
 * events_peer_project, which `peer_project_id = ?` implies); a test keeps it so.
 */
export function eventListQuery(db: Db, projectId: string, filter: EventFilter, page: { limit: number; marker?: string }) {
  let q = db.selectFrom('events').selectAll()
    .where((eb) => eb.or([eb('project_id', '=', projectId), eb('peer_project_id', '=', projectId)]));
  if (filter.operation !== undefined) q = q.where('operation', '=', filter.operation);
  if (filter.resourceId !== undefined) q = q.where('resource_id', '=', filter.resourceId);
  if (filter.since !== undefined) q = q.where('time', '>=', filter.since);
  if (page.marker !== undefined) q = q.where('id', '>', page.marker);
  return q.orderBy('id', 'asc').limit(literalLimit(page.limit + 1));
}
