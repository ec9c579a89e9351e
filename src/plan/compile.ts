import type { IntentSnapshot } from '../domain/snapshot.js';
import { collectRouterInputs } from './inputs.js';
import { compileLinks } from './links.js';
import { compileInternet } from './nat.js';
import { cmp } from './route-tables.js';
import { compileRouter } from './routers.js';
import type { NetworkPlan, Router } from './types.js';

/**
 * Compiles a consistent snapshot of intent into the NetworkPlan. Pure and deterministic:
 * the same snapshot always gives a deep-equal plan, whatever the order of its lists.
 * This full compile is the reference; `recompile()` must always agree with it.
 */
export function compile(snapshot: IntentSnapshot): NetworkPlan {
  const inputs = collectRouterInputs(snapshot, null);
  const routers: Router[] = [];
  for (const one of inputs.values()) routers.push(compileRouter(one));
  routers.sort((a, b) => cmp(a.vpcId, b.vpcId));
  const { links, inactivePeerings } = compileLinks(snapshot.peerings, new Set(inputs.keys()));
  return {
    revision: snapshot.revision,
    region: snapshot.region,
    routers,
    links,
    inactivePeerings,
    internet: compileInternet(snapshot.vpcs),
  };
}
