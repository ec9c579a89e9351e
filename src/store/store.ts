import { Migrator, sql } from 'kysely';
import { ApiError, Errors } from '../domain/errors.js';
import type { IntentSnapshot } from '../domain/snapshot.js';
import type { DialectAdapter } from './adapter.js';
import type { AuditScope } from './audit.js';
import { patchSnapshot } from './incremental.js';
import { migrationProvider } from './migrations/index.js';
import type { Db } from './schema.js';
import { ChangeRepo, ChangeSet } from './repos/changes.js';
import { EipRepo } from './repos/eips.js';
import { EventRepo, type AuditEvent } from './repos/events.js';
import { IdentityRepo } from './repos/identity.js';
import { MetaRepo } from './repos/meta.js';
import { PeeringRepo } from './repos/peerings.js';
import { PortRepo } from './repos/ports.js';
import { RouteTableRepo } from './repos/route-tables.js';
import { SubnetRepo } from './repos/subnets.js';
import { VpcRepo } from './repos/vpcs.js';

/** The repositories, bound to one connection or transaction. */
export class StoreTx {
  readonly identity: IdentityRepo;
  readonly meta: MetaRepo;
  readonly vpcs: VpcRepo;
  readonly subnets: SubnetRepo;
  readonly routeTables: RouteTableRepo;
  readonly peerings: PeeringRepo;
  readonly ports: PortRepo;
  readonly eips: EipRepo;
  readonly events: EventRepo;
  readonly changes: ChangeRepo;

  /**
   * `changeSet`: the intent records this transaction writes, collected for the change log
   * (Store.write); without one (the store's reader) the repositories refuse to write intent.
   */
  constructor(readonly db: Db, private readonly adapter: DialectAdapter, readonly changeSet?: ChangeSet) {
    this.identity = new IdentityRepo(db);
    this.meta = new MetaRepo(db);
    this.vpcs = new VpcRepo(db, changeSet);
    this.subnets = new SubnetRepo(db, changeSet);
    this.routeTables = new RouteTableRepo(db, changeSet);
    this.peerings = new PeeringRepo(db, changeSet);
    this.ports = new PortRepo(db, changeSet);
    this.eips = new EipRepo(db, changeSet);
    this.events = new EventRepo(db);
    this.changes = new ChangeRepo(db);
  }

  /** The ids of the projects bound to `region`. */
  async regionProjects(region: string): Promise<string[]> {
    const rows = await this.db.selectFrom('projects').select('id').where('region', '=', region).execute();
    return rows.map((r) => r.id);
  }

  /** Serialises quota and pair checks of these projects against concurrent writers (PostgreSQL row locks). */
  lockProjects(...projectIds: string[]): Promise<void> {
    return this.adapter.lockProjects(this.db, [...new Set(projectIds)].sort());
  }

  /** Serialises writers of one shared resource that is not a row (the EIP pool), across processes. */
  lockNamed(name: string): Promise<void> {
    return this.adapter.lockNamed(this.db, name);
  }

  isUniqueViolation(err: unknown): boolean {
    return this.adapter.isUniqueViolation(err);
  }
}

export type RevisionListener = (revision: number) => void;

export interface StoreOptions {
  /**
   * How many revisions the change log keeps (default 10,000). A snapshot older than that
   * is read again in full. Pruned every tenth of it, inside a write.
   */
  changeLogRevisions?: number;
}

/** How `snapshot()` was answered, counted since the store opened (tests, /metrics). */
export interface SnapshotReads {
  /** The whole region read. */
  full: number;
  /** The previous snapshot patched from the change log. */
  incremental: number;
}

/**
 * The store of intent. Every mutation runs in `write()`: one transaction that also bumps
 * the revision, so each committed change is seen by plan compilers. Listeners hear of
 * local commits at once and, on PostgreSQL, of other servers' commits through
 * LISTEN/NOTIFY; they are called with increasing revisions only (a revision stands for
 * "everything up to here", so a late, older one is dropped).
 */
export class Store {
  private readonly listeners = new Set<RevisionListener>();
  private readonly reader: StoreTx;
  private lastRevision = 0;
  private unsubscribe: (() => void) | undefined;
  private readonly keepRevisions: number;
  private readonly pruneEvery: number;
  readonly snapshotReads: SnapshotReads = { full: 0, incremental: 0 };

  constructor(readonly adapter: DialectAdapter, options: StoreOptions = {}) {
    this.reader = new StoreTx(adapter.db, adapter);
    this.keepRevisions = Math.max(1, options.changeLogRevisions ?? 10_000);
    this.pruneEvery = Math.max(1, Math.floor(this.keepRevisions / 10));
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.adapter.dialect;
  }

