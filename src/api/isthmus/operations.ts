import { Type } from '@sinclair/typebox';
import { Errors } from '../../domain/errors.js';
import type { Operation } from '../huawei/operation.js';
import { projectParam, shortString, uuid } from '../huawei/operations/common.js';

const invalid = (detail: string) => Errors.reachabilityInvalid(detail);

/** Isthmus's own extensions, under /isthmus/v1/{project_id}/ with the same authentication. */
export const isthmusOperations: Operation[] = [
  {
    name: 'CheckReachability', method: 'POST', path: '/isthmus/v1/:project_id/reachability', family: 'isthmus', tag: 'Isthmus',
    status: 200, invalid, readOnly: true,
    summary: 'Can this instance reach that instance or address, and the reply come back? If not, the first obstacle and why.',
    schema: {
      params: Type.Object(projectParam),
      body: Type.Object({
        source: Type.Object({ port_id: uuid() }),
        destination: Type.Object({ port_id: Type.Optional(uuid()), ip: Type.Optional(shortString(15)) }),
        protocol: Type.Union([Type.Literal('icmp'), Type.Literal('tcp'), Type.Literal('udp')]),
        port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
      }),
    },
    handler: async ({ caller, body, services }) => services.network.reachability(caller, {
      sourcePortId: body.source.port_id,
      destination: { portId: body.destination.port_id, ip: body.destination.ip },
      protocol: body.protocol,
      port: body.port,
    }),
  },
  {
    name: 'ShowNetworkPlan', method: 'GET', path: '/isthmus/v1/:project_id/plan', family: 'isthmus', tag: 'Isthmus', status: 200,
    invalid, summary: 'The compiled network plan of the caller\'s VPCs: routers, route tables in match order, filters, NAT, links.',
    schema: { params: Type.Object(projectParam) },
    handler: async ({ caller, services }) => services.network.projectPlan(caller),
  },
];
