import { Errors } from '../domain/errors.js';
import type { Peering } from '../domain/entities.js';
import { newId } from '../domain/ids.js';
import { effectiveStatus, guardTransition, initialStatus, transition } from '../domain/peering-state.js';
import { checkDescription, checkPeeringName, isUuid } from '../domain/rules.js';
import { PeeringStatus } from '../domain/statuses.js';
import type { PeeringFilter } from '../store/repos/peerings.js';
import type { PageRequest } from '../store/repos/page.js';
import type { StoreTx } from '../store/store.js';
import { nowIso, type Caller, type ServiceDeps } from './context.js';

export interface PeeringCreate {
  name: string;
  description?: string;
  requestVpcId: string;
  requestTenantId?: string;
  acceptVpcId: string;
  acceptTenantId?: string;
}

const isParty = (p: Peering, projectId: string) => p.requestProjectId === projectId || p.acceptProjectId === projectId;

/** A peering the caller is a party to; others do not exist for it. */
async function visiblePeering(tx: StoreTx, caller: Caller, id: string): Promise<Peering> {
  const peering = await tx.peerings.get(id);
  if (!peering || !isParty(peering, caller.projectId)) throw Errors.peeringNotFound(id);
  return peering;
}

export class PeeringService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(caller: Caller, input: PeeringCreate): Promise<Peering> {
    const nameProblem = checkPeeringName(input.name) ?? checkDescription(input.description ?? '');
    if (nameProblem) throw Errors.peeringInvalid(nameProblem);
    if (!isUuid(input.requestVpcId)) throw Errors.notUuid('request_vpc_info', input.requestVpcId);
    if (!isUuid(input.acceptVpcId)) throw Errors.notUuid('accept_vpc_info', input.acceptVpcId);
    if (input.requestTenantId !== undefined && input.requestTenantId !== caller.projectId) throw Errors.peeringBadRequestVpc();
    if (input.requestVpcId === input.acceptVpcId) throw Errors.peeringSameVpc();
    const acceptProjectId = input.acceptTenantId ?? caller.projectId;
    const now = nowIso(this.deps);

