import type { Kysely } from 'kysely';

/**
 * What the data plane realised: one row per VPC, subnet and instance port, with the kernel
 * object that realises it and the prefix of the server that owns it, so that
 * `isthmus exec PORT` finds an instance's namespace from the store alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('dataplane_objects')
    .addColumn('object_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('kernel_name', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('realised_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dataplane_objects').execute();
}
