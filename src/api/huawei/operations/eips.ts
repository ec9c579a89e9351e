import { Type } from '@sinclair/typebox';
import { Errors } from '../../../domain/errors.js';
import type { Eip } from '../../../domain/entities.js';
import type { Services } from '../../../service/services.js';
import type { Operation } from '../operation.js';
import { checkMarker, pageOf, pageQuery } from '../pagination.js';
import { eipView } from '../views.js';
import { projectParam, shortString, uuid } from './common.js';

const invalid = (detail: string) => Errors.eipInvalid(detail);
const eipParams = Type.Object({ ...projectParam, publicip_id: uuid() });

async function view(services: Services, eip: Eip) {
  const port = eip.portId ? await services.deps.store.read.ports.get(eip.portId) : undefined;
  return eipView(eip, port);
}

export const eipOperations: Operation[] = [
  {
    name: 'CreatePublicip', method: 'POST', path: '/v1/:project_id/publicips', family: 'v1', tag: 'EIP', status: 200, invalid,
    summary: 'Assign an EIP from the pool (default 198.51.100.0/24); it starts DOWN (unbound).',
    schema: {
      params: Type.Object(projectParam),
      body: Type.Object({
        publicip: Type.Object({ type: shortString(32), ip_version: Type.Optional(Type.Integer()), alias: Type.Optional(shortString(64)) }),
        bandwidth: Type.Object({
          share_type: shortString(16), name: Type.Optional(shortString(64)), size: Type.Optional(Type.Integer()),
          id: Type.Optional(shortString(64)), charge_mode: Type.Optional(shortString(16)),
        }),
      }),
    },
    handler: async ({ caller, body, services }) => {
      const eip = await services.eips.create(caller, {
        type: body.publicip.type, ipVersion: body.publicip.ip_version, alias: body.publicip.alias,
        bandwidth: {
          shareType: body.bandwidth.share_type, name: body.bandwidth.name, size: body.bandwidth.size,
          id: body.bandwidth.id, chargeMode: body.bandwidth.charge_mode,
        },
      });
      return { publicip: await view(services, eip) };
    },
  },
  {
    name: 'ListPublicips', method: 'GET', path: '/v1/:project_id/publicips', family: 'v1', tag: 'EIP', status: 200, invalid,
    summary: 'List the project\'s EIPs.',
    schema: { params: Type.Object(projectParam), querystring: Type.Object(pageQuery) },
    handler: async ({ caller, query, services }) => {
      await checkMarker(query.marker, async (id) => (await services.deps.store.read.eips.get(id))?.projectId === caller.projectId, invalid);
      const page = await services.eips.list(caller, pageOf(query));
      return { publicips: await Promise.all(page.items.map((e) => view(services, e))) };
    },
  },
  {
    name: 'ShowPublicip', method: 'GET', path: '/v1/:project_id/publicips/:publicip_id', family: 'v1', tag: 'EIP', status: 200, invalid,
    summary: 'Show one EIP.',
    schema: { params: eipParams },
    handler: async ({ caller, params, services }) => ({ publicip: await view(services, await services.eips.show(caller, params.publicip_id)) }),
  },
  {
    name: 'UpdatePublicip', method: 'PUT', path: '/v1/:project_id/publicips/:publicip_id', family: 'v1', tag: 'EIP', status: 200, invalid,
    summary: 'Bind the EIP to a port (port_id), or unbind it (port_id absent or empty), as Huawei documents.',
    schema: {
      params: eipParams,
      body: Type.Object({ publicip: Type.Object({ port_id: Type.Optional(shortString(64)), alias: Type.Optional(shortString(64)) }) }),
    },
    handler: async ({ caller, params, body, services }) => {
      const eip = await services.eips.update(caller, params.publicip_id, { portId: body.publicip.port_id, alias: body.publicip.alias });
      return { publicip: await view(services, eip) };
    },
  },
  {
    name: 'DeletePublicip', method: 'DELETE', path: '/v1/:project_id/publicips/:publicip_id', family: 'v1', tag: 'EIP', status: 204, invalid,
    summary: 'Release an EIP; refused while bound (VPC.0517).',
    schema: { params: eipParams },
    handler: async ({ caller, params, services }) => {
      await services.eips.delete(caller, params.publicip_id);
      return undefined;
    },
  },
];
