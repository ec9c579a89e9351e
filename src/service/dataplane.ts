import type { Kysely } from 'kysely';
import { VpcStatus, SubnetStatus } from '../domain/statuses.js';
import { compile } from '../plan/compile.js';
import type { NetworkPlan } from '../plan/types.js';
import { StoreTx, type Store } from '../store/store.js';

/** The row shape of `dataplane_objects` (migration 002). */
interface RealisationDb {
  dataplane_objects: {
    object_id: string; kind: string; project_id: string; kernel_name: string; prefix: string; revision: number; realised_at: string;
  };
}

export interface RealisationRecord {
  readonly objectId: string;
  readonly kind: 'vpc' | 'subnet' | 'port';
  readonly projectId: string;
  readonly kernelName: string;
}

export interface RealisedRow extends RealisationRecord {
  readonly prefix: string;
  readonly revision: number;
  readonly realisedAt: string;
}

/** Inside a transaction, its connection; outside, the store's (a single SQLite connection must not be asked twice). */
const db = (store: Store | StoreTx) => (store instanceof StoreTx ? store.db : store.adapter.db) as unknown as Kysely<RealisationDb>;

/**
 * The latest plan of each region, compiled from one consistent snapshot each: one-off
 * plans for the CLI and tests. A server's reconciler reads the API's plan cache instead
 * (NetworkService, wired in app.ts), so each revision is compiled once.
 */
export async function latestPlans(store: Store, regions: readonly string[]): Promise<NetworkPlan[]> {
  const plans: NetworkPlan[] = [];
  for (const region of regions) plans.push(compile(await store.snapshot(region)));
  return plans;
}

/**
 * Records what the data plane realised and marks VPCs OK and subnets ACTIVE. Writes (and
 * so bumps the revision) only when something changed, so a reconciler that runs on every
 * commit settles after one extra, empty pass.
 */
export async function recordRealisation(store: Store, prefix: string, revision: number, objects: readonly RealisationRecord[], now: Date): Promise<boolean> {
  const current = await db(store).selectFrom('dataplane_objects').selectAll().execute();
  const byId = new Map(current.map((r) => [r.object_id, r]));
  const wanted = new Map(objects.map((o) => [o.objectId, o]));
  const upserts = objects.filter((o) => {
    const row = byId.get(o.objectId);
    return !row || row.kernel_name !== o.kernelName || row.prefix !== prefix || row.kind !== o.kind;
  });
  const deletions = current.filter((r) => r.prefix === prefix && !wanted.has(r.object_id)).map((r) => r.object_id);
  const vpcIds = objects.filter((o) => o.kind === 'vpc').map((o) => o.objectId);
  const subnetIds = objects.filter((o) => o.kind === 'subnet').map((o) => o.objectId);
  const [creating, unknown] = await Promise.all([
    store.read.vpcs.all().then((all) => all.filter((v) => v.status === VpcStatus.Creating && vpcIds.includes(v.id)).map((v) => v.id)),
    store.read.subnets.all().then((all) => all.filter((s) => s.status === SubnetStatus.Unknown && subnetIds.includes(s.id)).map((s) => s.id)),
  ]);
  if (upserts.length === 0 && deletions.length === 0 && creating.length === 0 && unknown.length === 0) return false;
  const at = now.toISOString().slice(0, 19);
  await store.write(async (tx) => {
    const d = db(tx);
    for (const id of deletions) await d.deleteFrom('dataplane_objects').where('object_id', '=', id).execute();
    for (const o of upserts) {
      const row = { object_id: o.objectId, kind: o.kind, project_id: o.projectId, kernel_name: o.kernelName, prefix, revision, realised_at: at };
      await d.insertInto('dataplane_objects').values(row)
        .onConflict((oc) => oc.column('object_id').doUpdateSet({ kind: o.kind, project_id: o.projectId, kernel_name: o.kernelName, prefix, revision, realised_at: at }))
        .execute();
    }
    await tx.vpcs.setStatus(creating, VpcStatus.Ok);
    await tx.subnets.setStatus(unknown, SubnetStatus.Active);
  });
  return true;
}

/** Forgets every record of `prefix` (teardown). */
export async function forgetRealisation(store: Store, prefix: string): Promise<void> {
  await db(store).deleteFrom('dataplane_objects').where('prefix', '=', prefix).execute();
}

export async function realisedRows(store: Store, projectId?: string): Promise<RealisedRow[]> {
  let query = db(store).selectFrom('dataplane_objects').selectAll();
  if (projectId !== undefined) query = query.where('project_id', '=', projectId);
  const rows = await query.orderBy('object_id').execute();
  return rows.map((r) => ({
    objectId: r.object_id, kind: r.kind as RealisationRecord['kind'], projectId: r.project_id, kernelName: r.kernel_name,
    prefix: r.prefix, revision: Number(r.revision), realisedAt: r.realised_at,
  }));
}

/** The namespace of an instance port, found by port id or (unique) name. */
export async function instanceNamespace(store: Store, portIdOrName: string): Promise<{ portId: string; namespace: string; prefix: string }> {
  const ports = await store.read.ports.all();
  const byId = ports.find((p) => p.id === portIdOrName);
  const byName = ports.filter((p) => p.name === portIdOrName);
  const port = byId ?? (byName.length === 1 ? byName[0] : undefined);
  if (!port) {
    throw new Error(byName.length > 1 ? `${byName.length} ports are named ${portIdOrName}; use the port id` : `no port ${portIdOrName}`);
  }
  const row = await db(store).selectFrom('dataplane_objects').selectAll().where('object_id', '=', port.id).executeTakeFirst();
  if (!row || row.kind !== 'port') throw new Error(`port ${portIdOrName} is not realised by a linux data plane (is it an instance, and does a server run with --dataplane linux?)`);
  return { portId: port.id, namespace: row.kernel_name, prefix: row.prefix };
}
