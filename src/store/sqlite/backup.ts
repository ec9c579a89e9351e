import BetterSqlite3 from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';

export interface SqliteBackup {
  /** The file written. */
  file: string;
  bytes: number;
  /** The store's last migration, which the copy carries too. */
  schema: string;
}

/**
 * An online, consistent copy of the embedded store, safe while a server writes to it:
 * `VACUUM INTO` reads one snapshot (one read transaction of WAL mode, which neither
 * waits for writers nor holds them up), so the copy has every write committed before it
 * began and none of the rest, and it is compacted. SQLite's backup API would restart
 * whenever another connection writes, i.e. forever under a busy server. The copy is
 * fsynced before this returns. It is an ordinary store: serve it with --store sqlite:FILE
 * or put it in a data directory as isthmus.sqlite.
 */
export function backupSqlite(source: string, target: string): SqliteBackup {
  if (!existsSync(source)) throw new Error(`no store at ${source}`);
  // Created here, empty, owner-only (the copy holds secret keys as the store does), and
  // exclusively: an existing file is never overwritten. VACUUM INTO fills an empty file.
  try {
    closeSync(openSync(target, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${target} exists: a backup never overwrites a file`);
    throw err;
  }
  const notAStore = new Error(`${source} is not an Isthmus store (no migrations applied)`);
  let schema: string;
  let done = false;
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    const last = db.prepare('select name from kysely_migration order by name desc limit 1').get() as { name: string } | undefined;
    if (!last) throw notAStore;
    schema = last.name;
    db.prepare('vacuum into ?').run(target);
    done = true;
  } catch (err) {
    if (err === notAStore) throw err;
    const message = err instanceof Error ? err.message : String(err);
    if (/no such table: kysely_migration/.test(message)) throw notAStore;
    throw new Error(`${source}: ${message}`);
  } finally {
    db?.close();
    if (!done) unlinkSync(target);
  }
  syncFile(target);
  syncFile(dirname(target));
  return { file: target, bytes: statSync(target).size, schema };
}

/** fsync of a file, or of a directory (so that a new file's name is durable too). */
function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
