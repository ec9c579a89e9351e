import { Errors } from './errors.js';
import { PeeringStatus } from './statuses.js';

/**
 * The peering state machine, as one table. A same-project request is born ACTIVE, a
 * cross-project one PENDING_ACCEPTANCE. Only a pending request moves, and only by the
 * accepter (accept, reject) or the clock (expire). Deletion is allowed from every state
 * and removes the record (clients expect 404 afterwards, huawei-api.md §3 rule 10).
 */
export type PeeringEvent = 'accept' | 'reject' | 'expire';

const TRANSITIONS: Record<PeeringEvent, { from: PeeringStatus; to: PeeringStatus }> = {
  accept: { from: PeeringStatus.PendingAcceptance, to: PeeringStatus.Active },
  reject: { from: PeeringStatus.PendingAcceptance, to: PeeringStatus.Rejected },
  expire: { from: PeeringStatus.PendingAcceptance, to: PeeringStatus.Expired },
};

export function transition(event: PeeringEvent): { from: PeeringStatus; to: PeeringStatus } {
  return TRANSITIONS[event];
}

/** The one guard: throws the catalogue error when `event` cannot happen from `status`. */
export function guardTransition(event: 'accept' | 'reject', status: PeeringStatus): PeeringStatus {
  const { from, to } = TRANSITIONS[event];
  if (status !== from) throw Errors.peeringNotPending(event, status);
  return to;
}

/**
 * The status a reader must see: a pending request past its expiry is EXPIRED whether or
 * not the sweep (PeeringService.expireDue) has written that yet.
 */
export function effectiveStatus(p: { status: PeeringStatus; expiresAt: string | null }, nowIso: string): PeeringStatus {
  return p.status === PeeringStatus.PendingAcceptance && p.expiresAt !== null && p.expiresAt <= nowIso ? PeeringStatus.Expired : p.status;
}

export function initialStatus(requestProjectId: string, acceptProjectId: string): PeeringStatus {
  return requestProjectId === acceptProjectId ? PeeringStatus.Active : PeeringStatus.PendingAcceptance;
}

/**
 * Which projects a peering counts against (huawei-api.md §3 rule 14): a pending,
 * rejected or expired request only the requester's; an ACTIVE one both.
 */
export function quotaHolders(p: { status: PeeringStatus; requestProjectId: string; acceptProjectId: string }): string[] {
  if (p.status === PeeringStatus.Active && p.acceptProjectId !== p.requestProjectId) {
    return [p.requestProjectId, p.acceptProjectId];
  }
  return [p.requestProjectId];
}

/** The unordered VPC pair a peering occupies: one peering per pair (rule 7). */
export function vpcPair(a: string, b: string): { low: string; high: string } {
  return a < b ? { low: a, high: b } : { low: b, high: a };
}
