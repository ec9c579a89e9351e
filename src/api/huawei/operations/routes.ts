import { Type } from '@sinclair/typebox';
import { Errors } from '../../../domain/errors.js';
import type { Operation } from '../operation.js';
import { checkMarker, pageLinks, pageOf, pageQuery } from '../pagination.js';
import { routeView } from '../views.js';
import { shortString } from './common.js';

const invalid = (detail: string) => Errors.routeInvalid(detail);

export const routeOperations: Operation[] = [
  {
    name: 'CreateVpcRoute', method: 'POST', path: '/v2.0/vpc/routes', family: 'v2', tag: 'VPC route', status: 201, invalid,
    summary: 'Add a route via an ACTIVE peering to the default route table of one of its VPCs (owner only).',
    schema: {
      body: Type.Object({
        route: Type.Object({
          destination: shortString(18), nexthop: shortString(64), type: shortString(16), vpc_id: shortString(64),
          tenant_id: Type.Optional(shortString(64)),
        }),
      }),
    },
    handler: async ({ caller, body, services }) => {
      const r = body.route;
      const route = await services.peeringRoutes.create(caller, {
        destination: r.destination, nexthop: r.nexthop, type: r.type, vpcId: r.vpc_id, tenantId: r.tenant_id,
      });
      return { route: routeView(route) };
    },
  },
  {
    name: 'ListVpcRoutes', method: 'GET', path: '/v2.0/vpc/routes', family: 'v2', tag: 'VPC route', status: 200, invalid,
    summary: 'List the peering routes of the project\'s VPCs.',
    schema: {
      querystring: Type.Object({
        ...pageQuery, id: Type.Optional(shortString(64)), type: Type.Optional(Type.Literal('peering')),
        vpc_id: Type.Optional(shortString(64)), destination: Type.Optional(shortString(18)), tenant_id: Type.Optional(shortString(64)),
      }),
    },
    handler: async ({ caller, query, services, baseUrl }) => {
      await checkMarker(query.marker, async (id) => (await services.deps.store.read.routeTables.routeById(id))?.projectId === caller.projectId, invalid);
      if (query.tenant_id !== undefined && query.tenant_id !== caller.projectId) return { routes: [] };
      const page = await services.peeringRoutes.list(caller, { id: query.id, vpcId: query.vpc_id, destination: query.destination }, pageOf(query));
      const links = pageLinks(baseUrl, '/v2.0/vpc/routes', query, page.items, page.hasMore);
      return { routes: page.items.map(routeView), ...(links.length ? { routes_links: links } : {}) };
    },
  },
  {
    name: 'ShowVpcRoute', method: 'GET', path: '/v2.0/vpc/routes/:route_id', family: 'v2', tag: 'VPC route', status: 200, invalid,
    summary: 'Show a peering route.',
    schema: { params: Type.Object({ route_id: shortString(64) }) },
    handler: async ({ caller, params, services }) => ({ route: routeView(await services.peeringRoutes.show(caller, params.route_id)) }),
  },
  {
    name: 'DeleteVpcRoute', method: 'DELETE', path: '/v2.0/vpc/routes/:route_id', family: 'v2', tag: 'VPC route', status: 204, invalid,
    summary: 'Delete a peering route (owner of its VPC only).',
    schema: { params: Type.Object({ route_id: shortString(64) }) },
    handler: async ({ caller, params, services }) => {
      await services.peeringRoutes.delete(caller, params.route_id);
      return undefined;
    },
  },
];
