import { Migrator } from 'kysely';
import { ApiError, Errors } from '../domain/errors.js';
import type { IntentSnapshot } from '../domain/snapshot.js';
import type { DialectAdapter } from './adapter.js';
import type { AuditScope } from './audit.js';
import { migrationProvider } from './migrations/index.js';
import type { Db } from './schema.js';
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

  constructor(readonly db: Db, private readonly adapter: DialectAdapter) {
    this.identity = new IdentityRepo(db);
    this.meta = new MetaRepo(db);
    this.vpcs = new VpcRepo(db);
    this.subnets = new SubnetRepo(db);
    this.routeTables = new RouteTableRepo(db);
    this.peerings = new PeeringRepo(db);
    this.ports = new PortRepo(db);
    this.eips = new EipRepo(db);
    this.events = new EventRepo(db);
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

  constructor(readonly adapter: DialectAdapter) {
    this.reader = new StoreTx(adapter.db, adapter);
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
        const tx = new StoreTx(trx, this.adapter);
        const value = await fn(tx);
        if (audit) await audit.onWrite(tx, value);
        revision = await tx.meta.bumpRevision();
        await this.adapter.announce(trx, revision);
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
   * (both ends of a peering are always in one region).
   */
  async snapshot(region: string): Promise<IntentSnapshot> {
    try {
      return await this.adapter.readTransaction(async (trx) => {
        const tx = new StoreTx(trx, this.adapter);
        const projectRows = await trx.selectFrom('projects').select('id').where('region', '=', region).execute();
        const inRegion = new Set(projectRows.map((r) => r.id));
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
