import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Makes the two tables every write adds to (the audit trail and the change log) cheaper to
 * commit. A SQLite commit writes one WAL frame per B-tree page it dirtied, and each of
 * these tables cost a page more than its rows need:
 *
 * - SQLite only: `events` and `intent_changes` become WITHOUT ROWID tables. As rowid
 *   tables, their text / composite primary key lived in a separate autoindex B-tree that
 *   every insert wrote too; now the rows are stored in primary-key order in one B-tree.
 *   Both keys grow at the right edge (time-ordered event ids, increasing revisions) and
 *   the rows are small, which is what WITHOUT ROWID suits. SQLite cannot change this in
 *   place: the table is created anew, its rows copied, the old one dropped (with its
 *   indexes) and the new one renamed. PostgreSQL tables have no rowid: nothing to do.
 * - Both: `events_peer_project` only indexes events that name another party (peering
 *   operations). Most events have no peer project, yet each wrote its NULL into the
 *   index. The events list's `peer_project_id = ?` implies `is not null`, so both
 *   planners still search this index for that branch of the list's OR (the query-plan
 *   test checks it).
 *
 * Kysely runs SQLite migrations outside a transaction (it deems SQLite's DDL not
 * transactional, which it is): the steps run in one here, so a crash leaves the old
 * shape or the new one. Should one come between this commit and the migrator's record of
 * it, the rerun rebuilds the tables once more, which is harmless.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await atomically(db, async (trx) => {
    if (isSqlite(trx)) {
      await rebuild(trx, 'events', eventsTable, WITHOUT_ROWID);
      await trx.schema.createIndex('events_project').on('events').columns(['project_id', 'id']).execute();
      await rebuild(trx, 'intent_changes', intentChangesTable, WITHOUT_ROWID);
    } else {
      await trx.schema.dropIndex('events_peer_project').execute();
    }
    await trx.schema.createIndex('events_peer_project').on('events').columns(['peer_project_id', 'id'])
      .where(sql.ref('peer_project_id'), 'is not', null).execute();
  });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await atomically(db, async (trx) => {
    if (isSqlite(trx)) {
      await rebuild(trx, 'events', eventsTable, ROWID);
      await trx.schema.createIndex('events_project').on('events').columns(['project_id', 'id']).execute();
      await rebuild(trx, 'intent_changes', intentChangesTable, ROWID);
    } else {
      await trx.schema.dropIndex('events_peer_project').execute();
    }
    await trx.schema.createIndex('events_peer_project').on('events').columns(['peer_project_id', 'id']).execute();
  });
}

/** The dialect a migration runs on: the one thing it cannot get from the shared schema builder. */
const isSqlite = (db: Kysely<unknown>): boolean => db.getExecutor().adapter instanceof SqliteAdapter;

/** PostgreSQL migrations already run in the migrator's transaction; SQLite ones get their own. */
const atomically = (db: Kysely<unknown>, fn: (trx: Kysely<unknown>) => Promise<void>): Promise<void> =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

const WITHOUT_ROWID = true;
const ROWID = false;

/** The columns of migration 003's `events`, created under `name`. */
const eventsTable = (db: Kysely<unknown>, name: string) => db.schema.createTable(name)
  .addColumn('id', 'text', (c) => c.primaryKey())
  .addColumn('time', 'text', (c) => c.notNull())
  .addColumn('project_id', 'text', (c) => c.notNull())
  .addColumn('peer_project_id', 'text')
  .addColumn('user_id', 'text')
  .addColumn('account_id', 'text')
  .addColumn('operation', 'text', (c) => c.notNull())
  .addColumn('resource_type', 'text', (c) => c.notNull())
  .addColumn('resource_id', 'text')
  .addColumn('status', 'integer', (c) => c.notNull())
  .addColumn('error_code', 'text')
  .addColumn('request_id', 'text', (c) => c.notNull());

/** The columns of migration 005's `intent_changes`, created under `name`. */
const intentChangesTable = (db: Kysely<unknown>, name: string) => db.schema.createTable(name)
  .addColumn('revision', 'integer', (c) => c.notNull())
  .addColumn('entity', 'text', (c) => c.notNull())
  .addColumn('id', 'text', (c) => c.notNull())
  .addColumn('project_id', 'text', (c) => c.notNull())
  .addPrimaryKeyConstraint('intent_changes_pk', ['revision', 'entity', 'id']);

/**
 * SQLite: replaces `table` by a copy created by `create` (with or without rowid), rows
 * and all. Dropping the old table drops its indexes; the caller creates them again.
 */
async function rebuild(
  db: Kysely<unknown>,
  table: string,
  create: (db: Kysely<unknown>, name: string) => ReturnType<Kysely<unknown>['schema']['createTable']>,
  withoutRowid: boolean,
): Promise<void> {
  const next = `${table}_next`;
  let builder = create(db, next);
  if (withoutRowid) builder = builder.modifyEnd(sql`without rowid`);
  await builder.execute();
  // Same columns in the same order, by construction.
  await sql`insert into ${sql.table(next)} select * from ${sql.table(table)}`.execute(db);
  await db.schema.dropTable(table).execute();
  await db.schema.alterTable(next).renameTo(table).execute();
}
