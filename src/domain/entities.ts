import type { EipStatus, PeeringStatus, PortStatus, RouteType, SubnetStatus, VpcStatus } from './statuses.js';

/**
 * The stored intent. Timestamps are ISO strings in UTC (`2026-11-26T13:37:00.000Z`);
 * the API formats them as Huawei does. Ids are UUIDs, except project ids, which are
 * 32 lower-case hex digits as on Huawei Cloud.
 */

/** A Huawei "domain": the tenant that owns users and one project per region. */
export interface Account {
  id: string;
  name: string;
  createdAt: string;
}

export interface User {
  id: string;
  accountId: string;
  name: string;
  /** scrypt hash of the password, `salt:hash` in hex. */
  passwordHash: string;
  /** The password is derived from the secret key and this number (service/passwords.ts). */
  passwordGeneration: number;
  accessKey: string;
  secretKey: string;
}

/** A project is bound to exactly one region; `tenant_id` on the wire is its id. */
export interface Project {
  id: string;
  accountId: string;
  region: string;
  /** Huawei names a region's default project after the region, e.g. "eu-de". */
  name: string;
}

export interface Vpc {
  id: string;
  projectId: string;
  name: string;
  description: string;
  /** Empty when the VPC was created without a CIDR. */
  cidr: string;
  status: VpcStatus;
  enterpriseProjectId: string;
  createdAt: string;
  updatedAt: string;
}

export interface Subnet {
  id: string;
  projectId: string;
  vpcId: string;
  name: string;
  description: string;
  cidr: string;
  gatewayIp: string;
  dhcpEnable: boolean;
  primaryDns: string;
  secondaryDns: string;
  dnsList: string[];
  availabilityZone: string;
  extraDhcpOpts: Array<{ opt_name: string; opt_value?: string }>;
  /** The route table whose routes apply to traffic leaving this subnet. */
  routeTableId: string;
  status: SubnetStatus;
  createdAt: string;
  updatedAt: string;
}

export interface RouteTable {
  id: string;
  projectId: string;
  vpcId: string;
  name: string;
  description: string;
  /** Every VPC has exactly one default table; it cannot be deleted. */
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * A user route in a route table. v2.0 peering routes (`/v2.0/vpc/routes`) are the
 * `peering` rows of their VPC's default table: one record, two views.
 */
export interface Route {
  id: string;
  projectId: string;
  vpcId: string;
  routeTableId: string;
  type: RouteType;
  destination: string;
  /** A peering id for `peering` routes; an IP or a resource id for the other types. */
  nexthop: string;
  description: string;
  createdAt: string;
}

export interface Peering {
  id: string;
  name: string;
  description: string;
  status: PeeringStatus;
  requestVpcId: string;
  requestProjectId: string;
  acceptVpcId: string;
  acceptProjectId: string;
  createdAt: string;
  updatedAt: string;
  /** When a PENDING_ACCEPTANCE request turns EXPIRED; null once it left that state. */
  expiresAt: string | null;
}

/** A port; with a non-empty `deviceOwner` it is an instance (an ECS server, an RDS database). */
export interface Port {
  id: string;
  projectId: string;
  vpcId: string;
  subnetId: string;
  name: string;
  deviceOwner: string;
  deviceId: string;
  macAddress: string;
  ipAddress: string;
  status: PortStatus;
  adminStateUp: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Eip {
  id: string;
  projectId: string;
  publicIpAddress: string;
  type: string;
  alias: string;
  bandwidthName: string;
  bandwidthSize: number;
  bandwidthShareType: string;
  /** The port it is bound to, or null while unbound. */
  portId: string | null;
  status: EipStatus;
  createdAt: string;
}
