import type { Generated, Kysely } from 'kysely';

/**
 * Table shapes, shared by every dialect. Booleans are integers (0/1) and lists are JSON
 * text, so one query layer serves SQLite and PostgreSQL alike.
 */
export interface Database {
  meta: { key: string; value: string };
  accounts: { id: string; name: string; created_at: string };
  users: {
    id: string; account_id: string; name: string; password_hash: string; access_key: string; secret_key: string;
    /** Migration 007: which derived password is the current one (service/passwords.ts). */
    password_generation: Generated<number>;
  };
  projects: { id: string; account_id: string; region: string; name: string };
  quotas: { project_id: string; type: string; limit: number };
  vpcs: {
    id: string; project_id: string; name: string; description: string; cidr: string; status: string;
    enterprise_project_id: string; created_at: string; updated_at: string;
  };
  subnets: {
    id: string; project_id: string; vpc_id: string; name: string; description: string; cidr: string;
    gateway_ip: string; dhcp_enable: number; primary_dns: string; secondary_dns: string; dns_list: string;
    availability_zone: string; extra_dhcp_opts: string; route_table_id: string; status: string;
    created_at: string; updated_at: string;
  };
  route_tables: {
    id: string; project_id: string; vpc_id: string; name: string; description: string; is_default: number;
    created_at: string; updated_at: string;
  };
  routes: {
    id: string; project_id: string; vpc_id: string; route_table_id: string; type: string; destination: string;
    nexthop: string; description: string; created_at: string;
  };
  peerings: {
    id: string; name: string; description: string; status: string;
    request_vpc_id: string; request_project_id: string; accept_vpc_id: string; accept_project_id: string;
    /** The unordered pair, smaller id first: a unique index enforces one peering per pair. */
    vpc_low: string; vpc_high: string;
    created_at: string; updated_at: string; expires_at: string | null;
  };
  ports: {
    id: string; project_id: string; vpc_id: string; subnet_id: string; name: string; device_owner: string;
    device_id: string; mac_address: string; ip_address: string; status: string; admin_state_up: number;
    created_at: string; updated_at: string;
  };
  eips: {
    id: string; project_id: string; public_ip_address: string; type: string; alias: string; bandwidth_name: string;
    bandwidth_size: number; bandwidth_share_type: string; port_id: string | null; status: string; created_at: string;
  };
  /** The audit trail (migration 003; reshaped by 006): no bodies, no secrets. */
  events: {
    id: string; time: string; project_id: string; peer_project_id: string | null; user_id: string | null;
    account_id: string | null; operation: string; resource_type: string; resource_id: string | null;
    status: number; error_code: string | null; request_id: string;
  };
  /** The change log of network intent (migration 005, reshaped by 006; repos/changes.ts). */
  intent_changes: { revision: number; entity: string; id: string; project_id: string };
}

export type Db = Kysely<Database>;
