import type { Kysely } from 'kysely';

/**
 * The audit trail: one row per mutating API call (success or failure). It names who,
 * which project (and, for peerings, the other party's project), the operation, the
 * resource and the result; it never holds a request body, a key, a token or a signature.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('events')
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
    .addColumn('request_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_project').on('events').columns(['project_id', 'id']).execute();
  await db.schema.createIndex('events_peer_project').on('events').columns(['peer_project_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('events').execute();
}
