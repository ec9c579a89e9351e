/**
 * Resources named on the command line by id or by name: an id is used as given; a name
 * is looked up with the resource's list call and must match exactly one resource.
 */
import type { ApiClient } from './client.js';
import { NotFoundError, UsageError } from './errors.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isId = (ref: string) => UUID.test(ref);
export const isIpv4 = (s: string) => /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) && s.split('.').every((o) => Number(o) <= 255);

export type Kind = 'vpc' | 'subnet' | 'port' | 'eip' | 'peering' | 'routetable';

const LISTS: Record<Kind, { path: (c: ApiClient) => string; key: string; names: (r: any) => unknown[] }> = {
  vpc: { path: (c) => c.v1('/vpcs'), key: 'vpcs', names: (r) => [r.name] },
  subnet: { path: (c) => c.v1('/subnets'), key: 'subnets', names: (r) => [r.name] },
  port: { path: (c) => c.v1('/ports'), key: 'ports', names: (r) => [r.name] },
  // An EIP has no name: its alias or its address names it.
  eip: { path: (c) => c.v1('/publicips'), key: 'publicips', names: (r) => [r.alias, r.public_ip_address] },
  peering: { path: () => '/v2.0/vpc/peerings', key: 'peerings', names: (r) => [r.name] },
  routetable: { path: (c) => c.v1('/routetables'), key: 'routetables', names: (r) => [r.name] },
};

/** Every resource of a kind whose name (or alias/address) is `name`. */
export async function findByName(client: ApiClient, kind: Kind, name: string, query: Record<string, string> = {}): Promise<any[]> {
  const list = LISTS[kind];
  const all = await client.listAll(list.path(client), list.key, query);
  return all.filter((r) => list.names(r).includes(name));
}

/** The id of the resource `ref` names (an id is taken as is, without a call). */
export async function resolveId(client: ApiClient, kind: Kind, ref: string, query: Record<string, string> = {}): Promise<string> {
  if (isId(ref)) return ref;
  const found = await findByName(client, kind, ref, query);
  if (found.length === 0) throw new NotFoundError(`no ${kind} named ${JSON.stringify(ref)} in project ${client.projectId}`);
  if (found.length > 1) {
    throw new UsageError(`${found.length} ${kind}s are named ${JSON.stringify(ref)} (${found.map((r) => r.id).join(', ')}): name one by id`);
  }
  return found[0].id as string;
}
