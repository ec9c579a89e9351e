import type { IntentSnapshot } from '../domain/snapshot.js';
import { INTENT_ENTITIES, REVISION_MARKER, type IntentEntity } from './repos/changes.js';
import type { StoreTx } from './store.js';

/**
 * Beyond this many change-log entries since the previous snapshot, a full read is about
 * as cheap as fetching the changed rows one chunk of ids at a time.
 */
export const MAX_PATCH_ENTRIES = 20_000;

type Lists = Omit<IntentSnapshot, 'revision' | 'region'>;

const LIST_OF: Record<IntentEntity, keyof Lists> = {
  vpc: 'vpcs', subnet: 'subnets', route_table: 'routeTables', route: 'routes', peering: 'peerings', port: 'ports', eip: 'eips',
};

/**
 * The region's snapshot at the transaction's revision, made from `previous` (an earlier
 * snapshot of the same region read from this store) and the rows the change log names
 * since its revision: every unchanged list and record object of `previous` is reused, so
 * recompile's diff finds the few changes by identity. Undefined when the log cannot
 * vouch for the gap (a revision without its marker: pruned, or written by a server that
 * does not log), when the gap is too large, or when the revision went backwards; the
 * caller then reads in full. Runs inside one read transaction (one consistent state).
 */
export async function patchSnapshot(tx: StoreTx, region: string, previous: IntentSnapshot): Promise<IntentSnapshot | undefined> {
  if (previous.region !== region) return undefined;
  const revision = await tx.meta.revision();
  if (revision === previous.revision) return previous;
  if (revision < previous.revision) return undefined;
  const entries = await tx.changes.since(previous.revision, MAX_PATCH_ENTRIES + 1);
  if (entries.length > MAX_PATCH_ENTRIES) return undefined;

  const inRegion = new Set(await tx.regionProjects(region));
  const touched = new Map<IntentEntity, Set<string>>();
  let markers = 0;
  for (const e of entries) {
    if (e.entity === REVISION_MARKER) {
      markers++;
    } else if (inRegion.has(e.projectId) && (INTENT_ENTITIES as readonly string[]).includes(e.entity)) {
      const entity = e.entity as IntentEntity;
      let ids = touched.get(entity);
      if (!ids) touched.set(entity, (ids = new Set()));
      ids.add(e.id);
    }
  }
  // Each revision commits with its marker; a missing one means entries may be missing too.
  if (markers !== revision - previous.revision) return undefined;

  const fetchers: Record<IntentEntity, (ids: string[]) => Promise<Array<{ id: string; projectId?: string; requestProjectId?: string }>>> = {
    vpc: (ids) => tx.vpcs.byIds(ids),
    subnet: (ids) => tx.subnets.byIds(ids),
    route_table: (ids) => tx.routeTables.byIds(ids),
    route: (ids) => tx.routeTables.routesByIds(ids),
    peering: (ids) => tx.peerings.byIds(ids),
    port: (ids) => tx.ports.byIds(ids),
    eip: (ids) => tx.eips.byIds(ids),
  };
  const next: { -readonly [K in keyof Lists]: Lists[K] } = {
    vpcs: previous.vpcs, subnets: previous.subnets, routeTables: previous.routeTables, routes: previous.routes,
    peerings: previous.peerings, ports: previous.ports, eips: previous.eips,
  };
  for (const [entity, ids] of touched) {
    const rows = await fetchers[entity]([...ids]);
    const fresh = new Map<string, { id: string }>();
    for (const row of rows) {
      // As in a full read: a peering is in its requester's region, everything else in its project's.
      const projectId = entity === 'peering' ? row.requestProjectId : row.projectId;
      if (projectId !== undefined && inRegion.has(projectId)) fresh.set(row.id, row);
    }
    const key = LIST_OF[entity];
    (next as Record<keyof Lists, readonly { id: string }[]>)[key] = patchList(next[key], ids, fresh);
  }
  return { revision, region, ...next };
}

/**
 * `before` (sorted by id, as the store reads lists) with the records of `ids` replaced by
 * their `fresh` version, inserted in id order, or removed when `fresh` has none. Every
 * other element is the same object; the list itself is `before` when nothing changes.
 * Ids compare by code unit, which is the store's bytewise order for the ASCII ids it
 * issues (PostgreSQL runs with C collation, see README).
 */
export function patchList<T extends { readonly id: string }>(before: readonly T[], ids: ReadonlySet<string>, fresh: ReadonlyMap<string, T>): readonly T[] {
  if (ids.size === 0) return before;
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted.length <= SPLICE_AT_MOST ? spliced(before, sorted, fresh) : merged(before, sorted, fresh);
}

/** Up to this many changes, a copy of the list edited in place beats a merge (memmove vs a loop). */
const SPLICE_AT_MOST = 64;

/** The first position in `list` at or after `from` whose id is not below `id`. */
function lowerBound<T extends { readonly id: string }>(list: readonly T[], id: string, from: number): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function spliced<T extends { readonly id: string }>(before: readonly T[], sorted: readonly string[], fresh: ReadonlyMap<string, T>): T[] {
  const out = before.slice();
  for (const id of sorted) {
    const at = lowerBound(out, id, 0);
    const exists = at < out.length && out[at]!.id === id;
    const record = fresh.get(id);
    if (exists && record) out[at] = record;
    else if (exists) out.splice(at, 1);
    else if (record) out.splice(at, 0, record);
  }
  return out;
}

function merged<T extends { readonly id: string }>(before: readonly T[], sorted: readonly string[], fresh: ReadonlyMap<string, T>): T[] {
  const out: T[] = [];
  let from = 0;
  for (const id of sorted) {
    const at = lowerBound(before, id, from);
    for (let i = from; i < at; i++) out.push(before[i]!);
    from = at < before.length && before[at]!.id === id ? at + 1 : at;
    const record = fresh.get(id);
    if (record) out.push(record);
  }
  for (let i = from; i < before.length; i++) out.push(before[i]!);
  return out;
}
