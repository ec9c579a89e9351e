import { Type } from '@sinclair/typebox';
import { Errors } from '../../../domain/errors.js';
import type { Operation } from '../operation.js';
import { checkMarker, pageOf, pageQuery } from '../pagination.js';
import { portView } from '../views.js';
import { projectParam, shortString, uuid } from './common.js';

const invalid = (detail: string) => Errors.portInvalid(detail);
const portParams = Type.Object({ ...projectParam, port_id: uuid() });

export const portOperations: Operation[] = [
  {
    name: 'CreatePort', method: 'POST', path: '/v1/:project_id/ports', family: 'v1', tag: 'Port', status: 200, invalid,
    summary: 'Create a port in a subnet (network_id = subnet id); with a device_owner it is an instance.',
    schema: {
      params: Type.Object(projectParam),
      body: Type.Object({
        port: Type.Object({
          name: Type.Optional(shortString(255)), network_id: uuid(),
          fixed_ips: Type.Optional(Type.Array(Type.Object({ ip_address: Type.Optional(shortString(15)), subnet_id: Type.Optional(uuid()) }), { maxItems: 2 })),
          device_owner: Type.Optional(shortString(128)), device_id: Type.Optional(shortString(64)),
          admin_state_up: Type.Optional(Type.Boolean()), tenant_id: Type.Optional(shortString(64)),
          security_groups: Type.Optional(Type.Array(shortString(64), { maxItems: 10 })),
        }),
      }),
    },
    handler: async ({ caller, body, services }) => {
      const p = body.port;
      if (p.tenant_id !== undefined && p.tenant_id !== caller.projectId) throw Errors.tenantMismatch();
      const port = await services.ports.create(caller, {
        name: p.name, networkId: p.network_id, fixedIps: p.fixed_ips, deviceOwner: p.device_owner, deviceId: p.device_id,
        adminStateUp: p.admin_state_up,
      });
      return { port: portView(port) };
    },
  },
  {
    name: 'ListPorts', method: 'GET', path: '/v1/:project_id/ports', family: 'v1', tag: 'Port', status: 200, invalid,
    summary: 'List ports; filter by name, id, network_id, device_id, device_owner, status, mac_address or fixed_ips=ip_address=X.',
    schema: {
      params: Type.Object(projectParam),
      querystring: Type.Object({
        ...pageQuery, id: Type.Optional(shortString(64)), name: Type.Optional(shortString(255)), network_id: Type.Optional(shortString(64)),
        device_id: Type.Optional(shortString(64)), device_owner: Type.Optional(shortString(128)), status: Type.Optional(shortString(16)),
        mac_address: Type.Optional(shortString(17)), fixed_ips: Type.Optional(shortString(64)),
        admin_state_up: Type.Optional(Type.Boolean()), enterprise_project_id: Type.Optional(shortString(36)),
        security_groups: Type.Optional(shortString(64)), enable_efi: Type.Optional(Type.Boolean()),
      }),
    },
    handler: async ({ caller, query, services }) => {
      await checkMarker(query.marker, async (id) => (await services.deps.store.read.ports.get(id))?.projectId === caller.projectId, invalid);
      const ip = typeof query.fixed_ips === 'string' ? /ip_address=([0-9.]+)/.exec(query.fixed_ips)?.[1] : undefined;
      const page = await services.ports.list(caller, {
        id: query.id, name: query.name, networkId: query.network_id, deviceId: query.device_id, deviceOwner: query.device_owner,
        status: query.status, macAddress: query.mac_address, ipAddress: ip,
      }, pageOf(query));
      return { ports: page.items.map(portView) };
    },
  },
  {
    name: 'ShowPort', method: 'GET', path: '/v1/:project_id/ports/:port_id', family: 'v1', tag: 'Port', status: 200, invalid,
    summary: 'Show one port.',
    schema: { params: portParams },
    handler: async ({ caller, params, services }) => ({ port: portView(await services.ports.show(caller, params.port_id)) }),
  },
  {
    name: 'UpdatePort', method: 'PUT', path: '/v1/:project_id/ports/:port_id', family: 'v1', tag: 'Port', status: 200, invalid,
    summary: 'Rename a port.',
    schema: {
      params: portParams,
      body: Type.Object({
        port: Type.Object({
          name: Type.Optional(shortString(255)),
          security_groups: Type.Optional(Type.Array(shortString(64), { maxItems: 10 })),
        }),
      }),
    },
    handler: async ({ caller, params, body, services }) => ({ port: portView(await services.ports.update(caller, params.port_id, body.port)) }),
  },
  {
    name: 'DeletePort', method: 'DELETE', path: '/v1/:project_id/ports/:port_id', family: 'v1', tag: 'Port', status: 204, invalid,
    summary: 'Delete a port; an EIP bound to it is unbound.',
    schema: { params: portParams },
    handler: async ({ caller, params, services }) => {
      await services.ports.delete(caller, params.port_id);
      return undefined;
    },
  },
];
