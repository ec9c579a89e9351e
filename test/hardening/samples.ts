/**
 * One valid request per operation, against a fixture (kit.ts), with what the peer of a
 * peering and an unrelated account must get when they send it. The isolation matrix and
 * the fuzzer both start from these.
 */
import type { Operation } from '../../src/api/huawei/operation.js';
import type { Harness } from '../api/harness.js';
import type { Fixture } from './kit.js';

/** How a caller other than the owner fares: see the file comment. */
export type OtherRule =
  | 'notFound'   // 404: the resource does not exist for it
  | 'denied'     // a 4xx, nothing changed
  | 'own'        // acts in its own project (e.g. creates its own VPC): 2xx, A's objects untouched
  | 'list'       // 200, only its own objects
  | 'n/a';       // not applicable (the unauthenticated token API)

export interface Sample {
  /** Who owns the call: A, or B for accept/reject (the accepter). */
  owner: 'A' | 'B';
  path: string;
  body?: object;
  query?: string;
  /** Peer of a peering (B when the owner is A, A when it is B). */
  peer: OtherRule | 'ok';
  unrelated: OtherRule;
  /** Ids the owner's answer must contain (proves a list is not empty by accident). */
  mustShow?: string[];
}

export function sampleFor(op: Operation, fx: Fixture, h: Harness): Sample | undefined {
  const A = `/v1/${h.a.projectId}`;
  const B = `/v1/${h.b.projectId}`;
  const d = (base: string, o: Omit<Sample, 'path'> & { path?: string }) => ({ path: base, ...o });
  const sub = (cidr: string, third: number) => cidr.replace('.0.0/16', `.${third}.0/24`);
  switch (op.name) {
    case 'KeystoneCreateUserTokenByPassword': return undefined; // covered below (no auth on the token API itself)
    case 'KeystoneListAuthProjects': return d('/v3/auth/projects', { owner: 'A', peer: 'list', unrelated: 'list', mustShow: [h.a.projectId] });
    case 'CreateVpc': return d(`${A}/vpcs`, { owner: 'A', body: { vpc: { name: 'iso-new', cidr: '192.168.0.0/16' } }, peer: 'own', unrelated: 'own' });
    case 'ListVpcs': return d(`${A}/vpcs`, { owner: 'A', peer: 'list', unrelated: 'list', mustShow: [fx.vpcA.id] });
    case 'ShowVpc': return d(`${A}/vpcs/${fx.vpcA.id}`, { owner: 'A', peer: 'notFound', unrelated: 'notFound' });
    case 'UpdateVpc': return d(`${A}/vpcs/${fx.vpcA.id}`, { owner: 'A', body: { vpc: { name: 'iso-renamed' } }, peer: 'notFound', unrelated: 'notFound' });
    case 'DeleteVpc': return d(`${A}/vpcs/${fx.bareVpcA.id}`, { owner: 'A', peer: 'notFound', unrelated: 'notFound' });
    case 'CreateSubnet': {
      const cidr = sub(fx.vpcA.cidr, 9);
      return d(`${A}/subnets`, { owner: 'A', body: { subnet: { name: 'iso-sn', cidr, gateway_ip: cidr.replace('.0/24', '.1'), vpc_id: fx.vpcA.id } }, peer: 'denied', unrelated: 'denied' });
    }
    case 'ListSubnets': return d(`${A}/subnets`, { owner: 'A', peer: 'list', unrelated: 'list', mustShow: [fx.subnetA.id] });
    case 'ShowSubnet': return d(`${A}/subnets/${fx.subnetA.id}`, { owner: 'A', peer: 'notFound', unrelated: 'notFound' });
    case 'UpdateSubnet': return d(`${A}/vpcs/${fx.vpcA.id}/subnets/${fx.subnetA.id}`, { owner: 'A', body: { subnet: { name: 'iso-sn2' } }, peer: 'notFound', unrelated: 'notFound' });
    case 'DeleteSubnet': return d(`${A}/vpcs/${fx.vpcA3.id}/subnets/${fx.bareSubnetA.id}`, { owner: 'A', peer: 'notFound', unrelated: 'notFound' });
    case 'ListRouteTables': return d(`${A}/routetables`, { owner: 'A', peer: 'list', unrelated: 'list', mustShow: [fx.tableA.id, fx.customTableA.id] });
    case 'ShowRouteTable': return d(`${A}/routetables/${fx.tableA.id}`, { owner: 'A', peer: 'notFound', unrelated: 'notFound' });
    case 'CreateRouteTable': return d(`${A}/routetables`, { owner: 'A', body: { routetable: { vpc_id: fx.vpcA.id, name: 'iso-rt' } }, peer: 'denied', unrelated: 'denied' });
    case 'UpdateRouteTable': return d(`${A}/routetables/${fx.tableA.id}`, { owner: 'A', body: { routetable: { name: 'iso-rt2' } }, peer: 'notFound', unrelated: 'notFound' });
    case 'AssociateRouteTable': return d(`${A}/routetables/${fx.customTableA.id}/action`, {
      owner: 'A', body: { routetable: { subnets: { associate: [fx.subnetA.id] } } }, peer: 'notFound', unrelated: 'notFound',
    });
    case 'DeleteRouteTable': return d(`${A}/routetables/${fx.customTableA.id}`, { owner: 'A', peer: 'notFound', unrelated: 'notFound' });
    case 'ShowQuota': return d(`${A}/quotas`, { owner: 'A', peer: 'list', unrelated: 'list' });
    case 'CreatePort': return d(`${A}/ports`, { owner: 'A', body: { port: { name: 'iso-port', network_id: fx.subnetA.id } }, peer: 'denied', unrelated: 'denied' });
    case 'ListPorts': return d(`${A}/ports`, { owner: 'A', peer: 'list', unrelated: 'list', mustShow: [fx.portA.id] });
    case 'ShowPort': return d(`${A}/ports/${fx.portA.id}`, { owner: 'A', peer: 'notFound', unrelated: 'notFound' });
    case 'UpdatePort': return d(`${A}/ports/${fx.portA.id}`, { owner: 'A', body: { port: { name: 'iso-port2' } }, peer: 'notFound', unrelated: 'notFound' });
    case 'DeletePort': return d(`${A}/ports/${fx.portA.id}`, { owner: 'A', peer: 'notFound', unrelated: 'notFound' });
    case 'CreatePublicip': return d(`${A}/publicips`, {
      owner: 'A', body: { publicip: { type: '5_bgp' }, bandwidth: { share_type: 'PER', name: 'iso-bw', size: 1 } }, peer: 'own', unrelated: 'own',
    });
    case 'ListPublicips': return d(`${A}/publicips`, { owner: 'A', peer: 'list', unrelated: 'list', mustShow: [fx.eipA.id] });
    case 'ShowPublicip': return d(`${A}/publicips/${fx.eipA.id}`, { owner: 'A', peer: 'notFound', unrelated: 'notFound' });
    case 'UpdatePublicip': return d(`${A}/publicips/${fx.eipA.id}`, { owner: 'A', body: { publicip: { port_id: fx.portA.id } }, peer: 'notFound', unrelated: 'notFound' });
    case 'DeletePublicip': return d(`${A}/publicips/${fx.eipA.id}`, { owner: 'A', peer: 'notFound', unrelated: 'notFound' });
    case 'CreateVpcPeering': return d('/v2.0/vpc/peerings', {
      owner: 'A', body: { peering: { name: 'iso-peer', request_vpc_info: { vpc_id: fx.vpcA3.id }, accept_vpc_info: { vpc_id: fx.vpcB.id, tenant_id: h.b.projectId } } },
      peer: 'denied', unrelated: 'denied',
    });
    case 'ListVpcPeerings': return d('/v2.0/vpc/peerings', { owner: 'A', peer: 'list', unrelated: 'list', mustShow: [fx.pending.id, fx.active.id, fx.privatePeering.id] });
    case 'ShowVpcPeering': return d(`/v2.0/vpc/peerings/${fx.pending.id}`, { owner: 'A', peer: 'ok', unrelated: 'notFound' });
    case 'UpdateVpcPeering': return d(`/v2.0/vpc/peerings/${fx.pending.id}`, { owner: 'A', body: { peering: { name: 'iso-peer2' } }, peer: 'ok', unrelated: 'notFound' });
    case 'DeleteVpcPeering': return d(`/v2.0/vpc/peerings/${fx.active.id}`, { owner: 'A', peer: 'ok', unrelated: 'notFound' });
    case 'AcceptVpcPeering': return d(`/v2.0/vpc/peerings/${fx.pending.id}/accept`, { owner: 'B', peer: 'denied', unrelated: 'notFound' });
    case 'RejectVpcPeering': return d(`/v2.0/vpc/peerings/${fx.pending.id}/reject`, { owner: 'B', peer: 'denied', unrelated: 'notFound' });
    case 'CreateVpcRoute': return d('/v2.0/vpc/routes', {
      owner: 'A', body: { route: { type: 'peering', nexthop: fx.active.id, destination: sub(fx.vpcB2.cidr, 200), vpc_id: fx.vpcA2.id } },
      peer: 'denied', unrelated: 'denied',
    });
    case 'ListVpcRoutes': return d('/v2.0/vpc/routes', { owner: 'A', peer: 'list', unrelated: 'list', mustShow: [fx.routeA.id] });
    case 'ShowVpcRoute': return d(`/v2.0/vpc/routes/${fx.routeA.id}`, { owner: 'A', peer: 'notFound', unrelated: 'notFound' });
    case 'DeleteVpcRoute': return d(`/v2.0/vpc/routes/${fx.routeA.id}`, { owner: 'A', peer: 'notFound', unrelated: 'notFound' });
    case 'CheckReachability': return d(`/isthmus/v1/${h.a.projectId}/reachability`, {
      owner: 'A', body: { source: { port_id: fx.portA.id }, destination: { ip: '203.0.113.10' }, protocol: 'icmp' }, peer: 'notFound', unrelated: 'notFound',
    });
    case 'ShowNetworkPlan': return d(`/isthmus/v1/${h.a.projectId}/plan`, { owner: 'A', peer: 'list', unrelated: 'list', mustShow: [fx.vpcA.id] });
    case 'ListEvents': return d(`/isthmus/v1/${h.a.projectId}/events`, { owner: 'A', query: 'limit=1000', peer: 'list', unrelated: 'list', mustShow: [fx.vpcA.id] });
  }
  void B;
  return undefined;
}

