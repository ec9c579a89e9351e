import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ApiError, Errors } from '../../domain/errors.js';
import type { DialectAdapter } from '../adapter.js';
import type { Database, Db } from '../schema.js';

/** The channel every server LISTENs on; the payload is the committed revision. */
export const REVISION_CHANNEL = 'isthmus_revision';

/**
 * SQLSTATEs after which the whole transaction simply runs again: serialization_failure,
 * deadlock_detected, and a unique violation the service did not handle itself (a check
 * then insert that raced another server, e.g. two projects taking the same free EIP
 * address): the rerun sees the winner's row and decides again (another address, or the
 * service's own 409).
 */
const RETRYABLE = new Set(['40001', '40P01', '23505']);
const MAX_ATTEMPTS = 5;

/** Change-log rows per statement: 3 parameters each, far below PostgreSQL's 65,535. */
const LOG_CHUNK = 1000;

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED',
]);

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';

/**
 * True for failures that mean "the database cannot be reached right now": connection
 * refused or reset, the server shutting down or starting (57P01-57P03), connection
 * exceptions (class 08), too many connections (53300), or pg's own messages for a
 * connection that ended under a query.
 */
export function isPgUnavailable(err: unknown): boolean {
  if (err instanceof ApiError) return err.code === 'ISTHMUS.0503';
  if (err instanceof AggregateError) return err.errors.some(isPgUnavailable);
  const code = codeOf(err);
  if (NETWORK_CODES.has(code)) return true;
  if (code === '57P01' || code === '57P02' || code === '57P03' || code === '53300' || code.startsWith('08')) return true;
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable|connect ECONNREFUSED/i
    .test(message);
}

/** The API's 503, keeping the driver's error as its cause for the log. */
function unavailable(cause: unknown): ApiError {
  const err = Errors.storeUnavailable();
  (err as { cause?: unknown }).cause = cause;
  return err;
}

const mapError = (err: unknown): unknown => (isPgUnavailable(err) && !(err instanceof ApiError) ? unavailable(err) : err);

/**
 * The pool Kysely sees: pg's pool, except that "cannot reach the database" failures of
 * connect() and query() become the API's 503 (ISTHMUS.0503) right here, so every read
 * and write, in whatever service, answers the same way when PostgreSQL is away.
 */
