import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './001-initial.js';
import * as realisation from './002-realisation.js';
import * as events from './003-events.js';
import * as vpcNames from './004-vpc-names.js';
import * as intentChanges from './005-intent-changes.js';
import * as leanLogs from './006-lean-logs.js';
import * as passwordGeneration from './007-password-generation.js';

/** Migrations in order. Names sort lexically; never rename or edit a shipped one. */
const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-realisation': realisation,
  '003-events': events,
  '004-vpc-names': vpcNames,
  '005-intent-changes': intentChanges,
  '006-lean-logs': leanLogs,
  '007-password-generation': passwordGeneration,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
