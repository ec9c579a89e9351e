import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './001-initial.js';

/** Migrations in order. Names sort lexically; never rename or edit a shipped one. */
const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