  /** Brings the schema up to date; on PostgreSQL Kysely's migrator holds a lock, so concurrent servers apply each migration once. */
  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.adapter.db, provider: migrationProvider });
    const { error } = await migrator.migrateToLatest();
    if (error) throw this.mapped(error instanceof Error ? error : new Error(String(error)));
  }

  /** Reads outside a transaction: each query sees the latest committed state. */
  get read(): StoreTx {
    return this.reader;
  }

  /**
   * Writes on behalf of a caller: when it carries the audit of an API request, the
   * request's event commits in each of these transactions, with the change itself (an
   * acknowledged change never lacks its event; see store/audit.ts).
   */
  audited(caller: { readonly audit?: AuditScope }): { write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> } {
    return { write: (fn) => this.write(fn, caller.audit) };
  }

  async write<T>(fn: (tx: StoreTx) => Promise<T>, audit?: AuditScope): Promise<T> {
    let revision = 0;
    let result: T;
    try {
      result = await this.adapter.transaction(async (trx) => {
        const changes = new ChangeSet();
        const tx = new StoreTx(trx, this.adapter, changes);
        const value = await fn(tx);
        if (audit) await audit.onWrite(tx, value);
        // The bump locks the revision row until commit (PostgreSQL: a row lock at READ
        // COMMITTED, so the next writer's bump waits and then reads this one's value;
        // SQLite: one writer at a time), so revisions commit in their order and a reader
        // that sees revision R sees every change logged at R or before, none after.
        // The log is written with the bump, under the revision this transaction commits as.
        revision = await this.adapter.commitRevision(trx, changes.logged());
        if (revision % this.pruneEvery === 0 && revision > this.keepRevisions) {
          await tx.changes.prune(revision - this.keepRevisions);
        }
        return value;
      });
    } catch (err) {
      throw this.mapped(err);
    }
    this.deliver(revision);
    return result;
  }

  /**
   * Called after each commit, local or (PostgreSQL) by another server sharing the
   * database, with the new revision.
   */
  onCommit(listener: RevisionListener): () => void {
    this.listeners.add(listener);
    this.unsubscribe ??= this.adapter.subscribe((revision) => this.deliver(revision));
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.unsubscribe) {
        this.unsubscribe();
        this.unsubscribe = undefined;
      }
    };
  }

  private deliver(revision: number): void {
    if (revision <= this.lastRevision) return;
    this.lastRevision = revision;
    for (const listener of this.listeners) listener(revision);
  }

  /**
   * Records the event of a request that changed nothing (a failure): its own small
   * statement, with no revision bump, since no intent changed.
   */
  async recordEvent(event: AuditEvent): Promise<void> {
    try {
      await this.reader.events.put(event);
    } catch (err) {
      throw this.mapped(err);
    }
  }

  /**
   * Answers when the database does (`GET /health`): the store's unavailable error (503) when
   * it cannot be reached, as every API call would get then.
   */
  async ping(): Promise<void> {
    try {
      await sql`select 1`.execute(this.adapter.db);
    } catch (err) {
      throw this.mapped(err);
    }
  }

  /**
   * Deletes up to `limit` of the oldest audit events below `boundaryId` (the retention
   * sweep, service/audit-retention.ts). Its own statement, with no revision bump (the
   * trail is not intent) and no fsync of its own: a deletion lost to a crash is simply
   * made again by the next sweep.
   */
  async pruneEvents(boundaryId: string, limit: number): Promise<number> {
    try {
      return await this.reader.events.deleteBefore(boundaryId, limit);
    } catch (err) {
      throw this.mapped(err);
    }
  }

  /**
   * Runs background work that must not run on two servers at once (PostgreSQL advisory
   * lock; a plain call on SQLite). Resolves to undefined when another server holds it.
   */
  async tryExclusive<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.adapter.tryExclusive(name, fn);
    } catch (err) {
      throw this.mapped(err);
    }
  }

  /**
   * A consistent read of one region's network intent, for plan/compile(): the resources
   * of the projects bound to `region`, and the peerings whose requester is one of them
   * (both ends of a peering are always in one region). Lists are sorted by id.
   *
   * With `previous`, an earlier snapshot of this region from this store, only the rows
   * the change log names since its revision are read, and every unchanged list and record
   * of `previous` is reused (store/incremental.ts); the result is deep-equal to a full
   * read. Whenever the log cannot vouch for the gap (pruned, too large, a revision
   * without its entries), the region is read in full instead.
   */
  async snapshot(region: string, previous?: IntentSnapshot): Promise<IntentSnapshot> {
    try {
      return await this.adapter.readTransaction(async (trx) => {
        const tx = new StoreTx(trx, this.adapter);
        if (previous) {
          const patched = await patchSnapshot(tx, region, previous);
          if (patched) {
            this.snapshotReads.incremental++;
            return patched;
          }
        }
        this.snapshotReads.full++;
        const inRegion = new Set(await tx.regionProjects(region));
        const mine = <T extends { projectId: string }>(rows: T[]) => rows.filter((r) => inRegion.has(r.projectId));
        const [revision, vpcs, subnets, routeTables, routes, peerings, ports, eips] = await Promise.all([
          tx.meta.revision(), tx.vpcs.all(), tx.subnets.all(), tx.routeTables.all(), tx.routeTables.allRoutes(),
          tx.peerings.all(), tx.ports.all(), tx.eips.all(),
        ]);
        return {
          revision, region, vpcs: mine(vpcs), subnets: mine(subnets), routeTables: mine(routeTables), routes: mine(routes),
          peerings: peerings.filter((p) => inRegion.has(p.requestProjectId)), ports: mine(ports), eips: mine(eips),
        };
      });
    } catch (err) {
      throw this.mapped(err);
    }
  }

  /** "The database cannot be reached" becomes the API's 503 (ISTHMUS.0503) at this boundary. */
  private mapped(err: unknown): unknown {
    if (err instanceof ApiError || !this.adapter.isUnavailable(err)) return err;
    const mapped = Errors.storeUnavailable();
    (mapped as { cause?: unknown }).cause = err;
    return mapped;
  }

  close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    return this.adapter.close();
  }
}
