import type { Kysely } from 'kysely';

/**
 * VPC names are unique per project (VPC.0115), checked on every create and rename; without
 * this index the check read every VPC of the project (150 µs at 1,000 VPCs, growing).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('vpcs_project_name').on('vpcs').columns(['project_id', 'name']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('vpcs_project_name').execute();
}
