import type { PeeringStatus, RouteType } from '../domain/statuses.js';

/**
 * The NetworkPlan: what `compile(snapshot)` makes of the stored intent, and the one
 * artifact both readers use. `reachability/trace()` explains it; the data-plane
 * reconciler realises it in the kernel. It is plain JSON data (no Map, no class, no
 * Date), sorted deterministically, so it can be printed, diffed and golden-tested.
 * Indexes for fast lookups are built beside it (see `plan/plan-index.ts`), never inside.
 *
 * Addresses and blocks are written as text ("192.168.1.10", "192.168.1.0/24"), as in
 * the API; every CIDR here is canonical (host bits clear).
 */
export interface NetworkPlan {
  /** The snapshot revision this plan was compiled from. */
  readonly revision: number;
  readonly region: string;
  /** One router per VPC, sorted by VPC id. */
  readonly routers: readonly Router[];
  /** One link per ACTIVE peering, sorted by peering id. Only these carry traffic. */
  readonly links: readonly Link[];
  /**
   * Peerings that exist but are not ACTIVE (PENDING_ACCEPTANCE, REJECTED, EXPIRED),
   * sorted by id. They carry nothing; they are here so that trace can say
   * PEERING_NOT_ACTIVE instead of a bare NO_ROUTE. DELETED peerings are left out:
   * a deleted peering is as if it had never existed.
   */
  readonly inactivePeerings: readonly InactivePeering[];
  readonly internet: Internet;
}

/** A VPC as a router: its segments (subnets), route tables, filters and NAT. */
export interface Router {
  readonly vpcId: string;
  readonly projectId: string;
  readonly name: string;
  /** The VPC CIDR, or null for a VPC created without one (it then has no subnets). */
  readonly cidr: string | null;
  /** Sorted by subnet CIDR. */
  readonly segments: readonly Segment[];
  /**
   * Sorted by id, the default table first. Every segment names exactly one table
   * (`Segment.routeTableId`): the one it is associated with, else the default table.
   */
  readonly routeTables: readonly RouteTablePlan[];
  readonly filter: RouterFilter;
  /** One 1:1 NAT per EIP bound to a port of this VPC, sorted by public address. */
  readonly nat: readonly EipNat[];
}

/** A subnet: one L2 segment behind the router, whose gateway address the router holds. */
export interface Segment {
  readonly subnetId: string;
  readonly name: string;
  readonly cidr: string;
  readonly gatewayIp: string;
  readonly routeTableId: string;
  /** Every port of the subnet, sorted by IP address then id. */
  readonly ports: readonly PlanPort[];
}

export interface PlanPort {
  readonly portId: string;
  readonly projectId: string;
  readonly name: string;
  readonly ip: string;
  readonly mac: string;
  readonly deviceOwner: string;
  readonly deviceId: string;
  /**
   * True when `deviceOwner` is not empty: an instance (ECS, RDS...). Only instances are
   * realised as hosts, so only they answer traffic sent to their address.
   */
  readonly instance: boolean;
  readonly eip: { readonly eipId: string; readonly publicIp: string } | null;
}

export interface RouteTablePlan {
  readonly routeTableId: string;
  readonly name: string;
  readonly isDefault: boolean;
  /**
   * True when the snapshot has no default table for the VPC and compile stood one in
   * (id `default:<vpc id>`), so that every subnet still has a table to use.
   */
  readonly synthetic: boolean;
  /** Subnets using this table, sorted by id. */
  readonly subnetIds: readonly string[];
  /**
   * In decision order. First every `local` and `system` entry (they never overlap each
   * other, and a destination inside one of them is decided by it whatever else
   * matches: local routes win). Then the remaining entries by prefix length, longest
   * first (ties: by network address; for the same block a custom route comes before the
   * VPC blackhole), the `internet` entry last. A lookup takes the first entry that
   * contains the destination and is `installed`; entries that are not installed are
   * intent kept for explanation only.
   */
  readonly entries: readonly RouteEntry[];
}

/**
 * One row of a route table. `installed` says whether the data plane puts it in the
 * kernel; a lookup skips rows that are not installed, exactly as the kernel, which
 * never saw them, would.
 */
export type RouteEntry =
  | LocalEntry
  | SystemEntry
  | PeeringEntry
  | UnrealisedEntry
  | BlackholeEntry
  | InternetEntry;

/** A subnet of this VPC: delivered on its segment. Always installed. */
export interface LocalEntry {
  readonly kind: 'local';
  readonly destination: string;
  readonly subnetId: string;
  readonly installed: true;
}

/**
 * A Huawei system route (100.64.0.0/10, 198.19.128.0/20, 127.0.0.0/8) toward cloud
 * services this product does not have. It wins like a local route and leads nowhere:
 * installed as a blackhole.
 */
export interface SystemEntry {
  readonly kind: 'system';
  readonly destination: string;
  readonly installed: true;
}

