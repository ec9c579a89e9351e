import { Type } from '@sinclair/typebox';
import { Errors } from '../../../domain/errors.js';
import type { Operation } from '../operation.js';
import { checkMarker, pageOf, pageQuery } from '../pagination.js';
import { vpcView } from '../views.js';
import { description255, name64, projectParam, shortString, uuid } from './common.js';

const invalid = (detail: string) => Errors.vpcInvalid(detail);
const vpcIdParams = Type.Object({ ...projectParam, vpc_id: uuid() });

export const vpcOperations: Operation[] = [
  {
    name: 'CreateVpc', method: 'POST', path: '/v1/:project_id/vpcs', family: 'v1', tag: 'VPC', status: 200, invalid,
    summary: 'Create a VPC (status CREATING, then OK); its default route table comes with it.',
    schema: {
      params: Type.Object(projectParam),
      body: Type.Object({
        vpc: Type.Object({
          name: Type.Optional(name64()), description: Type.Optional(description255()), cidr: Type.Optional(shortString(18)),
          enterprise_project_id: Type.Optional(shortString(36)),
        }),
      }),
    },
    handler: async ({ caller, body, services }) => {
      const v = body.vpc;
      const vpc = await services.vpcs.create(caller, {
        name: v.name, description: v.description, cidr: v.cidr, enterpriseProjectId: v.enterprise_project_id,
      });
      return { vpc: vpcView(vpc, { creating: true }) };
    },
  },
  {
    name: 'ListVpcs', method: 'GET', path: '/v1/:project_id/vpcs', family: 'v1', tag: 'VPC', status: 200, invalid,
    summary: 'List the VPCs of the project, in ascending id order.',
    schema: {
      params: Type.Object(projectParam),
      querystring: Type.Object({ ...pageQuery, id: Type.Optional(shortString(64)), enterprise_project_id: Type.Optional(shortString(36)) }),
    },
    handler: async ({ caller, query, services }) => {
      await checkMarker(query.marker, async (id) => (await services.deps.store.read.vpcs.get(id))?.projectId === caller.projectId, invalid);
      const page = await services.vpcs.list(caller, { id: query.id, enterpriseProjectId: query.enterprise_project_id }, pageOf(query));
      return { vpcs: page.items.map((v) => vpcView(v)) };
    },
  },
  {
    name: 'ShowVpc', method: 'GET', path: '/v1/:project_id/vpcs/:vpc_id', family: 'v1', tag: 'VPC', status: 200,
    invalid: () => Errors.vpcIdInvalid(),
    summary: 'Show one VPC.',
    schema: { params: vpcIdParams },
    handler: async ({ caller, params, services }) => ({ vpc: vpcView(await services.vpcs.show(caller, params.vpc_id)) }),
  },
  {
    name: 'UpdateVpc', method: 'PUT', path: '/v1/:project_id/vpcs/:vpc_id', family: 'v1', tag: 'VPC', status: 200, invalid,
    summary: 'Rename, re-describe or change the CIDR of a VPC (the new CIDR must contain every subnet).',
    schema: {
      params: vpcIdParams,
      body: Type.Object({
        vpc: Type.Object({
          name: Type.Optional(name64()), description: Type.Optional(description255()), cidr: Type.Optional(shortString(18)),
          routes: Type.Optional(Type.Array(Type.Object({ destination: Type.Optional(shortString(18)), nexthop: Type.Optional(shortString(15)) }), { maxItems: 200 })),
          enable_shared_snat: Type.Optional(Type.Boolean()),
        }),
      }),
    },
    handler: async ({ caller, params, body, services }) => {
      const v = body.vpc;
      const vpc = await services.vpcs.update(caller, params.vpc_id, { name: v.name, description: v.description, cidr: v.cidr, routes: v.routes });
      return { vpc: vpcView(vpc) };
    },
  },
  {
    name: 'DeleteVpc', method: 'DELETE', path: '/v1/:project_id/vpcs/:vpc_id', family: 'v1', tag: 'VPC', status: 204, invalid,
    summary: 'Delete a VPC; refused while it has subnets (VPC.0104), peerings or routes (VPC.0120).',
    schema: { params: vpcIdParams },
    handler: async ({ caller, params, services }) => {
      await services.vpcs.delete(caller, params.vpc_id);
      return undefined;
    },
  },
];
