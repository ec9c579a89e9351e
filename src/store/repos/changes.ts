import type { LoggedChange } from '../adapter.js';
import type { Db } from '../schema.js';

/** The intent tables a region's snapshot is made of, as the change log names them. */
export type IntentEntity = 'vpc' | 'subnet' | 'route_table' | 'route' | 'peering' | 'port' | 'eip';

export const INTENT_ENTITIES: readonly IntentEntity[] = ['vpc', 'subnet', 'route_table', 'route', 'peering', 'port', 'eip'];

/** The entity of the one row every committed write adds for its revision. */
export const REVISION_MARKER = 'revision';

export interface ChangeEntry {
  readonly revision: number;
  /** An IntentEntity, or REVISION_MARKER. */
  readonly entity: string;
  readonly id: string;
  readonly projectId: string;
}

/**
 * The intent records one write transaction inserted, updated or deleted, collected by the
 * repositories as they write and logged by `Store.write()` under the revision the
 * transaction commits as. A repository without one (the store's reader) refuses to
 * write intent: outside `store.write()` a change would bump no revision and log nothing.
 */
export class ChangeSet {
  private readonly touched = new Map<string, { entity: IntentEntity; id: string; projectId: string }>();

  touch(entity: IntentEntity, id: string, projectId: string): void {
    this.touched.set(`${entity}\u0000${id}`, { entity, id, projectId });
  }

  /** Rows as a statement's RETURNING gives them. */
  touchRows(entity: IntentEntity, rows: ReadonlyArray<{ id: string; project_id: string }>): void {
    for (const row of rows) this.touch(entity, row.id, row.project_id);
  }

  get size(): number {
    return this.touched.size;
  }

  /** What the transaction logs: the revision's marker, then each record touched. */
  logged(): LoggedChange[] {
    return [{ entity: REVISION_MARKER, id: '', projectId: '' }, ...this.touched.values()];
  }
}

/** The ChangeSet of the transaction, or an error when there is none (a write outside store.write()). */
export function changeSetOf(changes: ChangeSet | undefined): ChangeSet {
  if (!changes) throw new Error('network intent is written only inside store.write(), which logs the change and bumps the revision');
  return changes;
}

/** The change log (migration 005); written by DialectAdapter.commitRevision, read and pruned here. */
export class ChangeRepo {
  constructor(private readonly db: Db) {}

  /** Entries of the revisions after `revision`, at most `limit` of them (any order). */
  async since(revision: number, limit: number): Promise<ChangeEntry[]> {
    const rows = await this.db.selectFrom('intent_changes').selectAll().where('revision', '>', revision).limit(limit).execute();
    return rows.map((r) => ({ revision: Number(r.revision), entity: r.entity, id: r.id, projectId: r.project_id }));
  }

  /** Forgets the entries of revisions up to `revision`; readers older than that read in full. */
  async prune(revision: number): Promise<void> {
    await this.db.deleteFrom('intent_changes').where('revision', '<=', revision).execute();
  }

  async oldest(): Promise<number | undefined> {
    const row = await this.db.selectFrom('intent_changes').select((eb) => eb.fn.min<number>('revision').as('r')).executeTakeFirst();
    return row?.r === null || row?.r === undefined ? undefined : Number(row.r);
  }
}
