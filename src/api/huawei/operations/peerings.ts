import { Type } from '@sinclair/typebox';
import { Errors } from '../../../domain/errors.js';
import { PEERING_STATUSES } from '../../../domain/statuses.js';
import type { Operation } from '../operation.js';
import { checkMarker, pageLinks, pageOf, pageQuery } from '../pagination.js';
import { peeringView, PeeringViewSchema } from '../views.js';
import { shortString } from './common.js';

const invalid = (detail: string) => Errors.peeringInvalid(detail);
const vpcInfo = Type.Object({ vpc_id: shortString(64), tenant_id: Type.Optional(shortString(64)) });
const idParams = Type.Object({ peering_id: shortString(64) });

export const peeringOperations: Operation[] = [
  {
    name: 'CreateVpcPeering', method: 'POST', path: '/v2.0/vpc/peerings', family: 'v2', tag: 'VPC peering', status: 201, invalid,
    summary: 'Request a peering: ACTIVE at once within a project, PENDING_ACCEPTANCE toward another project.',
    schema: {
      body: Type.Object({
        peering: Type.Object({
          name: shortString(64), description: Type.Optional(shortString(255)), request_vpc_info: vpcInfo, accept_vpc_info: vpcInfo,
        }),
      }),
    },
    handler: async ({ caller, body, services }) => {
      const p = body.peering;
      const peering = await services.peerings.create(caller, {
        name: p.name, description: p.description,
        requestVpcId: p.request_vpc_info.vpc_id, requestTenantId: p.request_vpc_info.tenant_id,
        acceptVpcId: p.accept_vpc_info.vpc_id, acceptTenantId: p.accept_vpc_info.tenant_id,
      });
      return { peering: peeringView(peering) };
    },
  },
  {
    name: 'ListVpcPeerings', method: 'GET', path: '/v2.0/vpc/peerings', family: 'v2', tag: 'VPC peering', status: 200, invalid,
    summary: 'List the peerings the project is a party to; vpc_id matches either end.',
    refresh: (services) => services.peerings.expireDue(),
    revisionCached: true,
    schema: {
      querystring: Type.Object({
        ...pageQuery, id: Type.Optional(shortString(64)), name: Type.Optional(shortString(64)),
        status: Type.Optional(Type.Union(PEERING_STATUSES.map((s) => Type.Literal(s)))),
        tenant_id: Type.Optional(shortString(64)), vpc_id: Type.Optional(shortString(64)),
      }),
      // A list of 2,000 peerings is the largest answer the API gives: compiled, not JSON.stringify.
      response: {
        200: Type.Object({
          peerings: Type.Array(PeeringViewSchema),
          peerings_links: Type.Optional(Type.Array(Type.Object({ href: Type.String(), rel: Type.String() }))),
        }),
      },
    },
    handler: async ({ caller, query, services, baseUrl }) => {
      await checkMarker(query.marker, async (id) => {
        const p = await services.deps.store.read.peerings.get(id);
        return p !== undefined && (p.requestProjectId === caller.projectId || p.acceptProjectId === caller.projectId);
      }, invalid);
      const page = await services.peerings.list(caller, {
        id: query.id, name: query.name, status: query.status, tenantId: query.tenant_id, vpcId: query.vpc_id,
      }, pageOf(query), { swept: true });
      const links = pageLinks(baseUrl, '/v2.0/vpc/peerings', query, page.items, page.hasMore);
      return { peerings: page.items.map(peeringView), ...(links.length ? { peerings_links: links } : {}) };
    },
  },
  {
    name: 'ShowVpcPeering', method: 'GET', path: '/v2.0/vpc/peerings/:peering_id', family: 'v2', tag: 'VPC peering', status: 200,
    invalid, summary: 'Show a peering (either party may).',
    schema: { params: idParams },
    handler: async ({ caller, params, services }) => ({ peering: peeringView(await services.peerings.show(caller, params.peering_id)) }),
  },
  {
    name: 'UpdateVpcPeering', method: 'PUT', path: '/v2.0/vpc/peerings/:peering_id', family: 'v2', tag: 'VPC peering', status: 200,
    invalid, summary: 'Rename or re-describe a peering (either party, any state).',
    schema: {
      params: idParams,
      body: Type.Object({ peering: Type.Object({ name: Type.Optional(shortString(64)), description: Type.Optional(shortString(255)) }) }),
    },
    handler: async ({ caller, params, body, services }) => ({
      peering: peeringView(await services.peerings.update(caller, params.peering_id, body.peering)),
    }),
  },
  {
    name: 'DeleteVpcPeering', method: 'DELETE', path: '/v2.0/vpc/peerings/:peering_id', family: 'v2', tag: 'VPC peering', status: 204,
    invalid, summary: 'Delete a peering (either party, any state); its routes in both VPCs go with it.',
    schema: { params: idParams },
    handler: async ({ caller, params, services }) => {
      await services.peerings.delete(caller, params.peering_id);
      return undefined;
    },
  },
  {
    name: 'AcceptVpcPeering', method: 'PUT', path: '/v2.0/vpc/peerings/:peering_id/accept', family: 'v2', tag: 'VPC peering',
    status: 200, invalid, summary: 'Accept a pending request (accepter project only); answers the bare peering, unwrapped.',
    schema: { params: idParams },
    handler: async ({ caller, params, services }) => peeringView(await services.peerings.accept(caller, params.peering_id)),
  },
  {
    name: 'RejectVpcPeering', method: 'PUT', path: '/v2.0/vpc/peerings/:peering_id/reject', family: 'v2', tag: 'VPC peering',
    status: 200, invalid, summary: 'Reject a pending request (accepter project only); answers the bare peering, unwrapped.',
    schema: { params: idParams },
    handler: async ({ caller, params, services }) => peeringView(await services.peerings.reject(caller, params.peering_id)),
  },
];