    return this.deps.store.audited(caller).write(async (tx) => {
      // Locked before the VPCs are read: a concurrent VPC delete (which locks its project)
      // on another server cannot remove either VPC between this check and the insert.
      await tx.lockProjects(caller.projectId, acceptProjectId);
      const requestVpc = await tx.vpcs.get(input.requestVpcId);
      if (!requestVpc || requestVpc.projectId !== caller.projectId) throw Errors.peeringBadRequestVpc();
      const acceptVpc = await tx.vpcs.get(input.acceptVpcId);
      const acceptProject = await tx.identity.projectById(acceptProjectId);
      if (!acceptVpc || !acceptProject || acceptVpc.projectId !== acceptProjectId) throw Errors.peeringBadVpc();
      if (acceptProject.region !== caller.region) throw Errors.peeringOtherRegion();

      const existing = await tx.peerings.byPair(requestVpc.id, acceptVpc.id);
      if (existing) throw Errors.peeringExists(requestVpc.id, acceptVpc.id);
      const status = initialStatus(caller.projectId, acceptProjectId);
      await this.deps.quotas.ensureRoom(tx, caller.projectId, 'vpcPeer', () => tx.peerings.countForQuota(caller.projectId),
        () => Errors.peeringQuota(caller.projectId));

      const peering: Peering = {
        id: newId(), name: input.name, description: input.description ?? '', status,
        requestVpcId: requestVpc.id, requestProjectId: caller.projectId,
        acceptVpcId: acceptVpc.id, acceptProjectId,
        createdAt: now, updatedAt: now,
        expiresAt: status === PeeringStatus.PendingAcceptance
          ? new Date(this.deps.clock.now().getTime() + this.deps.config.peeringExpiryMs).toISOString() : null,
      };
      try {
        await tx.peerings.insert(peering);
      } catch (err) {
        // Two creates of one pair raced past the check above: the unique index decides.
        if (tx.isUniqueViolation(err)) throw Errors.peeringExists(requestVpc.id, acceptVpc.id);
        throw err;
      }
      return peering;
    });
  }

  /** Reads expire a due request on the way, so no reader ever sees a stale PENDING_ACCEPTANCE. */
  async show(caller: Caller, id: string): Promise<Peering> {
    const peering = await visiblePeering(this.deps.store.read, caller, id);
    return this.expireIfDue(peering);
  }

  /** `swept`: the caller has just run expireDue (the list operation's refresh does). */
  async list(caller: Caller, filter: PeeringFilter, page: PageRequest, options: { swept?: boolean } = {}) {
    if (!options.swept) await this.expireDue();
    return this.deps.store.read.peerings.list(caller.projectId, filter, page);
  }

  async update(caller: Caller, id: string, input: { name?: string; description?: string }): Promise<Peering> {
    if (input.name === undefined && input.description === undefined) {
      throw Errors.peeringInvalid('at least one of name and description must be given');
    }
    const problem = (input.name !== undefined ? checkPeeringName(input.name) : null) ?? checkDescription(input.description ?? '');
    if (problem) throw Errors.peeringInvalid(problem);
    await this.expireDue();
    return this.deps.store.audited(caller).write(async (tx) => {
      const peering = await visiblePeering(tx, caller, id);
      const updated: Peering = {
        ...peering, name: input.name ?? peering.name, description: input.description ?? peering.description, updatedAt: nowIso(this.deps),
      };
      await tx.peerings.rename(id, updated);
      return updated;
    });
  }

  accept(caller: Caller, id: string): Promise<Peering> {
    return this.decide(caller, id, 'accept');
  }

  reject(caller: Caller, id: string): Promise<Peering> {
    return this.decide(caller, id, 'reject');
  }

  /**
   * Accept or reject: only the accepter project, only from PENDING_ACCEPTANCE, and the
   * state change is a conditional update, so of concurrent calls exactly one wins and the
   * others get 409. Accepting also counts the peering against the accepter's quota.
   */
  private async decide(caller: Caller, id: string, action: 'accept' | 'reject'): Promise<Peering> {
    return this.deps.store.audited(caller).write(async (tx) => {
      const peering = await visiblePeering(tx, caller, id);
      if (peering.acceptProjectId !== caller.projectId) throw Errors.peeringNotAccepter(action);
      // A request past its expiry cannot be decided, swept yet or not; the refusal changes
      // nothing, and every reader sees EXPIRED until the sweep writes it.
      const to = guardTransition(action, effectiveStatus(peering, nowIso(this.deps)));
      if (action === 'accept' && peering.acceptProjectId !== peering.requestProjectId) {
        await tx.lockProjects(peering.acceptProjectId);
        await this.deps.quotas.ensureRoom(tx, caller.projectId, 'vpcPeer', () => tx.peerings.countForQuota(caller.projectId),
          () => Errors.peeringQuota(caller.projectId));
      }
      const updatedAt = nowIso(this.deps);
      if (!(await tx.peerings.transition(id, peering.status, to, updatedAt))) {
        const now = await tx.peerings.get(id);
        if (!now) throw Errors.peeringNotFound(id);
        throw Errors.peeringNotPending(action, now.status);
      }
      return { ...peering, status: to, updatedAt, expiresAt: null };
    });
  }

  /**
   * Either party, in any state; the peering's routes go with it, in both VPCs (rule 13).
   * Answers with the parties too: the request's audit event names the other one.
   */
  async delete(caller: Caller, id: string): Promise<{ routesRemoved: number; requestProjectId: string; acceptProjectId: string }> {
    return this.deps.store.audited(caller).write(async (tx) => {
      const peering = await visiblePeering(tx, caller, id);
      // Serialises with route creation, which locks the caller's project before it checks
      // the next hop: no route can be added to a peering being deleted (no orphan route).
      await tx.lockProjects(peering.requestProjectId, peering.acceptProjectId);
      const routesRemoved = await tx.routeTables.deleteRoutesVia(id);
      if (!(await tx.peerings.delete(id))) throw Errors.peeringNotFound(id);
      return { routesRemoved, requestProjectId: peering.requestProjectId, acceptProjectId: peering.acceptProjectId };
    });
  }

  private async expireIfDue(peering: Peering): Promise<Peering> {
    if (peering.status !== PeeringStatus.PendingAcceptance || peering.expiresAt === null) return peering;
    if (peering.expiresAt > this.deps.clock.now().toISOString()) return peering;
    await this.expireDue();
    return (await this.deps.store.read.peerings.get(peering.id)) ?? peering;
  }

  /**
   * Turns every due PENDING_ACCEPTANCE request EXPIRED. Run by a timer and before reads
   * that could otherwise show a stale state; cheap when nothing is due (one indexed query).
   */
  async expireDue(): Promise<number> {
    const nowIsoValue = nowIso(this.deps);
    const { from, to } = transition('expire');
    const batch = 1000;
    let total = 0;
    // In batches until none is due: a list must never show a request past its expiry as pending.
    for (;;) {
      const due = await this.deps.store.read.peerings.expiredBy(nowIsoValue, batch);
      if (due.length === 0) return total;
      total += await this.deps.store.write(async (tx) => {
        let n = 0;
        for (const p of due) if (await tx.peerings.transition(p.id, from, to, nowIsoValue)) n++;
        return n;
      });
      if (due.length < batch) return total;
    }
  }
}
