import type { RouteEntry } from '../plan/types.js';
import type { PlanRef, TraceResult } from './types.js';

/**
 * What one project may see of a trace. Its own objects are shown by name. Another
 * project's objects are shown only as the API shows them to a peering party: VPC id and
 * project id, never names, ports, subnets or routes; of their addresses only the one
 * the viewer asked about. A peering is visible by name to both its ends (rule 11).
 */
export class Viewer {
  private readonly safeAddresses: ReadonlySet<string>;

  constructor(readonly projectId: string, result: TraceResult) {
    const safe = new Set<string>();
    if (result.destination.ip) safe.add(result.destination.ip);
    // Addresses the viewer's own ports hold, and the Internet's, are no secret to it.
    for (const hop of [...result.forward, ...result.return]) {
      if (hop.action === 'send' && this.owns(hop.at)) safe.add(hop.from);
      if ((hop.action === 'snat' || hop.action === 'dnat') && this.owns(hop.eip)) { safe.add(hop.from); safe.add(hop.to); }
      if (hop.action === 'internet') safe.add(hop.destination);
    }
    this.safeAddresses = safe;
  }

  owns(ref: PlanRef): boolean {
    return ref.kind === 'internet' || ref.projectId === this.projectId || (ref.kind === 'link' || ref.kind === 'peering') && ref.peerProjectId === this.projectId;
  }

  /** An address, or "a hidden address" when it belongs to another project and was not asked about. */
  address(text: string, owner: PlanRef): string {
    return this.owns(owner) || this.safeAddresses.has(text) ? text : 'an address of another project';
  }

  /** A VPC (router) as a sentence subject: "VPC-A", or "VPC 1f2e... (project 9a8b...)". */
  vpc(ref: PlanRef): string {
    if (this.owns(ref)) return ref.name ? ref.name : `VPC ${ref.id}`;
    return `VPC ${ref.id} (project ${ref.projectId ?? '?'})`;
  }

  peering(ref: PlanRef): string {
    if (!this.owns(ref)) return 'a peering of another project';
    return ref.name ? `${ref.name}` : `peering ${ref.id}`;
  }

  /** Any object, as the `at` of a hop. */
  at(ref: PlanRef): string {
    switch (ref.kind) {
      case 'router': return this.vpc(ref);
      case 'link': case 'peering': return this.owns(ref) ? `peering ${ref.name || ref.id}` : 'a peering of another project';
      case 'internet': return 'Internet';
      default:
        if (this.owns(ref)) return `${ref.kind} ${ref.name || ref.id}`;
        return `a ${ref.kind} of another project`;
    }
  }

  /** A route row of `router`'s table; another project's rows are not for the viewer to read. */
  entry(entry: RouteEntry, router: PlanRef): string {
    if (!this.owns(router)) {
      if (entry.kind === 'peering') return `a route via ${this.peering({ kind: 'peering', id: entry.peeringId, projectId: router.projectId, ...(entry.peerProjectId ? { peerProjectId: entry.peerProjectId } : {}), name: entry.peeringName })}`;
      return entry.kind === 'local' ? 'a local route' : `a ${entry.kind} route`;
    }
    switch (entry.kind) {
      case 'local': return `local route ${entry.destination}`;
      case 'system': return `system route ${entry.destination}`;
      case 'blackhole': return `the VPC CIDR ${entry.destination}, which no subnet holds`;
      case 'internet': return 'the Internet, through the port\'s EIP';
      case 'peering': return `route ${entry.destination} via ${entry.peeringName || entry.peeringId} (${entry.peeringStatus})`;
      case 'unrealised': return `route ${entry.destination} via ${entry.type} ${entry.nexthop}`;
    }
  }
}
