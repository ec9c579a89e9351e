import type { IntentSnapshot } from '../domain/snapshot.js';
import { groupSnapshot, type SnapshotGroups } from './groups.js';
import { routerInputs } from './inputs.js';
import { compileLinks } from './links.js';
import { compileInternet } from './nat.js';
import { cmp } from './order.js';
import { compileRouter } from './routers.js';
import type { NetworkPlan, Router } from './types.js';

/**
 * Compiles a consistent snapshot of intent into the NetworkPlan. Pure and deterministic:
 * the same snapshot always gives a deep-equal plan, whatever the order of its lists.
 * This full compile is the reference; `recompile()` must always agree with it.
 */
export function compile(snapshot: IntentSnapshot): NetworkPlan {
  const groups = groupSnapshot(snapshot);
  const routers: Router[] = [];
  for (const vpc of distinctVpcs(snapshot, groups)) routers.push(compileRouter(routerInputs(groups, vpc)));
  routers.sort((a, b) => cmp(a.vpcId, b.vpcId));
  const { links, inactivePeerings } = compileLinks(snapshot.peerings, groups.vpcById);
  return {
    revision: snapshot.revision,
    region: snapshot.region,
    routers,
    links,
    inactivePeerings,
    internet: compileInternet(snapshot.vpcs),
  };
}

/**
 * One VPC per id, as the groups hold it (the first record, should a list ever repeat
 * one; possibly an earlier object of equal content, which compiles the same).
 */
function distinctVpcs(snapshot: IntentSnapshot, groups: SnapshotGroups) {
  const seen = new Set<string>();
  const vpcs = [];
  for (const { id } of snapshot.vpcs) {
    if (seen.has(id)) continue;
    seen.add(id);
    vpcs.push(groups.vpcById.get(id)!);
  }
  return vpcs;
}
