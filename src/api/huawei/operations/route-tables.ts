import { Type } from '@sinclair/typebox';
import { Errors } from '../../../domain/errors.js';
import type { Operation } from '../operation.js';
import { checkMarker, pageOf, pageQuery } from '../pagination.js';
import { routeTableView } from '../views.js';
import { description255, name64, projectParam, shortString, uuid } from './common.js';

const invalid = (detail: string) => Errors.routeTableInvalid(detail);
const route = Type.Object({
  type: shortString(16), destination: shortString(18), nexthop: shortString(64), description: Type.Optional(description255()),
});
const tableParams = Type.Object({ ...projectParam, routetable_id: uuid() });

export const routeTableOperations: Operation[] = [
  {
    name: 'ListRouteTables', method: 'GET', path: '/v1/:project_id/routetables', family: 'v1', tag: 'Route table', status: 200, invalid,
    summary: 'List route tables, with their routes (local rows included) and subnets.',
    schema: {
      params: Type.Object(projectParam),
      querystring: Type.Object({ ...pageQuery, id: Type.Optional(shortString(64)), vpc_id: Type.Optional(shortString(64)), subnet_id: Type.Optional(shortString(64)) }),
    },
    handler: async ({ caller, query, services }) => {
      await checkMarker(query.marker, async (id) => (await services.deps.store.read.routeTables.get(id))?.projectId === caller.projectId, invalid);
      const page = await services.routeTables.list(caller, { id: query.id, vpcId: query.vpc_id, subnetId: query.subnet_id }, pageOf(query));
      return { routetables: page.items.map(routeTableView) };
    },
  },
  {
    name: 'ShowRouteTable', method: 'GET', path: '/v1/:project_id/routetables/:routetable_id', family: 'v1', tag: 'Route table',
    status: 200, invalid, summary: 'Show one route table.',
    schema: { params: tableParams },
    handler: async ({ caller, params, services }) => ({ routetable: routeTableView(await services.routeTables.show(caller, params.routetable_id)) }),
  },
  {
    name: 'CreateRouteTable', method: 'POST', path: '/v1/:project_id/routetables', family: 'v1', tag: 'Route table', status: 200, invalid,
    summary: 'Create a custom route table (quota vpcContainRoutetable) with up to 5 routes.',
    schema: {
      params: Type.Object(projectParam),
      body: Type.Object({
        routetable: Type.Object({
          vpc_id: uuid(), name: Type.Optional(name64()), description: Type.Optional(description255()),
          routes: Type.Optional(Type.Array(route, { maxItems: 200 })),
        }),
      }),
    },
    handler: async ({ caller, body, services }) => {
      const t = body.routetable;
      const view = await services.routeTables.create(caller, { vpcId: t.vpc_id, name: t.name, description: t.description, routes: t.routes });
      return { routetable: routeTableView(view) };
    },
  },
  {
    name: 'UpdateRouteTable', method: 'PUT', path: '/v1/:project_id/routetables/:routetable_id', family: 'v1', tag: 'Route table',
    status: 200, invalid, summary: 'Rename a route table and add, modify or delete its routes.',
    schema: {
      params: tableParams,
      body: Type.Object({
        routetable: Type.Object({
          name: Type.Optional(name64()), description: Type.Optional(description255()),
          routes: Type.Optional(Type.Object({
            add: Type.Optional(Type.Array(route, { maxItems: 200 })),
            mod: Type.Optional(Type.Array(route, { maxItems: 200 })),
            del: Type.Optional(Type.Array(Type.Object({
              destination: shortString(18), type: Type.Optional(shortString(16)), nexthop: Type.Optional(shortString(64)),
              description: Type.Optional(description255()),
            }), { maxItems: 200 })),
          })),
        }),
      }),
    },
    handler: async ({ caller, params, body, services }) => {
      const t = body.routetable;
      const view = await services.routeTables.update(caller, params.routetable_id, { name: t.name, description: t.description, routes: t.routes });
      return { routetable: routeTableView(view) };
    },
  },
  {
    name: 'AssociateRouteTable', method: 'POST', path: '/v1/:project_id/routetables/:routetable_id/action', family: 'v1',
    tag: 'Route table', status: 200, invalid,
    summary: 'Associate subnets with the table or disassociate them (they return to the default table).',
    schema: {
      params: tableParams,
      body: Type.Object({
        routetable: Type.Object({
          subnets: Type.Object({
            associate: Type.Optional(Type.Array(uuid(), { maxItems: 100 })),
            disassociate: Type.Optional(Type.Array(uuid(), { maxItems: 100 })),
          }),
        }),
      }),
    },
    handler: async ({ caller, params, body, services }) => ({
      routetable: routeTableView(await services.routeTables.action(caller, params.routetable_id, body.routetable.subnets)),
    }),
  },
  {
    name: 'DeleteRouteTable', method: 'DELETE', path: '/v1/:project_id/routetables/:routetable_id', family: 'v1', tag: 'Route table',
    status: 204, invalid, summary: 'Delete a custom route table that has no subnets.',
    schema: { params: tableParams },
    handler: async ({ caller, params, services }) => {
      await services.routeTables.delete(caller, params.routetable_id);
      return undefined;
    },
  },
];
