/**
 * Shared pieces of the hardening tests: every operation from the operation tables, a
 * signed `app.inject()` (no sockets, so tens of thousands of cases run in seconds), a
 * dump of the whole store (minus the audit trail) to prove rejected requests changed
 * nothing, and a fixture of two tenants joined by peerings.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { signRequest } from '../../src/api/huawei/auth/signer.js';
import type { Operation } from '../../src/api/huawei/operation.js';
import { huaweiOperations } from '../../src/api/huawei/operations/index.js';
import { eventOperations } from '../../src/api/isthmus/events.js';
import { isthmusOperations } from '../../src/api/isthmus/operations.js';
import type { Store } from '../../src/store/store.js';
import type { Harness, Party } from '../api/harness.js';

/** Every operation the server registers (createServer's list), so a new one is covered at once. */
export const ALL_OPERATIONS: readonly Operation[] = [...huaweiOperations, ...isthmusOperations, ...eventOperations];

export interface InjectOptions {
  body?: string | object | Buffer;
  query?: string;
  headers?: Record<string, string>;
  /** Do not sign (token or anonymous calls). */
  unsigned?: boolean;
  /** X-Project-Id to send (and sign); default the party's project; null: none. */
  projectHeader?: string | null;
  /** Signing time; default the harness clock. */
  date?: Date;
  /** Signing secret; default the party's. */
  secretKey?: string;
  /** After signing, replace the body with this (a replayed request with a changed body). */
  tamperedBody?: string;
  /** After signing, append this to the query string (a replayed request with a changed query). */
  tamperedQuery?: string;
  method?: string;
}

export interface Answer {
  status: number;
  json: any;
  text: string;
  headers: Record<string, unknown>;
}

const HOST = 'isthmus.test';

/** A request signed exactly as the SDK signs it, sent through fastify's inject(). */
export async function send(app: FastifyInstance, clock: { now(): Date }, who: Party | null, method: string, path: string, opts: InjectOptions = {}): Promise<Answer> {
  const body = opts.body === undefined ? undefined
    : typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string> = { 'content-type': 'application/json', host: HOST, ...(opts.headers ?? {}) };
  const project = opts.projectHeader === undefined ? who?.projectId : opts.projectHeader;
  if (project !== null && project !== undefined) headers['x-project-id'] = project;
  const url = path + (opts.query ? (path.includes('?') ? '&' : '?') + opts.query : '');
  if (who && !opts.unsigned) {
    Object.assign(headers, signRequest({
      method: opts.method ?? method, url: `http://${HOST}${url}`, headers, body,
      accessKey: who.ak, secretKey: opts.secretKey ?? who.sk, now: opts.date ?? clock.now(),
    }));
  }
  const sent = opts.tamperedQuery ? url + (url.includes('?') ? '&' : '?') + opts.tamperedQuery : url;
  const res = await app.inject({
    method: method as 'GET', url: sent, headers, ...(opts.tamperedBody !== undefined ? { payload: opts.tamperedBody } : body !== undefined ? { payload: body } : {}),
  });
  let json: any;
  try { json = res.body === '' ? undefined : JSON.parse(res.body); } catch { json = undefined; }
  return { status: res.statusCode, json, text: res.body, headers: res.headers };
}

