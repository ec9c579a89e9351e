import { Command } from 'commander';
import { resolve } from 'node:path';
import { storeLocation } from '../store/open.js';
import { backupSqlite } from '../store/sqlite/backup.js';
import { withStoreFlags, type StoreFlags } from './store-flags.js';

/**
 * `isthmus backup FILE`: a consistent copy of the embedded store, taken while the server
 * runs (store/sqlite/backup.ts). A PostgreSQL store is backed up with PostgreSQL's own
 * tools (pg_dump), which do the same for a shared database.
 */
export function backupCommand(): Command {
  return withStoreFlags(new Command('backup'), { store: 'sqlite:PATH (a postgres:// store is backed up with pg_dump)' })
    .description('copy the embedded SQLite store to FILE, consistently, while the server runs')
    .argument('<file>', 'the copy to write (must not exist)')
    .option('--json', 'print {"file", "bytes", "schema"}')
    .action((file: string, opts: StoreFlags & { json?: boolean }) => {
      const where = storeLocation(opts);
      if (where.dialect === 'postgres') throw new Error('a PostgreSQL store is backed up with pg_dump, not this command (README, Backups)');
      const copy = backupSqlite(where.path, resolve(file));
      process.stdout.write(opts.json ? `${JSON.stringify(copy)}\n` : `${copy.file}: ${copy.bytes} bytes, schema ${copy.schema}\n`);
    });
}
