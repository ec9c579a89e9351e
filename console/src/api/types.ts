// Wire types of the Huawei Cloud / OTC VPC API as the console uses them. `tenant_id`
// always means a project id.

export type PeeringStatus = 'PENDING_ACCEPTANCE' | 'REJECTED' | 'EXPIRED' | 'ACTIVE' | 'DELETED';

export interface Vpc {
  id: string;
  name: string;
  description?: string;
  cidr: string;
  status: 'CREATING' | 'OK' | string;
  tenant_id?: string;
  created_at?: string;
  updated_at?: string;
}

export interface Subnet {
  id: string;
  name: string;
  description?: string;
  cidr: string;
  gateway_ip: string;
  vpc_id: string;
  status?: string;
  tenant_id?: string;
}

export interface RouteTableRoute {
  type: string;
  destination: string;
  nexthop: string;
  description?: string;
}

export interface RouteTable {
  id: string;
  name: string;
  default?: boolean;
  routes: RouteTableRoute[];
  subnets: { id: string }[];
  vpc_id: string;
}

export interface VpcInfo {
  vpc_id: string;
  tenant_id?: string;
}

export interface Peering {
  id: string;
  name: string;
  status: PeeringStatus | string;
  request_vpc_info: VpcInfo;
  accept_vpc_info: VpcInfo;
  description?: string;
  created_at?: string;
  updated_at?: string;
}

export interface PeeringRoute {
  id: string;
  destination: string;
  nexthop: string;
  type: 'peering' | string;
  vpc_id: string;
  tenant_id?: string;
}

export interface FixedIp {
  ip_address: string;
  subnet_id: string;
}

export interface Port {
  id: string;
  name: string;
  fixed_ips: FixedIp[];
  device_owner: string;
  network_id: string;
  status?: string;
}

export interface PublicIp {
  id: string;
  public_ip_address: string;
  port_id?: string | null;
  private_ip_address?: string | null;
  status: string;
  bandwidth_size?: number;
}

export interface Project {
  id: string;
  name: string;
  domain_id?: string;
  enabled?: boolean;
}

/** One step of a reachability trace, as `POST /isthmus/v1/{project_id}/reachability` answers it. */
export interface Hop {
  at: string;
  action: string;
  detail: string;
}

export type ReachabilityReason =
  | 'REACHABLE'
  | 'NO_ROUTE'
  | 'PEERING_NOT_ACTIVE'
  | 'NO_RETURN_ROUTE'
  | 'TRANSIT_DENIED'
  | 'EDGE_TO_EDGE_DENIED'
  | 'LOCAL_ROUTE_WINS'
  | 'ADDRESS_NOT_FOUND';

export interface ReachabilityRequest {
  source: { port_id: string };
  destination: { port_id: string } | { ip: string };
  protocol: 'icmp' | 'tcp' | 'udp';
  port?: number;
}

export interface ReachabilityResult {
  reachable: boolean;
  reason: ReachabilityReason | string;
  explanation: string;
  forward: Hop[];
  return: Hop[];
}

/** What the token API says about the caller. */
export interface TokenInfo {
  expires_at: string;
  issued_at?: string;
  user: { id: string; name: string; domain: { id: string; name: string } };
  project: { id: string; name: string; domain?: { id: string; name: string } };
}
