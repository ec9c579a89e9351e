import type { Kysely } from 'kysely';

/**
 * The change log of network intent (store/repos/changes.ts): every committed write adds,
 * under its revision, one row per intent record it inserted, updated or deleted (VPCs,
 * subnets, route tables, routes, peerings, ports, EIPs), plus one marker row for the
 * revision itself. A reader holding a snapshot at revision R reads the rows after R and
 * patches its snapshot instead of reading the whole region again; it trusts the log
 * only when every revision after R has its marker (so a pruned log, or a write that
 * logged nothing, sends it back to a full read). Rows are pruned by revision.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('intent_changes')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    // The record's project (a peering's: the requester's), to pick one region's rows.
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('intent_changes_pk', ['revision', 'entity', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('intent_changes').execute();
}
