import type { Peering } from '../domain/entities.js';
import type { IntentSnapshot } from '../domain/snapshot.js';
import { RouteType } from '../domain/statuses.js';
import { compile } from './compile.js';
import { diffSnapshots, groupSnapshot, type SnapshotChanges } from './groups.js';
import { routerInputs } from './inputs.js';
import { compileLinks } from './links.js';
import { compileInternet } from './nat.js';
import { cmp } from './order.js';
import { compileRouter } from './routers.js';
import type { NetworkPlan, Router } from './types.js';

/**
 * The incremental path: the plan of `nextSnapshot`, recomputing only the routers whose
 * inputs changed since `previousSnapshot` (which `previousPlan` was compiled from) and
 * reusing every other object as is. Always deep-equal to `compile(nextSnapshot)`; a
 * property test holds it to that.
 *
 * A router depends on its VPC, the VPC's subnets, route tables, routes, ports and their
 * EIPs, the peerings with the VPC at an end or named by its routes, and the CIDRs of
 * its peers (anti-spoofing filter). Links depend on the peerings and on which VPCs
 * exist; the Internet on every VPC CIDR.
 */
export function recompile(previousPlan: NetworkPlan, previousSnapshot: IntentSnapshot, nextSnapshot: IntentSnapshot): NetworkPlan {
  if (previousSnapshot.region !== nextSnapshot.region) return compile(nextSnapshot);
  const changes = diffSnapshots(previousSnapshot, nextSnapshot);
  const impact = changedInputs(changes, previousSnapshot, nextSnapshot);
  const groups = groupSnapshot(nextSnapshot, { before: previousSnapshot, changes });

  let routers = previousPlan.routers;
  if (impact.dirty.size > 0) {
    const fresh = new Map<string, Router>();
    for (const vpcId of impact.dirty) {
      const vpc = groups.vpcById.get(vpcId);
      if (vpc) fresh.set(vpcId, compileRouter(routerInputs(groups, vpc)));
    }
    const kept: Router[] = [];
    for (const router of previousPlan.routers) {
      if (!impact.dirty.has(router.vpcId)) kept.push(router);
      else {
        const replacement = fresh.get(router.vpcId);
        if (replacement) kept.push(replacement);
        fresh.delete(router.vpcId);
      }
    }
    // Whatever is left is a VPC the previous plan did not have.
    if (fresh.size > 0) {
      kept.push(...fresh.values());
      kept.sort((a, b) => cmp(a.vpcId, b.vpcId));
    }
    routers = kept;
  }

  let { links, inactivePeerings } = previousPlan;
  if (impact.linksDirty) {
    ({ links, inactivePeerings } = compileLinks(nextSnapshot.peerings, groups.vpcById));
  }
  return {
    revision: nextSnapshot.revision,
    region: nextSnapshot.region,
    routers,
    links,
    inactivePeerings,
    internet: impact.internetDirty ? compileInternet(nextSnapshot.vpcs) : previousPlan.internet,
  };
}

interface Impact {
  /** VPC ids whose router must be recompiled (or dropped, when the VPC is gone). */
  readonly dirty: Set<string>;
  readonly linksDirty: boolean;
  readonly internetDirty: boolean;
}

/** Follows every changed record to the routers (and global parts) that depend on it. */
export function changedInputs(changes: SnapshotChanges, before: IntentSnapshot, after: IntentSnapshot): Impact {
  const dirty = new Set<string>();
  let linksDirty = false;
  let internetDirty = false;
  const changedPeerings = new Set<string>();
  // VPCs whose existence or CIDR changed: their peers' filters and links depend on them.
  const reshaped = new Set<string>();

  for (const { before: a, after: b } of changes.vpcs) {
    const id = (a ?? b)!.id;
    dirty.add(id);
    if (!a || !b) { linksDirty = true; internetDirty = true; reshaped.add(id); }
    else if (a.cidr !== b.cidr) { internetDirty = true; reshaped.add(id); }
  }
  for (const list of [changes.subnets, changes.routeTables, changes.routes, changes.ports]) {
    for (const { before: a, after: b } of list) {
      if (a) dirty.add(a.vpcId);
      if (b) dirty.add(b.vpcId);
    }
  }

  const eipPorts = new Set<string>();
  for (const { before: a, after: b } of changes.eips) {
    if (a?.portId) eipPorts.add(a.portId);
    if (b?.portId) eipPorts.add(b.portId);
  }
  if (eipPorts.size > 0) {
    for (const port of [...before.ports, ...after.ports]) if (eipPorts.has(port.id)) dirty.add(port.vpcId);
  }

  for (const { before: a, after: b } of changes.peerings) {
    changedPeerings.add((a ?? b)!.id);
    linksDirty = true;
  }
  const touches = (p: Peering) => reshaped.has(p.requestVpcId) || reshaped.has(p.acceptVpcId);
  if (reshaped.size > 0) {
    for (const p of before.peerings) if (touches(p)) changedPeerings.add(p.id);
    for (const p of after.peerings) if (touches(p)) changedPeerings.add(p.id);
  }
  if (changedPeerings.size > 0) {
    for (const snapshot of [before, after]) {
      for (const p of snapshot.peerings) {
        if (!changedPeerings.has(p.id)) continue;
        dirty.add(p.requestVpcId);
        dirty.add(p.acceptVpcId);
      }
      for (const r of snapshot.routes) if (r.type === RouteType.Peering && changedPeerings.has(r.nexthop)) dirty.add(r.vpcId);
    }
  }
  return { dirty, linksDirty, internetDirty };
}
