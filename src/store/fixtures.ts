import type { Project } from '../domain/entities.js';
import type { IntentSnapshot } from '../domain/snapshot.js';
import type { Store } from './store.js';

/**
 * Tests and benchmarks: writes a snapshot's records (plan/fixtures.ts SnapshotBuilder),
 * with their projects and an account per project, in one `store.write()`.
 */
export async function writeSnapshot(store: Store, snapshot: IntentSnapshot, projects: readonly Project[]): Promise<void> {
  await store.write(async (tx) => {
    for (const p of projects) {
      await tx.identity.insertAccount({ id: p.accountId, name: p.accountId, createdAt: '2026-01-01T00:00:00.000Z' });
      await tx.identity.insertProject(p);
    }
    for (const v of snapshot.vpcs) await tx.vpcs.insert(v);
    for (const t of snapshot.routeTables) await tx.routeTables.insert(t);
    for (const s of snapshot.subnets) await tx.subnets.insert(s);
    for (const r of snapshot.routes) await tx.routeTables.insertRoute(r);
    for (const p of snapshot.peerings) await tx.peerings.insert(p);
    for (const p of snapshot.ports) await tx.ports.insert(p);
    for (const e of snapshot.eips) await tx.eips.insert(e);
  });
}
