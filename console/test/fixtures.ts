import type { Peering, Port, PublicIp, Subnet, Vpc } from '../src/api/types';

// The seed's Figure 1: VPC-A with two service servers, VPC-B with two databases, and
// peering-AB between them; plus a request from another account to VPC-B.
export const ME = 'p-mine';
export const OTHER = 'p-other';
export const U = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const vpcA: Vpc = { id: U(1), name: 'VPC-A', cidr: '192.168.0.0/16', status: 'OK' };
export const vpcB: Vpc = { id: U(2), name: 'VPC-B', cidr: '172.16.0.0/16', status: 'OK' };
export const subnetA: Subnet = { id: U(11), name: 'subnet-A', cidr: '192.168.1.0/24', gateway_ip: '192.168.1.1', vpc_id: vpcA.id };
export const subnetB: Subnet = { id: U(12), name: 'subnet-B', cidr: '172.16.1.0/24', gateway_ip: '172.16.1.1', vpc_id: vpcB.id };

const port = (n: number, name: string, s: Subnet, ip: string, owner = 'compute:eu-de-01'): Port => ({
  id: U(n), name, network_id: s.id, device_owner: owner, status: 'ACTIVE', fixed_ips: [{ ip_address: ip, subnet_id: s.id }],
});
export const ecsA01 = port(21, 'ECS-A01', subnetA, '192.168.1.10');
export const ecsA02 = port(22, 'ECS-A02', subnetA, '192.168.1.11');
export const rdsB01 = port(23, 'RDS-B01', subnetB, '172.16.1.10');
export const rdsB02 = port(24, 'RDS-B02', subnetB, '172.16.1.11');
/** A port without a device owner (a DHCP port, say) is not an instance. */
export const dhcpPort = port(25, 'dhcp', subnetA, '192.168.1.253', '');

export const eip: PublicIp = { id: U(31), public_ip_address: '198.51.100.7', port_id: ecsA01.id, status: 'ACTIVE' };

export const peeringAB: Peering = {
  id: U(41), name: 'peering-AB', status: 'ACTIVE',
  request_vpc_info: { vpc_id: vpcA.id, tenant_id: ME }, accept_vpc_info: { vpc_id: vpcB.id, tenant_id: ME },
  created_at: '2026-11-01T10:00:00',
};
export const incomingToB: Peering = {
  id: U(42), name: 'from-partner', status: 'PENDING_ACCEPTANCE',
  request_vpc_info: { vpc_id: U(99), tenant_id: OTHER }, accept_vpc_info: { vpc_id: vpcB.id, tenant_id: ME },
  created_at: '2026-11-01T11:00:00',
};
export const outgoingFromA: Peering = {
  id: U(43), name: 'to-partner', status: 'PENDING_ACCEPTANCE',
  request_vpc_info: { vpc_id: vpcA.id, tenant_id: ME }, accept_vpc_info: { vpc_id: U(98), tenant_id: OTHER },
  created_at: '2026-11-01T12:00:00',
};
export const rejected: Peering = { ...outgoingFromA, id: U(44), name: 'was-rejected', status: 'REJECTED', accept_vpc_info: { vpc_id: U(97), tenant_id: OTHER } };

export const world = {
  projectId: ME,
  vpcs: [vpcA, vpcB],
  subnets: [subnetA, subnetB],
  ports: [ecsA01, ecsA02, rdsB01, rdsB02, dhcpPort],
  publicIps: [eip],
  peerings: [peeringAB, incomingToB, outgoingFromA, rejected],
};
