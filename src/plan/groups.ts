import type { Eip, Peering, Port, Route, RouteTable, Subnet, Vpc } from '../domain/entities.js';
import type { IntentSnapshot } from '../domain/snapshot.js';
import { diffById, type Change } from './diff.js';
import { samePlanFields } from './relevant.js';

/**
 * The snapshot's lists grouped by the key the router stage needs (mostly the VPC id).
 * Each grouping is cached per list object: a store that shares unchanged lists between
 * snapshots gets them for free, and a changed list is derived from the previous
 * grouping by patching only the records that changed, instead of regrouping 100,000
 * routes to recompile one router.
 */
export interface SnapshotGroups {
  readonly vpcById: Lookup<Vpc>;
  readonly subnets: ReadonlyMap<string, readonly Subnet[]>;
  readonly routeTables: ReadonlyMap<string, readonly RouteTable[]>;
  readonly routes: ReadonlyMap<string, readonly Route[]>;
  readonly ports: ReadonlyMap<string, readonly Port[]>;
  /** EIPs by the port they are bound to. */
  readonly eipsByPort: ReadonlyMap<string, readonly Eip[]>;
  /** Peerings by each of their two end VPCs. */
  readonly peeringsByVpc: ReadonlyMap<string, readonly Peering[]>;
  readonly peeringById: Lookup<Peering>;
}

/** A read-only id → record lookup. */
export interface Lookup<T> {
  get(id: string): T | undefined;
  has(id: string): boolean;
}

/** Per-list changes between two snapshots, on the fields the plan reads. */
export interface SnapshotChanges {
  readonly vpcs: Change<Vpc>[];
  readonly subnets: Change<Subnet>[];
  readonly routeTables: Change<RouteTable>[];
  readonly routes: Change<Route>[];
  readonly ports: Change<Port>[];
  readonly eips: Change<Eip>[];
  readonly peerings: Change<Peering>[];
}

export function diffSnapshots(before: IntentSnapshot, after: IntentSnapshot): SnapshotChanges {
  return {
    vpcs: diffById(before.vpcs, after.vpcs, samePlanFields.vpc),
    subnets: diffById(before.subnets, after.subnets, samePlanFields.subnet),
    routeTables: diffById(before.routeTables, after.routeTables, samePlanFields.routeTable),
    routes: diffById(before.routes, after.routes, samePlanFields.route),
    ports: diffById(before.ports, after.ports, samePlanFields.port),
    eips: diffById(before.eips, after.eips, samePlanFields.eip),
    peerings: diffById(before.peerings, after.peerings, samePlanFields.peering),
  };
}

type Keys<T> = (item: T) => readonly string[];
const byVpc = (item: { vpcId: string }) => [item.vpcId];
const byPort = (eip: Eip) => (eip.portId === null ? [] : [eip.portId]);
const byEnds = (p: Peering) => (p.requestVpcId === p.acceptVpcId ? [p.requestVpcId] : [p.requestVpcId, p.acceptVpcId]);
const byId = (item: { id: string }) => [item.id];

/**
 * Two caches, per list object and key function. `built` holds groupings made from the
 * list itself; `derived` those patched from a previous grouping by `recompile()`. The
 * full compile reads only `built`, so that the reference never depends on history: a
 * patch that missed a change shows up as a difference instead of being copied.
 */
type Cache = WeakMap<object, Map<Keys<never>, Map<string, unknown[]>>>;
const built: Cache = new WeakMap();
const derived: Cache = new WeakMap();

function cached<T>(cache: Cache, list: object, keys: Keys<T>): Map<string, T[]> | undefined {
  return cache.get(list)?.get(keys as Keys<never>) as Map<string, T[]> | undefined;
}

function store<T>(cache: Cache, list: object, keys: Keys<T>, groups: Map<string, T[]>): Map<string, T[]> {
  let perKeys = cache.get(list);
  if (!perKeys) cache.set(list, (perKeys = new Map()));
  perKeys.set(keys as Keys<never>, groups as Map<string, unknown[]>);
  return groups;
}

/** Groups of `after`, derived from those of `previous.before` when they are cached. */
export function groupSnapshot(after: IntentSnapshot, previous?: { before: IntentSnapshot; changes: SnapshotChanges }): SnapshotGroups {
  const p = previous;
  return {
    vpcById: single(grouped(after.vpcs, byId, p && { list: p.before.vpcs, changes: p.changes.vpcs })),
    subnets: grouped(after.subnets, byVpc, p && { list: p.before.subnets, changes: p.changes.subnets }),
    routeTables: grouped(after.routeTables, byVpc, p && { list: p.before.routeTables, changes: p.changes.routeTables }),
    routes: grouped(after.routes, byVpc, p && { list: p.before.routes, changes: p.changes.routes }),
    ports: grouped(after.ports, byVpc, p && { list: p.before.ports, changes: p.changes.ports }),
    eipsByPort: grouped(after.eips, byPort, p && { list: p.before.eips, changes: p.changes.eips }),
    peeringsByVpc: grouped(after.peerings, byEnds, p && { list: p.before.peerings, changes: p.changes.peerings }),
    peeringById: single(grouped(after.peerings, byId, p && { list: p.before.peerings, changes: p.changes.peerings })),
  };
}

/** A grouping by id seen as an id → record lookup (ids are unique). */
function single<T>(groups: ReadonlyMap<string, readonly T[]>): Lookup<T> {
  return { get: (id) => groups.get(id)?.[0], has: (id) => groups.has(id) };
}

function grouped<T extends { id: string }>(list: readonly T[], keys: Keys<T>, previous?: { list: readonly T[]; changes: Change<T>[] }): Map<string, T[]> {
  const fresh = cached(built, list, keys);
  if (fresh) return fresh;
  if (!previous) return store(built, list, keys, build(list, keys));
  const again = cached(derived, list, keys);
  if (again) return again;
  const before = cached(derived, previous.list, keys) ?? cached(built, previous.list, keys);
  if (!before) return store(built, list, keys, build(list, keys));
  return store(derived, list, keys, patch(before, previous.changes, keys));
}

function build<T>(list: readonly T[], keys: Keys<T>): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of list) {
    for (const key of keys(item)) {
      const group = map.get(key);
      if (group) group.push(item);
      else map.set(key, [item]);
    }
  }
  return map;
}

/** Copies the previous grouping and rewrites only the groups a change touches. */
function patch<T extends { id: string }>(before: Map<string, T[]>, changes: Change<T>[], keys: Keys<T>): Map<string, T[]> {
  if (changes.length === 0) return before;
  const map = new Map(before);
  const copied = new Set<string>();
  const group = (key: string): T[] => {
    if (!copied.has(key)) {
      copied.add(key);
      map.set(key, [...(map.get(key) ?? [])]);
    }
    return map.get(key)!;
  };
  for (const { before: old, after: now } of changes) {
    if (old) {
      for (const key of keys(old)) {
        const list = group(key);
        const at = list.findIndex((x) => x.id === old.id);
        if (at >= 0) list.splice(at, 1);
      }
    }
    if (now) for (const key of keys(now)) group(key).push(now);
  }
  // An emptied group must look exactly like one never created.
  for (const key of copied) if (map.get(key)!.length === 0) map.delete(key);
  return map;
}
