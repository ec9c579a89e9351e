import { Errors } from '../domain/errors.js';
import type { IntentSnapshot } from '../domain/snapshot.js';
import { isIpv4 } from '../net/index.js';
import { compile } from '../plan/compile.js';
import { recompile } from '../plan/recompile.js';
import type { NetworkPlan } from '../plan/types.js';
import { renderTrace, type RenderedTrace } from '../reachability/explain.js';
import { trace } from '../reachability/trace.js';
import type { Flow } from '../reachability/types.js';
import type { Caller, ServiceDeps } from './context.js';
import { realisedRows } from './dataplane.js';
import { ownPort } from './ports.js';

interface Compiled {
  snapshot: IntentSnapshot;
  plan: NetworkPlan;
}

/**
 * The current NetworkPlan of each region, kept in step with the store's revision: the one
 * plan cache of a server, shared by the API and the data plane reconciler (app.ts). A
 * caller that finds the revision moved has the store patch the previous snapshot with
 * the rows changed since (store/incremental.ts) and recompiles only what those changes
 * touch (full compile stays the reference, see plan/recompile.ts); concurrent callers
 * share one refresh. (The service layer reads plan/ and, for reachability, the pure trace.)
 */
export class NetworkService {
  private readonly compiled = new Map<string, Compiled>();
  private readonly inFlight = new Map<string, Promise<Compiled>>();

  constructor(private readonly deps: ServiceDeps) {}

  /** The plan of `region` at the store's current revision or later (a caller sees its own writes). */
  async plan(region: string): Promise<NetworkPlan> {
    const revision = await this.deps.store.read.meta.revision();
    for (;;) {
      const current = this.compiled.get(region);
      if (current && current.plan.revision >= revision) return current.plan;
      // A refresh already running may have read an older revision: wait for it, then look again.
      let pending = this.inFlight.get(region);
      if (!pending) {
        pending = this.refresh(region).finally(() => this.inFlight.delete(region));
        this.inFlight.set(region, pending);
      }
      const done = await pending;
      if (done.plan.revision >= revision) return done.plan;
    }
  }

  private async refresh(region: string): Promise<Compiled> {
    const previous = this.compiled.get(region);
    const snapshot = await this.deps.store.snapshot(region, previous?.snapshot);
    if (previous && snapshot === previous.snapshot) return previous;
    const plan = previous ? recompile(previous.plan, previous.snapshot, snapshot) : compile(snapshot);
    const next = { snapshot, plan };
    const latest = this.compiled.get(region);
    if (!latest || latest.plan.revision <= plan.revision) this.compiled.set(region, next);
    return next;
  }

  /** `POST /isthmus/v1/{project_id}/reachability` (CONTRACTS.md). */
  async reachability(caller: Caller, input: {
    sourcePortId: string;
    destination: { portId?: string; ip?: string };
    protocol: 'icmp' | 'tcp' | 'udp';
    port?: number;
  }): Promise<RenderedTrace> {
    const tx = this.deps.store.read;
    // The caller must own the source; a destination port must be its own too (another
    // tenant's instances are named by address, which reveals nothing new).
    await ownPort(tx, caller, input.sourcePortId);
    let destination: Flow['destination'];
    if (input.destination.portId !== undefined && input.destination.ip !== undefined) {
      throw Errors.reachabilityInvalid('destination takes either port_id or ip, not both');
    } else if (input.destination.portId !== undefined) {
      await ownPort(tx, caller, input.destination.portId);
      destination = { portId: input.destination.portId };
    } else if (input.destination.ip !== undefined) {
      if (!isIpv4(input.destination.ip)) throw Errors.reachabilityInvalid(`destination.ip ${JSON.stringify(input.destination.ip)} is not an IPv4 address`);
      destination = { ip: input.destination.ip };
    } else {
      throw Errors.reachabilityInvalid('destination needs port_id or ip');
    }
    if (input.protocol !== 'icmp' && input.port === undefined) {
      throw Errors.reachabilityInvalid(`port is required for ${input.protocol}`);
    }
    const plan = await this.plan(caller.region);
    const flow: Flow = {
      sourcePortId: input.sourcePortId, destination, protocol: input.protocol,
      ...(input.port !== undefined ? { port: input.port } : {}),
    };
    return renderTrace(trace(plan, flow), caller.projectId);
  }

  /**
   * The caller's own part of the plan: its routers, and the links and inactive
   * peerings it is a party to (the far end only as ids, as the peering API shows it).
   * Each router, segment and port says whether the data plane has realised it: true or
   * false with a data plane, null when none runs (nothing is ever realised then).
   */
  async projectPlan(caller: Caller) {
    const plan = await this.plan(caller.region);
    const rows = this.deps.config.realisedOnCommit ? null : await realisedRows(this.deps.store, caller.projectId);
    const realised = rows && new Set(rows.map((r) => r.objectId));
    const isRealised = (id: string) => (realised ? realised.has(id) : null);
    const mine = (ends: ReadonlyArray<{ projectId: string }>) => ends.some((e) => e.projectId === caller.projectId);
    return {
      revision: plan.revision,
      region: plan.region,
      data_plane: realised ? 'realising' : 'none',
      routers: plan.routers.filter((r) => r.projectId === caller.projectId).map((r) => ({
        ...r,
        realised: isRealised(r.vpcId),
        segments: r.segments.map((s) => ({
          ...s, realised: isRealised(s.subnetId), ports: s.ports.map((p) => ({ ...p, realised: isRealised(p.portId) })),
        })),
      })),
      links: plan.links.filter((l) => mine(l.ends)),
      inactive_peerings: plan.inactivePeerings.filter((p) => mine(p.ends)),
    };
  }
}