function mappedPool(pool: pg.Pool) {
  const wrapped = new WeakMap<pg.PoolClient, pg.PoolClient>();
  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    let proxy = wrapped.get(client);
    if (!proxy) {
      guardClient(client);
      proxy = new Proxy(client, {
        get(target, prop, receiver) {
          if (prop === 'query') {
            return (...args: unknown[]) => {
              const result = (target.query as (...a: unknown[]) => unknown)(...args);
              return result instanceof Promise ? result.catch((err: unknown) => { throw mapError(err); }) : result;
            };
          }
          const value = Reflect.get(target, prop, receiver) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      wrapped.set(client, proxy);
    }
    return proxy;
  };
  return {
    async connect(): Promise<pg.PoolClient> {
      try {
        return wrap(await pool.connect());
      } catch (err) {
        throw mapError(err);
      }
    },
    end: () => pool.end(),
  };
}

/**
 * pg-pool removes its own 'error' listener while a client is checked out; a connection
 * that dies then (the server stopping between two statements of a transaction) would
 * emit an unhandled 'error' and end the process. The failure reaches the caller through
 * its next query instead, and the pool discards the client on release.
 */
const guarded = new WeakSet<object>();
function guardClient(client: pg.PoolClient): void {
  if (guarded.has(client)) return;
  guarded.add(client);
  client.on('error', () => {});
}

/** pg parses bigint (count(*)) as string; the repositories wrap counts with Number(). */
function poolConfig(url: string): pg.PoolConfig {
  return {
    connectionString: url,
    max: Number(process.env.ISTHMUS_PG_POOL_MAX ?? 20),
    // Fail fast while the database is away instead of queueing requests for ever.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'isthmus',
    // A server that stalls or loses its network mid-transaction must not hold project
    // locks against the whole fleet: the database ends such a session after 30 s.
    idle_in_transaction_session_timeout: 30_000,
    keepAlive: true,
  };
}

/**
 * The PostgreSQL store: any number of `isthmus serve` processes share one database.
 * Writes run at READ COMMITTED; cross-row rules (quotas, one peering per pair) are
 * serialised with row locks on the projects involved, state changes are conditional
 * updates, and a deadlock, serialization failure or unhandled unique violation reruns
 * the whole transaction (at most 5 attempts).
 */
export async function openPostgres(url: string): Promise<DialectAdapter> {
  const pool = new pg.Pool(poolConfig(url));
  // An idle client whose server went away emits 'error' on the pool; without a handler
  // that would crash the process. The next checkout simply opens a new connection.
  pool.on('error', () => {});
  const db: Db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: mappedPool(pool) as unknown as pg.Pool }) });

  const listener = new RevisionListener(url);
  // Each write transaction commits on its own connection: one write per COMMIT.
  const commitStats = { commits: 0, writes: 0, largest: 0 };

  const adapter: DialectAdapter = {
    dialect: 'postgres',
    db,
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await db.transaction().setIsolationLevel('read committed').execute(fn);
          commitStats.commits++;
          commitStats.writes++;
          commitStats.largest = 1;
          return result;
        } catch (err) {
          if (!RETRYABLE.has(codeOf(err)) || attempt >= MAX_ATTEMPTS) throw err;
          await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
        }
      }
    },
    async readTransaction(fn) {
      return db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(fn);
    },
    async lockProjects(trx, projectIds) {
      if (projectIds.length === 0) return;
      // Sorted ids, one statement: every writer takes these locks in the same order.
      await sql`select id from projects where id in (${sql.join([...projectIds].sort())}) order by id for update`.execute(trx);
    },
    async lockNamed(trx, name) {
      await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
    },
    isUniqueViolation(err) {
      return codeOf(err) === '23505';
    },
    commitStats,
    isUnavailable: isPgUnavailable,
    async commitRevision(trx, changes) {
      const first = changes.slice(0, LOG_CHUNK);
      // One round trip while holding the revision row: bump, log, notify.
      const { rows } = await sql<{ revision: number }>`
        with bumped as (
          update meta set value = cast(cast(value as integer) + 1 as text) where key = 'revision'
          returning cast(value as integer) as revision
        ), logged as (
          insert into intent_changes (revision, entity, id, project_id)
          select bumped.revision, v.entity, v.id, v.project_id
          from bumped, (values ${sql.join(first.map((c) => sql`(${c.entity}, ${c.id}, ${c.projectId})`))}) as v (entity, id, project_id)
        )
        select revision, pg_notify(${REVISION_CHANNEL}, cast(revision as text)) from bumped`.execute(trx);
      if (!rows[0]) throw new Error('meta has no revision row');
      const revision = Number(rows[0].revision);
      for (let i = LOG_CHUNK; i < changes.length; i += LOG_CHUNK) {
        await trx.insertInto('intent_changes')
          .values(changes.slice(i, i + LOG_CHUNK).map((c) => ({ revision, entity: c.entity, id: c.id, project_id: c.projectId })))
          .execute();
      }
      return revision;
    },
    subscribe(onRevision) {
      return listener.add(onRevision);
    },
    async tryExclusive(name, fn) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw mapError(err);
      }
      guardClient(client);
      let broken: Error | undefined;
      try {
        const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1)) as ok', [name]);
        if (!rows[0]?.ok) return undefined;
        try {
          return await fn();
        } finally {
          await client.query('select pg_advisory_unlock(hashtext($1))', [name]).catch((err: Error) => { broken = err; });
        }
      } catch (err) {
        broken = err as Error;
        throw mapError(err);
      } finally {
        // A session whose unlock failed may still hold the lock: discard it.
        client.release(broken);
      }
    },
    async close() {
      await listener.close();
      await db.destroy();
    },
  };
  return adapter;
}

/**
 * One dedicated connection that LISTENs for committed revisions, opened when the first
 * subscriber arrives. It reconnects with backoff after the database goes away and, once
 * back, reports the current revision so nothing committed meanwhile is missed.
 */
class RevisionListener {
  private readonly subscribers = new Set<(revision: number) => void>();
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private backoffMs = 100;

  constructor(private readonly url: string) {}

  add(fn: (revision: number) => void): () => void {
    this.subscribers.add(fn);
    if (this.subscribers.size === 1 && !this.client && !this.timer) void this.connect();
    return () => {
      this.subscribers.delete(fn);
    };
  }

  private emit(revision: number): void {
    if (!Number.isFinite(revision)) return;
    for (const fn of this.subscribers) {
      try {
        fn(revision);
      } catch {
        // A listener's failure is its own business.
      }
    }
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, application_name: 'isthmus-listen', connectionTimeoutMillis: 5_000 });
    this.client = client;
    let failed = false;
    const fail = () => {
      if (failed) return;
      failed = true;
      if (this.client === client) this.client = undefined;
      client.removeAllListeners('notification');
      client.end().catch(() => {});
      this.schedule();
    };
    client.on('error', fail);
    client.on('end', fail);
    client.on('notification', (msg) => {
      if (msg.channel === REVISION_CHANNEL) this.emit(Number(msg.payload));
    });
    try {
      await client.connect();
      await client.query(`listen ${REVISION_CHANNEL}`);
      const { rows } = await client.query<{ value: string }>(`select value from meta where key = 'revision'`);
      this.backoffMs = 100;
      if (rows[0]) this.emit(Number(rows[0].value));
    } catch {
      fail();
    }
  }

  private schedule(): void {
    if (this.closed || this.timer) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, 2_000);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, delay);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners();
      client.on('error', () => {});
      await client.end().catch(() => {});
    }
  }
}
