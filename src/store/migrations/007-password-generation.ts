import type { Kysely } from 'kysely';

/**
 * A user's password is derived from the user's secret key and this generation
 * (service/passwords.ts): `account create` prints the same password every time it is
 * asked, and `account password` moves to the next generation, a new password. Users made
 * before hold a random password's hash at generation 0; `account create` replaces it with
 * the derived one the first time it is asked again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('password_generation', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('password_generation').execute();
}
