import type { Db } from './schema.js';

/** One row of the change log (migration 005) before it has its revision. */
export interface LoggedChange {
  readonly entity: string;
  readonly id: string;
  readonly projectId: string;
}

/**
 * Write transactions committed since the store opened. SQLite commits the writes of one
 * event-loop turn together (store/sqlite/commit-batch.ts), so writes/commits there is
 * the batching an operator wants to see; PostgreSQL commits each write alone.
 */
export interface CommitStats {
  /** COMMITs of write transactions. */
  readonly commits: number;
  /** Writes (Store.write calls) those COMMITs made durable. */
  readonly writes: number;
  /** The most writes one COMMIT carried. */
  readonly largest: number;
}

/**
 * What differs between SQLite and PostgreSQL. Everything else (queries, repositories,
 * migrations) is shared and written once with Kysely.
 */
export interface DialectAdapter {
  readonly dialect: 'sqlite' | 'postgres';
  readonly db: Db;
  /** One write transaction. SQLite: BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED plus explicit locks. */
  transaction<T>(fn: (trx: Db) => Promise<T>): Promise<T>;
  /**
   * One read-only transaction that sees a single consistent state across all its queries.
   * SQLite: a deferred transaction (WAL snapshot); PostgreSQL: REPEATABLE READ, READ ONLY.
   */
  readTransaction<T>(fn: (trx: Db) => Promise<T>): Promise<T>;
  /** Serialises quota and uniqueness checks that span rows, per project, across processes. */
  lockProjects(trx: Db, projectIds: readonly string[]): Promise<void>;
  /**
   * Serialises writers of one shared resource that is not a row, e.g. the EIP pool, until
   * the transaction ends (PostgreSQL: pg_advisory_xact_lock; SQLite: already serial).
   */
  lockNamed(trx: Db, name: string): Promise<void>;
  isUniqueViolation(err: unknown): boolean;
  /** Counted as COMMITs succeed; read by `GET /metrics`. */
  readonly commitStats: CommitStats;
  /** True when the database cannot be reached (the API answers 503 and the client may retry). */
  isUnavailable(err: unknown): boolean;
  /**
   * The last step of every write transaction: bumps the revision, whose row then stays
   * locked until commit (so revisions commit in their order, see Store.write), logs
   * `changes` (the revision's marker among them) under the new revision, and on
   * PostgreSQL queues the NOTIFY that other servers receive when (and only if) the
   * transaction commits. Returns the new revision. PostgreSQL does all of it in one
   * statement, SQLite with prepared statements: the locked stretch stays short.
   */
  commitRevision(trx: Db, changes: readonly LoggedChange[]): Promise<number>;
  /**
   * Revisions committed by other processes sharing the database (PostgreSQL LISTEN).
   * Returns a function that stops listening. SQLite: nothing to learn, a no-op.
   */
  subscribe(onRevision: (revision: number) => void): () => void;
  /**
   * Runs `fn` unless another process sharing the database is running work of the same
   * name (PostgreSQL advisory lock); returns undefined when it was skipped.
   */
  tryExclusive<T>(name: string, fn: () => Promise<T>): Promise<T | undefined>;
  close(): Promise<void>;
}
