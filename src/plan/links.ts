import type { Peering } from '../domain/entities.js';
import { PeeringStatus } from '../domain/statuses.js';
import { formatIpv4, parseIpv4 } from '../net/index.js';
import { isEffectivePeering } from './inputs.js';
import { cmp } from './order.js';
import type { InactivePeering, Link } from './types.js';
import { fnv1a } from '../net/fnv1a.js';

const POOL_BASE = parseIpv4('169.254.0.0')!;
/** 169.254.0.0/16 holds 32768 /31s. */
const POOL_SLOTS = 1 << 15;

export interface CompiledLinks {
  readonly links: Link[];
  readonly inactivePeerings: InactivePeering[];
}

/**
 * One link per ACTIVE peering, plus the peerings that exist but carry nothing.
 *
 * Each link gets a /31 out of 169.254.0.0/16. The plan is a pure function of intent,
 * with no memory of earlier allocations, so the slot comes from a hash of the peering
 * id; collisions are settled by linear probing in creation order (`createdAt`, then id).
 * A new peering therefore never moves an existing link; only the deletion of an older
 * link that displaced a younger one can move the younger one.
 */
export function compileLinks(peerings: readonly Peering[], vpcIds: { has(id: string): boolean }): CompiledLinks {
  const effective = peerings.filter((p) => isEffectivePeering(p, vpcIds));
  const active = effective.filter((p) => p.status === PeeringStatus.Active);
  const slotOf = allocateSlots(active);

  const links = active.sort((a, b) => cmp(a.id, b.id)).map((p): Link => {
    const slot = slotOf.get(p.id);
    const even = slot === undefined ? null : POOL_BASE + 2 * slot;
    return {
      peeringId: p.id,
      name: p.name,
      network: even === null ? null : `${formatIpv4(even)}/31`,
      ends: [
        { vpcId: p.requestVpcId, projectId: p.requestProjectId, address: even === null ? null : formatIpv4(even) },
        { vpcId: p.acceptVpcId, projectId: p.acceptProjectId, address: even === null ? null : formatIpv4(even + 1) },
      ],
    };
  });
  const inactivePeerings = effective
    .filter((p) => p.status !== PeeringStatus.Active)
    .sort((a, b) => cmp(a.id, b.id))
    .map((p): InactivePeering => ({
      peeringId: p.id,
      name: p.name,
      status: p.status,
      ends: [{ vpcId: p.requestVpcId, projectId: p.requestProjectId }, { vpcId: p.acceptVpcId, projectId: p.acceptProjectId }],
    }));
  return { links, inactivePeerings };
}

function allocateSlots(active: readonly Peering[]): Map<string, number> {
  const ordered = [...active].sort((a, b) => cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id));
  const taken = new Uint8Array(POOL_SLOTS);
  const slotOf = new Map<string, number>();
  for (const p of ordered.slice(0, POOL_SLOTS)) {
    let slot = fnv1a(p.id) % POOL_SLOTS;
    while (taken[slot]) slot = (slot + 1) % POOL_SLOTS;
    taken[slot] = 1;
    slotOf.set(p.id, slot);
  }
  return slotOf;
}

