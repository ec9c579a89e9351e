import { Type } from '@sinclair/typebox';
import { Errors } from '../../../domain/errors.js';
import type { Operation } from '../operation.js';
import { checkMarker, pageOf, pageQuery } from '../pagination.js';
import { subnetView } from '../views.js';
import { description255, name64, projectParam, shortString, uuid } from './common.js';

const invalid = (detail: string) => Errors.subnetInvalid(detail);
const dhcpOpts = Type.Array(Type.Object({ opt_name: shortString(64), opt_value: Type.Optional(shortString(255)) }), { maxItems: 10 });
const ip = () => shortString(15);

export const subnetOperations: Operation[] = [
  {
    name: 'CreateSubnet', method: 'POST', path: '/v1/:project_id/subnets', family: 'v1', tag: 'Subnet', status: 200, invalid,
    summary: 'Create a subnet inside a VPC (status UNKNOWN, then ACTIVE).',
    schema: {
      params: Type.Object(projectParam),
      body: Type.Object({
        subnet: Type.Object({
          name: name64(), description: Type.Optional(description255()), cidr: shortString(18), gateway_ip: ip(), vpc_id: uuid(),
          ipv6_enable: Type.Optional(Type.Boolean()), dhcp_enable: Type.Optional(Type.Boolean()),
          primary_dns: Type.Optional(ip()), secondary_dns: Type.Optional(ip()),
          dnsList: Type.Optional(Type.Array(ip(), { maxItems: 2 })), availability_zone: Type.Optional(shortString(64)),
          extra_dhcp_opts: Type.Optional(dhcpOpts),
        }),
      }),
    },
    handler: async ({ caller, body, services }) => {
      const s = body.subnet;
      const subnet = await services.subnets.create(caller, {
        name: s.name, description: s.description, cidr: s.cidr, gatewayIp: s.gateway_ip, vpcId: s.vpc_id,
        dhcpEnable: s.dhcp_enable, primaryDns: s.primary_dns, secondaryDns: s.secondary_dns, dnsList: s.dnsList,
        availabilityZone: s.availability_zone, extraDhcpOpts: s.extra_dhcp_opts, ipv6Enable: s.ipv6_enable,
      });
      return { subnet: subnetView(subnet, { creating: true }) };
    },
  },
  {
    name: 'ListSubnets', method: 'GET', path: '/v1/:project_id/subnets', family: 'v1', tag: 'Subnet', status: 200, invalid,
    summary: 'List the subnets of the project, optionally of one VPC.',
    schema: { params: Type.Object(projectParam), querystring: Type.Object({ ...pageQuery, vpc_id: Type.Optional(shortString(64)) }) },
    handler: async ({ caller, query, services }) => {
      await checkMarker(query.marker, async (id) => (await services.deps.store.read.subnets.get(id))?.projectId === caller.projectId, invalid);
      const page = await services.subnets.list(caller, { vpcId: query.vpc_id }, pageOf(query));
      return { subnets: page.items.map((s) => subnetView(s)) };
    },
  },
  {
    name: 'ShowSubnet', method: 'GET', path: '/v1/:project_id/subnets/:subnet_id', family: 'v1', tag: 'Subnet', status: 200, invalid,
    summary: 'Show one subnet.',
    schema: { params: Type.Object({ ...projectParam, subnet_id: uuid() }) },
    handler: async ({ caller, params, services }) => ({ subnet: subnetView(await services.subnets.show(caller, params.subnet_id)) }),
  },
  {
    name: 'UpdateSubnet', method: 'PUT', path: '/v1/:project_id/vpcs/:vpc_id/subnets/:subnet_id', family: 'v1', tag: 'Subnet',
    status: 200, invalid, summary: 'Update a subnet (name is required); answers only its id and status, as Huawei does.',
    schema: {
      params: Type.Object({ ...projectParam, vpc_id: uuid(), subnet_id: uuid() }),
      body: Type.Object({
        subnet: Type.Object({
          name: name64(), description: Type.Optional(description255()), ipv6_enable: Type.Optional(Type.Boolean()),
          dhcp_enable: Type.Optional(Type.Boolean()), primary_dns: Type.Optional(ip()), secondary_dns: Type.Optional(ip()),
          dnsList: Type.Optional(Type.Array(ip(), { maxItems: 2 })), extra_dhcp_opts: Type.Optional(dhcpOpts),
        }),
      }),
    },
    handler: async ({ caller, params, body, services }) => {
      const s = body.subnet;
      if (s.ipv6_enable) throw Errors.subnetInvalid('IPv6 subnets are not supported by this endpoint');
      const subnet = await services.subnets.update(caller, params.vpc_id, params.subnet_id, {
        name: s.name, description: s.description, dhcpEnable: s.dhcp_enable, primaryDns: s.primary_dns,
        secondaryDns: s.secondary_dns, dnsList: s.dnsList, extraDhcpOpts: s.extra_dhcp_opts,
      });
      return { subnet: { id: subnet.id, status: subnet.status } };
    },
  },
  {
    name: 'DeleteSubnet', method: 'DELETE', path: '/v1/:project_id/vpcs/:vpc_id/subnets/:subnet_id', family: 'v1', tag: 'Subnet',
    status: 204, invalid, summary: 'Delete a subnet; refused while ports use it (VPC.0208).',
    schema: { params: Type.Object({ ...projectParam, vpc_id: uuid(), subnet_id: uuid() }) },
    handler: async ({ caller, params, services }) => {
      await services.subnets.delete(caller, params.vpc_id, params.subnet_id);
      return undefined;
    },
  },
];
