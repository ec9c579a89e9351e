import { Type } from '@sinclair/typebox';
import { Errors } from '../../../domain/errors.js';
import type { Operation } from '../operation.js';
import { checkMarker, pageOf, pageQuery } from '../pagination.js';
import { portView } from '../views.js';
import { projectParam, shortString, uuid } from './common.js';

const invalid = (detail: string) => Errors.portInvalid(detail);
const portParams = Type.Object({ ...projectParam, port_id: uuid() });

/**
 * A ListPorts filter the SDK declares as an array (`id`, `fixed_ips`, `security_groups`):
 * it sends one key per value (`id=a&id=b`, huawei-sdk.md), so the query holds a string
 * for one value and an array for several.
 */
const oneOrMany = (max: number) => Type.Union([shortString(max), Type.Array(shortString(max), { minItems: 1, maxItems: 100 })]);
const listOf = (value: string | string[] | undefined): string[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

/**
 * `fixed_ips=ip_address=X` and `fixed_ips=subnet_id=Y`, each repeatable (Neutron's form):
 * a port matches one of the addresses and one of the subnets given. Any other key is
 * refused rather than ignored (ignoring it would answer every port).
 */
function fixedIpsFilter(values: string[] | undefined): { ipAddresses?: string[]; fixedIpSubnetIds?: string[] } {
  if (values === undefined) return {};
  const ipAddresses: string[] = [];
  const fixedIpSubnetIds: string[] = [];
  for (const value of values) {
    const m = /^(ip_address|subnet_id)=(.*)$/.exec(value);
    if (!m) throw invalid(`fixed_ips must be ip_address=ADDRESS or subnet_id=ID, got ${JSON.stringify(value)}`);
    (m[1] === 'ip_address' ? ipAddresses : fixedIpSubnetIds).push(m[2]!);
  }
  return {
    ...(ipAddresses.length > 0 ? { ipAddresses } : {}),
    ...(fixedIpSubnetIds.length > 0 ? { fixedIpSubnetIds } : {}),
  };
}

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
    summary: 'List ports; filter by name, id, network_id, device_id, device_owner, status, mac_address, admin_state_up or fixed_ips=ip_address=X / subnet_id=Y.',
    schema: {
      params: Type.Object(projectParam),
      querystring: Type.Object({
        ...pageQuery, id: Type.Optional(oneOrMany(64)), name: Type.Optional(shortString(255)), network_id: Type.Optional(shortString(64)),
        device_id: Type.Optional(shortString(64)), device_owner: Type.Optional(shortString(128)), status: Type.Optional(shortString(16)),
        mac_address: Type.Optional(shortString(17)), fixed_ips: Type.Optional(oneOrMany(64)),
        admin_state_up: Type.Optional(Type.Boolean()), enterprise_project_id: Type.Optional(shortString(36)),
        security_groups: Type.Optional(oneOrMany(64)), enable_efi: Type.Optional(Type.Boolean()),
      }),
    },
    handler: async ({ caller, query, services }) => {
      await checkMarker(query.marker, async (id) => (await services.deps.store.read.ports.get(id))?.projectId === caller.projectId, invalid);
      // Isthmus ports have no security groups and no EFI (portView shows [] and false): no
      // port matches a security group, nor enable_efi=true.
      if (query.security_groups !== undefined || query.enable_efi === true) return { ports: [] };
      const fixedIps = fixedIpsFilter(listOf(query.fixed_ips));
      const page = await services.ports.list(caller, {
        ids: listOf(query.id), name: query.name, networkId: query.network_id, deviceId: query.device_id, deviceOwner: query.device_owner,
        status: query.status, macAddress: query.mac_address, adminStateUp: query.admin_state_up, ...fixedIps,
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
