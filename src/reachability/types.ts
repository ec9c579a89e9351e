import type { PeeringStatus } from '../domain/statuses.js';
import type { RouteEntry } from '../plan/types.js';

/** The question: can this port reach that destination, and can the reply come back? */
export interface Flow {
  readonly sourcePortId: string;
  /** A port (meaning its fixed IP, whatever VPC it is in) or a bare address. */
  readonly destination: { readonly portId: string } | { readonly ip: string };
  readonly protocol: 'icmp' | 'tcp' | 'udp';
  readonly port?: number;
}

/** The verdicts of CONTRACTS.md, section Reachability. */
export const REASONS = [
  'REACHABLE', 'NO_ROUTE', 'PEERING_NOT_ACTIVE', 'NO_RETURN_ROUTE', 'TRANSIT_DENIED',
  'EDGE_TO_EDGE_DENIED', 'LOCAL_ROUTE_WINS', 'ADDRESS_NOT_FOUND',
] as const;
export type Reason = (typeof REASONS)[number];

/**
 * A plan object a hop or an obstacle refers to, enough for the HTTP layer to render it
 * for a given viewer. Peerings and links belong to both their ends' projects
 * (`peerProjectId`); both parties may see them (huawei-api.md rule 11).
 */
export interface PlanRef {
  readonly kind: 'port' | 'segment' | 'router' | 'route-table' | 'route' | 'link' | 'peering' | 'eip' | 'internet';
  readonly id: string;
  readonly projectId: string | null;
  readonly peerProjectId?: string;
  readonly name: string;
}

/** Finer than a Reason: what exactly stopped the traffic, for the explanation. */
export type ObstacleCode =
  | 'UNKNOWN_PORT'            // the source or destination port is not in the plan
  | 'NO_MATCHING_ROUTE'       // no row of the table covers the address
  | 'NO_EIP'                  // toward the Internet without an EIP bound to the sender
  | 'VPC_BLACKHOLE'           // inside the VPC's own CIDR, but in no subnet
  | 'SYSTEM_ROUTE'            // a Huawei system route (cloud services not provided here)
  | 'ROUTE_NOT_INSTALLED'     // the best row is intent the data plane cannot realise
  | 'ONLY_INACTIVE_PEERING'   // no route, and the VPCs are joined only by a non-ACTIVE peering
  | 'LOCAL_SUBNET'            // a local subnet holds the address, so it stays in the VPC
  | 'SOURCE_NOT_OF_PEER'      // anti-spoofing: source outside the sending peer's CIDR
  | 'PROTECTED_ADDRESS'       // a peer's gateway or EIP address
  | 'TRANSIT'                 // onward into another VPC from a peering
  | 'EDGE'                    // onward to the Internet from a peering
  | 'NO_SUBNET_IN_PEER'       // inside the peer's CIDR, in none of its subnets
  | 'WRONG_VPC'               // the address routes to another VPC than the destination port's
  | 'NO_PORT_HOLDS'           // no port holds the address in its subnet
  | 'NOT_AN_INSTANCE'         // a port holds it, but no instance is attached
  | 'REPLY_ELSEWHERE';        // the reply reaches another host than the source

export interface Obstacle {
  readonly reason: Reason;
  readonly code: ObstacleCode;
  readonly direction: 'forward' | 'return';
  /** Where it was met: a router, port or the Internet. */
  readonly at: PlanRef;
  /** The address the blocked packet was going to. */
  readonly address: string;
  readonly table?: PlanRef;
  readonly entry?: RouteEntry;
  /** The link crossed just before (filters), or the peering a route names. */
  readonly link?: PlanRef;
  readonly segment?: PlanRef;
  /** The block of `segment`, for the viewer who owns it. */
  readonly segmentCidr?: string;
  /** The status of the non-ACTIVE peering in `link` (ONLY_INACTIVE_PEERING). */
  readonly peeringStatus?: PeeringStatus;
  readonly port?: PlanRef;
  /**
   * A route that would fix a missing route: in `at`, toward `destination`, via `via`.
   * `destination` is a block of the VPC owned by `ownerProjectId` (its CIDR or a subnet);
   * shown to another project, only the asked address may be.
   */
  readonly suggestion?: { readonly destination: string; readonly ownerProjectId: string; readonly via: PlanRef };
}

/** One step of a path, in plan terms (rendered to text by `explain.ts`). */
export type Hop =
  | { readonly action: 'send'; readonly at: PlanRef; readonly from: string; readonly to: string }
  | { readonly action: 'route'; readonly at: PlanRef; readonly table: PlanRef; readonly destination: string;
      readonly entry: RouteEntry; readonly skipped: RouteEntry | null }
  | { readonly action: 'cross'; readonly at: PlanRef; readonly from: PlanRef; readonly to: PlanRef }
  | { readonly action: 'accept'; readonly at: PlanRef; readonly link: PlanRef; readonly source: string; readonly destination: string }
  | { readonly action: 'snat' | 'dnat'; readonly at: PlanRef; readonly eip: PlanRef; readonly from: string; readonly to: string }
  | { readonly action: 'internet'; readonly at: PlanRef; readonly destination: string }
  | { readonly action: 'deliver'; readonly at: PlanRef; readonly address: string }
  | { readonly action: 'drop'; readonly at: PlanRef; readonly obstacle: Obstacle };

export interface TraceResult {
  readonly flow: Flow;
  /** True only when the request and the reply both get through. */
  readonly reachable: boolean;
  readonly reason: Reason;
  /** The first obstacle met, null when reachable. */
  readonly obstacle: Obstacle | null;
  readonly source: PlanRef | null;
  /** The destination address, and the port that holds it when known. */
  readonly destination: { readonly ip: string | null; readonly port: PlanRef | null };
  readonly forward: readonly Hop[];
  readonly return: readonly Hop[];
}