/** Every table except the audit trail and Kysely's bookkeeping, rows sorted: equal dumps = equal stores. */
export async function dumpStore(store: Store): Promise<string> {
  const tables = (await store.read.db.introspection.getTables())
    .map((t) => t.name).filter((n) => n !== 'events' && !n.startsWith('kysely_')).sort();
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await (store.read.db as any).selectFrom(table).selectAll().execute();
    out[table] = rows.map((r: unknown) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(out);
}

/** A 4xx in the family's shape: error_code and error_msg present and non-empty. */
export function assertErrorShape(a: Answer, context: string): void {
  assert.ok(a.status >= 400 && a.status < 500, `${context}: expected a 4xx, got ${a.status} ${a.text.slice(0, 300)}`);
  assert.ok(a.json && typeof a.json === 'object', `${context}: JSON error body: ${a.text.slice(0, 300)}`);
  assert.equal(typeof a.json.error_code, 'string', `${context}: error_code in ${a.text.slice(0, 300)}`);
  assert.ok(a.json.error_code.length > 0, `${context}: error_code non-empty`);
  assert.equal(typeof a.json.error_msg, 'string', `${context}: error_msg in ${a.text.slice(0, 300)}`);
  assert.ok(a.json.error_msg.length > 0, `${context}: error_msg non-empty`);
}

/** Resources of A (owner) and B (peer), joined by a pending and an active peering. */
export interface Fixture {
  vpcA: any; vpcA2: any; vpcA3: any; bareVpcA: any; bareSubnetA: any; subnetA: any; tableA: any; customTableA: any; portA: any; eipA: any; routeA: any;
  vpcB: any; vpcB2: any; subnetB: any;
  /** A ↔ B, PENDING_ACCEPTANCE (A requested). */
  pending: any;
  /** A ↔ B, ACTIVE, with A's route via it. */
  active: any;
  /** A ↔ A (same project): private to A. */
  privatePeering: any;
}

let octet = 0;
const nextOctet = () => (octet = (octet % 250) + 1);

export async function ok(a: Promise<Answer>, context: string): Promise<any> {
  const r = await a;
  assert.ok(r.status >= 200 && r.status < 300, `${context}: ${r.status} ${r.text.slice(0, 400)}`);
  return r.json;
}

export async function makeFixture(h: Harness): Promise<Fixture> {
  const app = h.server.app;
  const s = (who: Party, method: string, path: string, body?: object) => ok(send(app, h.clock, who, method, path, body ? { body } : {}), `${method} ${path}`);
  const v1 = (who: Party) => `/v1/${who.projectId}`;
  const vpc = async (who: Party) => {
    const n = nextOctet();
    return (await s(who, 'POST', `${v1(who)}/vpcs`, { vpc: { name: `fx-${n}-${Math.random().toString(36).slice(2, 8)}`, cidr: `10.${n}.0.0/16` } })).vpc;
  };
  const vpcA = await vpc(h.a);
  const vpcA2 = await vpc(h.a);
  const vpcA3 = await vpc(h.a);
  const bareVpcA = await vpc(h.a);
  const vpcB = await vpc(h.b);
  const vpcB2 = await vpc(h.b);
  const cidrA = vpcA.cidr.replace('.0.0/16', '.1.0/24');
  const subnetA = (await s(h.a, 'POST', `${v1(h.a)}/subnets`, {
    subnet: { name: 'fx-sn', cidr: cidrA, gateway_ip: cidrA.replace('.0/24', '.1'), vpc_id: vpcA.id },
  })).subnet;
  const cidrA3 = vpcA3.cidr.replace('.0.0/16', '.7.0/24');
  const bareSubnetA = (await s(h.a, 'POST', `${v1(h.a)}/subnets`, {
    subnet: { name: 'fx-bare', cidr: cidrA3, gateway_ip: cidrA3.replace('.0/24', '.1'), vpc_id: vpcA3.id },
  })).subnet;
  const cidrB = vpcB.cidr.replace('.0.0/16', '.1.0/24');
  const subnetB = (await s(h.b, 'POST', `${v1(h.b)}/subnets`, {
    subnet: { name: 'fx-sn', cidr: cidrB, gateway_ip: cidrB.replace('.0/24', '.1'), vpc_id: vpcB.id },
  })).subnet;
  const tables = (await s(h.a, 'GET', `${v1(h.a)}/routetables?vpc_id=${vpcA.id}`)).routetables;
  const tableA = tables.find((t: any) => t.default === true);
  const customTableA = (await s(h.a, 'POST', `${v1(h.a)}/routetables`, { routetable: { vpc_id: vpcA.id, name: 'fx-custom' } })).routetable;
  const portA = (await s(h.a, 'POST', `${v1(h.a)}/ports`, { port: { name: 'fx-port', network_id: subnetA.id, device_owner: 'compute:eu-de-01' } })).port;
  const eipA = (await s(h.a, 'POST', `${v1(h.a)}/publicips`, {
    publicip: { type: '5_bgp', alias: 'fx-eip' }, bandwidth: { share_type: 'PER', name: 'fx-bw', size: 5 },
  })).publicip;
  const peer = async (reqVpc: string, accVpc: string, accTenant: string) => (await s(h.a, 'POST', '/v2.0/vpc/peerings', {
    peering: { name: 'fx-peer', request_vpc_info: { vpc_id: reqVpc }, accept_vpc_info: { vpc_id: accVpc, tenant_id: accTenant } },
  })).peering;
  const pending = await peer(vpcA.id, vpcB.id, h.b.projectId);
  const active = await peer(vpcA2.id, vpcB2.id, h.b.projectId);
  await s(h.b, 'PUT', `/v2.0/vpc/peerings/${active.id}/accept`);
  const privatePeering = await peer(vpcA2.id, vpcA3.id, h.a.projectId);
  const routeA = (await s(h.a, 'POST', '/v2.0/vpc/routes', {
    route: { type: 'peering', nexthop: active.id, destination: vpcB2.cidr, vpc_id: vpcA2.id },
  })).route;
  return { vpcA, vpcA2, vpcA3, bareVpcA, bareSubnetA, subnetA, tableA, customTableA, portA, eipA, routeA, vpcB, vpcB2, subnetB, pending, active, privatePeering };
}
