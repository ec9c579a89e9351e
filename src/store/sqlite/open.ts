import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DialectAdapter } from '../adapter.js';
import { Checkpointer } from './checkpointer.js';
import { CommitBatcher } from './commit-batch.js';
import { WalSync } from './wal-sync.js';
import type { Database, Db } from '../schema.js';

/**
 * The embedded store, in WAL mode. A write is acknowledged only once durable: after its
 * commit, the WAL file is fdatasynced (WalSync: group commit, off the event loop), which
 * is what synchronous=FULL would do inside every commit, on the event loop, one fsync
 * per transaction. So an acknowledged write survives kill -9 and power loss. A busy
 * timeout lets the CLI write while a server holds the same file. Write transactions that
 * arrive in the same turn of the event loop share one COMMIT and one fdatasync
 * (commit-batch.ts).
 */
export function openSqlite(path: string, options: SqliteOptions = {}): DialectAdapter {
  // Only its owner may enter a new data directory: the store holds secret keys in clear.
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 10000');
  raw.pragma('foreign_keys = ON');
  // A batched write runs in a SAVEPOINT, whose undo log (the statement journal: a copy of
  // each page it dirties) spills to a temporary file past 64 KiB: open, write, unlink,
  // for about one API write in twelve. In memory it stays a memcpy.
  raw.pragma('temp_store = memory');
  const onDisk = path !== ':memory:';
  const walSync = onDisk ? new WalSync(`${path}-wal`) : null;
  // Checkpoints run on a worker thread (checkpointer.ts), never inside a request's commit;
  // the WAL is truncated back to 64 MiB when a checkpoint lets it restart.
  if (onDisk) {
    raw.pragma('wal_autocheckpoint = 0');
    raw.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  }
  const checkpointer = onDisk ? Checkpointer.start(raw, path) : null;
  const db: Db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });

  // The revision bump and the change log run in every write: prepared once (after the
  // migrations made their tables), run on the transaction's own connection (there is
  // one), without building a query each time.
  let bump: BetterSqlite3.Statement | undefined;
  // logRows[n]: an insert of n change rows in one statement (a write logs 2-4 rows; each
  // statement run costs ~5 µs on its own).
  const logRows: BetterSqlite3.Statement[] = [];
  const logStatement = (n: number) => logRows[n] ??= raw.prepare(
    `insert into intent_changes (revision, entity, id, project_id) values ${Array(n).fill('(?, ?, ?, ?)').join(', ')}`);

  // Every write commits through the batcher, which holds the connection from BEGIN
  // IMMEDIATE to COMMIT (Kysely's own transaction() says BEGIN, deferred: a deferred
  // transaction that later writes can fail with SQLITE_BUSY without waiting when another
  // process writes; BEGIN IMMEDIATE takes the write lock up front and honours
  // busy_timeout). The fsync runs after the connection is released, so the next batch can
  // begin while this one's frames reach the disk.
  const batcher = new CommitBatcher(db, raw, async () => {
    checkpointer?.afterCommit();
    await walSync?.flush();
  }, { maxMembers: options.maxBatch ?? 32, maxMs: options.maxBatchMs ?? 5 });

  async function readOnly<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
    return db.connection().execute(async (conn) => {
      await conn.executeQuery(BEGIN);
      try {
        const result = await fn(conn);
        await conn.executeQuery(COMMIT);
        return result;
      } catch (err) {
        if (raw.inTransaction) await conn.executeQuery(ROLLBACK);
        throw err;
      }
    });
  }

  return {
    dialect: 'sqlite',
    db,
    commitStats: batcher.stats,
    transaction: (fn) => batcher.transaction(fn),
    // A deferred transaction reads one WAL snapshot and never blocks writers.
    readTransaction: (fn) => readOnly(fn),
    async lockProjects() {
      // BEGIN IMMEDIATE already serialises every writer of the file.
    },
    async lockNamed() {
      // BEGIN IMMEDIATE already serialises every writer of the file.
    },
    isUniqueViolation(err) {
      return typeof err === 'object' && err !== null && 'code' in err &&
        String((err as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT');
    },
    isUnavailable(err) {
      const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
      return code === 'SQLITE_BUSY' || code === 'SQLITE_IOERR' || code === 'SQLITE_CANTOPEN';
    },
    async commitRevision(_trx, changes) {
      if (!raw.inTransaction) throw new Error('commitRevision runs inside a write transaction');
      bump ??= raw.prepare(`update meta set value = cast(cast(value as integer) + 1 as text) where key = 'revision' returning value`);
      const row = bump.get() as { value: string } | undefined;
      if (!row) throw new Error('meta has no revision row');
      const revision = Number(row.value);
      for (let i = 0; i < changes.length; i += LOG_ROWS_PER_STATEMENT) {
        const chunk = changes.slice(i, i + LOG_ROWS_PER_STATEMENT);
        logStatement(chunk.length).run(chunk.flatMap((c) => [revision, c.entity, c.id, c.projectId]));
      }
      // One process owns the file's servers: nobody to notify.
      return revision;
    },
    subscribe() {
      return () => {};
    },
    tryExclusive(_name, fn) {
      return fn();
    },
    async close() {
      await batcher.idle();
      await walSync?.flush();
      walSync?.close();
      await checkpointer?.close();
      await db.destroy();
    },
  };
}

export interface SqliteOptions {
  /** Write transactions sharing one COMMIT at most (default 32; 1: each commits alone). */
  maxBatch?: number;
  /** A batch open this long (ms) commits after its running write (default 5). */
  maxBatchMs?: number;
}


/** 4 parameters a row: 64 rows stay far below SQLite's 32,766 bound parameters. */
const LOG_ROWS_PER_STATEMENT = 64;

const BEGIN = CompiledQuery.raw('begin');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

/**
 * Kysely prepares every statement anew; the same few hundred SQL texts repeat forever,
 * so prepared statements are kept by their text (a bounded map, cleared when full).
 */
function withStatementCache(raw: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = raw.prepare.bind(raw);
  return new Proxy(raw, {
    get(target, prop, receiver) {
      if (prop === 'prepare') {
        return (sqlText: string) => {
          let stmt = cache.get(sqlText);
          if (!stmt) {
            if (cache.size >= 2000) cache.clear();
            stmt = prepare(sqlText);
            cache.set(sqlText, stmt);
          }
          return stmt;
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