/** Why a custom route is in the table but not in the kernel. */
export type NotInstalledBecause =
  /** Its peering exists but is not ACTIVE, so there is no link to send it on. */
  | 'PEERING_NOT_ACTIVE'
  /** Its peering does not have this VPC as one of its ends. */
  | 'PEERING_NOT_OF_THIS_VPC'
  /** Its destination lies inside a subnet of the VPC: the local route always wins. */
  | 'SHADOWED_BY_LOCAL'
  /** Another route of the table has the same destination (the lowest route id wins). */
  | 'DUPLICATE_DESTINATION'
  /** A next-hop type (ecs, vip, nat, vpn, ...) that this product does not realise. */
  | 'NEXT_HOP_NOT_REALISED';

/** A custom route whose next hop is a peering. */
export interface PeeringEntry {
  readonly kind: 'peering';
  readonly destination: string;
  readonly routeId: string;
  readonly description: string;
  readonly peeringId: string;
  readonly peeringName: string;
  readonly peeringStatus: PeeringStatus;
  /** The VPC at the other end of the peering (null when this VPC is not an end). */
  readonly peerVpcId: string | null;
  readonly peerProjectId: string | null;
  readonly installed: boolean;
  readonly notInstalledBecause: NotInstalledBecause | null;
}

/**
 * A custom route of another type (ecs, eni, vip, nat, vpn, dc, er). Stored and shown
 * as Huawei would, but no such next hop exists here: never installed.
 */
export interface UnrealisedEntry {
  readonly kind: 'unrealised';
  readonly destination: string;
  readonly routeId: string;
  readonly description: string;
  readonly type: RouteType;
  readonly nexthop: string;
  readonly installed: false;
  readonly notInstalledBecause: NotInstalledBecause;
}

/**
 * The VPC CIDR itself: addresses of the VPC that no subnet holds are unreachable
 * rather than sent anywhere else. Left out when an installed custom route has exactly
 * the VPC CIDR as destination (Huawei accepts such a route when the VPC has no subnets).
 */
export interface BlackholeEntry {
  readonly kind: 'blackhole';
  readonly destination: string;
  readonly installed: true;
}

/**
 * Toward the Internet: every address outside all VPC CIDRs of the region
 * (`Internet.excludes`). It applies only to traffic from a port with a bound EIP,
 * which leaves through that port's 1:1 NAT; for any other source it is as absent.
 */
export interface InternetEntry {
  readonly kind: 'internet';
  readonly destination: '0.0.0.0/0';
  readonly installed: true;
}

/**
 * The guard that makes peering non-transitive and forbids edge-to-edge use. It applies
 * to traffic entering the router from any peering link:
 * - its source must lie in the CIDR of the peer at the other end of that link;
 * - it may leave only toward the VPC's own subnets (never into another link, never
 *   toward the Internet);
 * - the router's own addresses (gateways) and the VPC's EIPs are unreachable from it.
 */
export interface RouterFilter {
  /** Per ACTIVE link of this router, sorted by peering id: allowed source blocks. */
  readonly peerSources: readonly { readonly peeringId: string; readonly peerVpcId: string; readonly sources: readonly string[] }[];
  /** The only destinations peer traffic may reach: the subnet CIDRs, sorted. */
  readonly peerDestinations: readonly string[];
  /** Addresses peers may never reach, sorted: gateway addresses and EIPs. */
  readonly protectedAddresses: readonly string[];
}

/** 1:1 NAT between a port's fixed IP and its EIP, toward the Internet only. */
export interface EipNat {
  readonly eipId: string;
  readonly publicIp: string;
  readonly portId: string;
  readonly privateIp: string;
}

/** An ACTIVE peering: a point-to-point link between two routers. */
export interface Link {
  readonly peeringId: string;
  readonly name: string;
  /** The /31 both ends share, out of 169.254.0.0/16; null only if the pool ran out. */
  readonly network: string | null;
  /** [requester end, accepter end]. */
  readonly ends: readonly [LinkEnd, LinkEnd];
}

export interface LinkEnd {
  readonly vpcId: string;
  readonly projectId: string;
  /** This end's address in `Link.network` (requester: even, accepter: odd), or null. */
  readonly address: string | null;
}

export interface InactivePeering {
  readonly peeringId: string;
  readonly name: string;
  readonly status: PeeringStatus;
  readonly ends: readonly [{ readonly vpcId: string; readonly projectId: string }, { readonly vpcId: string; readonly projectId: string }];
}

/** Everything outside the region's VPCs. Reached only through a port's EIP. */
export interface Internet {
  /** Every VPC CIDR of the region, sorted and de-duplicated: these are never the Internet. */
  readonly excludes: readonly string[];
}

/** The address pool peering links take their /31 from. */
export const LINK_POOL = '169.254.0.0/16';

/** Huawei's system routes, present in every route table (huawei-api.md rule 18). */
export const SYSTEM_ROUTES: readonly string[] = ['100.64.0.0/10', '198.19.128.0/20', '127.0.0.0/8'];
