import type { Db } from './schema.js';

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
  /** True when the database cannot be reached (the API answers 503 and the client may retry). */
  isUnavailable(err: unknown): boolean;
  /**
   * Called inside each write transaction after the revision bump: PostgreSQL queues a
   * NOTIFY that other servers receive when (and only if) the transaction commits.
   */
  announce(trx: Db, revision: number): Promise<void>;
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
