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
  /** Serialises quota and uniqueness checks that span rows, per project, across processes. */
  lockProjects(trx: Db, projectIds: readonly string[]): Promise<void>;
  isUniqueViolation(err: unknown): boolean;
  /** True when the database cannot be reached (the API answers 503 and the client may retry). */
  isUnavailable(err: unknown): boolean;
  close(): Promise<void>;
}
