import { Type, type Static } from '@sinclair/typebox';
import type { Eip, Peering, Port, Route, Subnet, Vpc } from '../../domain/entities.js';
import { huaweiSpaceTime, huaweiTime } from '../../domain/time.js';
import { VpcStatus, SubnetStatus } from '../../domain/statuses.js';
import type { RouteTableView } from '../../service/route-tables.js';
import { neutronSubnetId } from '../../service/subnets.js';
import { SYSTEM_LOCAL_ROUTES } from '../../service/route-rules.js';

/** Wire shapes of every resource, field for field as Huawei answers (huawei-api.md §1). */

export function vpcView(v: Vpc, opts: { creating?: boolean } = {}) {
  const view: Record<string, unknown> = {
    id: v.id, name: v.name, description: v.description, cidr: v.cidr,
    // A create answers CREATING, as Huawei's does; reads show the realised status.
    status: opts.creating ? VpcStatus.Creating : v.status,
    routes: [], enterprise_project_id: v.enterpriseProjectId, tenant_id: v.projectId,
    created_at: huaweiTime(v.createdAt), updated_at: huaweiTime(v.updatedAt),
  };
  if (!opts.creating) view.enable_shared_snat = false;
  return view;
}

export function subnetView(s: Subnet, opts: { creating?: boolean } = {}) {
  return {
    id: s.id, name: s.name, description: s.description, cidr: s.cidr, gateway_ip: s.gatewayIp,
    ipv6_enable: false, dhcp_enable: s.dhcpEnable, primary_dns: s.primaryDns, secondary_dns: s.secondaryDns,
    dnsList: s.dnsList, availability_zone: s.availabilityZone, vpc_id: s.vpcId,
    status: opts.creating ? SubnetStatus.Unknown : s.status,
    neutron_network_id: s.id, neutron_subnet_id: neutronSubnetId(s.id), extra_dhcp_opts: s.extraDhcpOpts,
    scope: 'center', tenant_id: s.projectId, created_at: huaweiTime(s.createdAt), updated_at: huaweiTime(s.updatedAt),
  };
}

export function routeTableView(v: RouteTableView) {
  const local = [...v.localCidrs, ...SYSTEM_LOCAL_ROUTES].map((destination) => ({
    type: 'local', destination, nexthop: '-', description: '',
  }));
  return {
    id: v.table.id, name: v.table.name, default: v.table.isDefault,
    routes: [...local, ...v.routes.map((r) => ({ type: r.type, destination: r.destination, nexthop: r.nexthop, description: r.description }))],
    subnets: v.subnetIds.map((id) => ({ id })), tenant_id: v.table.projectId, vpc_id: v.table.vpcId,
    description: v.table.description, created_at: huaweiTime(v.table.createdAt), updated_at: huaweiTime(v.table.updatedAt),
  };
}

const vpcInfo = Type.Object({ vpc_id: Type.String(), tenant_id: Type.String() });

/** The wire shape of `peeringView`, for response schemas (every field, as a compiled serialiser keeps only these). */
export const PeeringViewSchema = Type.Object({
  id: Type.String(), name: Type.String(), status: Type.String(),
  request_vpc_info: vpcInfo, accept_vpc_info: vpcInfo,
  description: Type.String(), created_at: Type.String(), updated_at: Type.String(),
});

export function peeringView(p: Peering): Static<typeof PeeringViewSchema> {
  return {
    id: p.id, name: p.name, status: p.status,
    request_vpc_info: { vpc_id: p.requestVpcId, tenant_id: p.requestProjectId },
    accept_vpc_info: { vpc_id: p.acceptVpcId, tenant_id: p.acceptProjectId },
    description: p.description, created_at: huaweiTime(p.createdAt), updated_at: huaweiTime(p.updatedAt),
  };
}

export function routeView(r: Route) {
  return { id: r.id, destination: r.destination, nexthop: r.nexthop, type: r.type, vpc_id: r.vpcId, tenant_id: r.projectId };
}

export function portView(p: Port) {
  return {
    id: p.id, name: p.name, network_id: p.subnetId, admin_state_up: p.adminStateUp, mac_address: p.macAddress,
    fixed_ips: [{ subnet_id: p.subnetId, ip_address: p.ipAddress }], device_id: p.deviceId, device_owner: p.deviceOwner,
    tenant_id: p.projectId, status: p.status, security_groups: [], allowed_address_pairs: [], extra_dhcp_opts: [],
    binding_vnic_type: 'normal', dns_assignment: [], dns_name: '', instance_id: p.deviceId, instance_type: '',
    port_security_enabled: true, zone_id: '', enable_efi: false, ipv6_bandwidth_id: '',
  };
}

export function eipView(e: Eip, port?: Port) {
  const view: Record<string, unknown> = {
    id: e.id, status: e.status, type: e.type, public_ip_address: e.publicIpAddress, ip_version: 4,
    tenant_id: e.projectId, create_time: huaweiSpaceTime(e.createdAt), bandwidth_size: e.bandwidthSize,
    bandwidth_name: e.bandwidthName, bandwidth_share_type: e.bandwidthShareType, bandwidth_id: e.id,
    alias: e.alias, enterprise_project_id: '0', public_border_group: 'center', profile: {}, tags: [],
    allow_share_bandwidth_types: [],
  };
  if (e.portId !== null) {
    view.port_id = e.portId;
    if (port) view.private_ip_address = port.ipAddress;
  }
  return view;
}
