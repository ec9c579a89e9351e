/**
 * Black-box test harness: a real Isthmus server in this process (127.0.0.1, port 0, a
 * temporary SQLite data dir, a ManualClock), accounts A, B and C (a third party) in
 * eu-de, A's second project in eu-nl, official Huawei SDK clients for each, and a raw
 * signed `fetch` for what the SDK cannot send.
 *
 * Time: the server checks X-Sdk-Date against its clock, so the SDK must sign with the
 * same clock. The SDK takes its signing time from moment(); the harness points moment's
 * documented `moment.now` hook at the ManualClock (the SDK itself is not modified).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vpcSdk from '@huaweicloud/huaweicloud-sdk-vpc';
import coreSdk from '@huaweicloud/huaweicloud-sdk-core';
import { createServer, type RunningServer } from '../../src/app.js';
import { parseServeOptions } from '../../src/config.js';
import { ManualClock } from '../../src/domain/clock.js';
import { createAccount, type CreatedAccount } from '../../src/service/accounts.js';
import { signRequest } from '../../src/api/huawei/auth/signer.js';
import { freshDatabase } from '../../src/store/postgres/test-database.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Sdk = any;

export const v2: any = (vpcSdk as any).v2;
const { BasicCredentials } = coreSdk as any;

const require = createRequire(import.meta.url);
// Silence the SDK's log4js logger (it prints every failed request to stdout).
require('@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger').Logger4jInstance.level = 'off';
// The moment instance the SDK's signer uses.
const moment = createRequire(require.resolve('@huaweicloud/huaweicloud-sdk-core'))('moment');

export const DAY = 24 * 3600 * 1000;
export const HOUR = 3600 * 1000;

export interface Party {
  label: string;
  account: CreatedAccount;
  projectId: string;
  ak: string;
  sk: string;
  /** Official SDK v2 VpcClient for this project. */
  sdk: Sdk;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface RawOptions {
  /** A string is sent verbatim; an object is JSON-encoded. */
  body?: string | object | Buffer;
  headers?: Record<string, string>;
  /** Send no signature (for token-authenticated calls). */
  unsigned?: boolean;
  /** Omit X-Project-Id. */
  noProjectHeader?: boolean;
}

export interface HarnessOptions {
  quotas?: Record<string, number>;
  peeringExpiry?: string;
  regions?: string[];
  /** serve --audit-retention */
  auditRetention?: string;
  /** serve --eip-pool (default 198.51.100.0/24) */
  eipPool?: string;
}

export class Harness {
  readonly clock: ManualClock;
  server!: RunningServer;
  url!: string;
  dataDir: string;
  a!: Party;
  b!: Party;
  /** A third account that is party to nothing. */
  c!: Party;
  /** Account A's project in the second region (eu-nl). */
  aNl!: Party;
  private seq = 0;
  /** ISTHMUS_TEST_STORE=postgres: the fresh database this harness's server uses. */
  private pg: { url: string; drop(): Promise<void> } | undefined;

  private constructor(readonly options: HarnessOptions) {
    // Start at real time (to the second) so nothing outside the clock is confused.
    this.clock = new ManualClock(new Date(Math.floor(Date.now() / 1000) * 1000));
    this.dataDir = mkdtempSync(join(tmpdir(), 'isthmus-api-'));
  }

  static async start(options: HarnessOptions = {}): Promise<Harness> {
    const h = new Harness(options);
    await h.boot();
    return h;
  }

  private async boot(): Promise<void> {
    const clock = this.clock;
    moment.now = () => clock.now().getTime();
    // ISTHMUS_TEST_STORE=postgres runs the suite on a fresh database of ISTHMUS_TEST_PG_URL's server.
    if (process.env.ISTHMUS_TEST_STORE === 'postgres') {
      const base = process.env.ISTHMUS_TEST_PG_URL;
      if (!base) throw new Error('ISTHMUS_TEST_STORE=postgres needs ISTHMUS_TEST_PG_URL (scripts/pg-test-cluster.sh start)');
      this.pg = await freshDatabase(base, 'isthmus_api');
    }
    const config = parseServeOptions({
      listen: '127.0.0.1:0', dataDir: this.dataDir, ...(this.pg ? { store: this.pg.url } : {}), regions: (this.options.regions ?? ['eu-de', 'eu-nl']).join(','),
      dataplane: 'none', dataplanePrefix: 'ist', peeringExpiry: this.options.peeringExpiry ?? '7d',
      ...(this.options.auditRetention ? { auditRetention: this.options.auditRetention } : {}),
      quota: Object.entries(this.options.quotas ?? {}).map(([k, v]) => `${k}=${v}`), eipPool: this.options.eipPool ?? '198.51.100.0/24',
    });
    // ISTHMUS_TEST_LOG=error shows the server's log (e.g. the cause of an unexpected 500).
    const level = process.env.ISTHMUS_TEST_LOG;
    this.server = await createServer({ config, clock, ...(level ? { logger: { level } } : {}) });
    await this.server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = this.server.app.server.address();
    assert.ok(address && typeof address === 'object');
    this.url = `http://127.0.0.1:${address.port}`;
    const now = clock.now();
    this.a = this.party('A', await createAccount(this.server.store, 'alice', 'eu-de', now));
    this.b = this.party('B', await createAccount(this.server.store, 'bob', 'eu-de', now));
    this.c = this.party('C', await createAccount(this.server.store, 'carol', 'eu-de', now));
    this.aNl = this.party('A-nl', await createAccount(this.server.store, 'alice', 'eu-nl', now));
  }

  party(label: string, account: CreatedAccount, keys?: { ak: string; sk: string }): Party {
    const ak = keys?.ak ?? account.access_key;
    const sk = keys?.sk ?? account.secret_key;
    return { label, account, projectId: account.project_id, ak, sk, sdk: this.client(ak, sk, account.project_id) };
  }

  client(ak: string, sk: string, projectId: string): Sdk {
    return sdkClient(this.url, ak, sk, projectId);
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.pg?.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** A signed request as the SDK would sign it, but with any bytes and headers. */
  async raw(who: Party, method: string, path: string, opts: RawOptions = {}): Promise<RawResponse> {
    const body = opts.body === undefined ? undefined
      : typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? opts.body : JSON.stringify(opts.body);
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(opts.headers ?? {}) };
    if (!opts.noProjectHeader) headers['X-Project-Id'] = who.projectId;
    const url = `${this.url}${path}`;
    if (!opts.unsigned) {
      Object.assign(headers, signRequest({ method, url, headers, body, accessKey: who.ak, secretKey: who.sk, now: this.clock.now() }));
    }
    const res = await fetch(url, { method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    let json: any;
    try { json = text === '' ? undefined : JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, headers: res.headers, text, json };
  }

  /** POST /v3/auth/tokens with the party's password, scoped to its project. */
  async login(who: Party, password = who.account.password): Promise<RawResponse> {
    const body = {
      auth: {
        identity: { methods: ['password'], password: { user: { name: who.account.user, password, domain: { name: who.account.account_name } } } },
        scope: { project: { id: who.projectId } },
      },
    };
    const res = await fetch(`${this.url}/v3/auth/tokens`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
  }

  name(prefix = 'n'): string {
    return `${prefix}-${++this.seq}`;
  }

  /** A VPC (via the SDK), status OK. CIDRs default to a fresh 10.x.0.0/16. */
  async vpc(who: Party, cidr?: string, name?: string): Promise<any> {
    const n = ++this.seq;
    const res = await who.sdk.createVpc({ body: { vpc: { name: name ?? `vpc-${n}`, cidr: cidr ?? `10.${n % 250}.0.0/16` } } });
    return res.vpc;
  }

  async subnet(who: Party, vpcId: string, cidr: string, gateway?: string): Promise<any> {
    const gw = gateway ?? cidr.replace(/\.0\/\d+$/, '.1');
    const res = await who.sdk.createSubnet({ body: { subnet: { name: this.name('sn'), cidr, gateway_ip: gw, vpc_id: vpcId } } });
    return res.subnet;
  }

  async peering(who: Party, requestVpc: string, acceptVpc: string, acceptTenant?: string, name?: string): Promise<any> {
    const res = await who.sdk.createVpcPeering({
      body: {
        peering: {
          name: name ?? this.name('peer'),
          request_vpc_info: { vpc_id: requestVpc },
          accept_vpc_info: { vpc_id: acceptVpc, ...(acceptTenant ? { tenant_id: acceptTenant } : {}) },
        },
      },
    });
    assert.equal(res.httpStatusCode, 201);
    return res.peering;
  }

  async route(who: Party, vpcId: string, peeringId: string, destination: string): Promise<any> {
    const res = await who.sdk.createVpcRoute({ body: { route: { destination, nexthop: peeringId, type: 'peering', vpc_id: vpcId } } });
    assert.equal(res.httpStatusCode, 201);
    return res.route;
  }

  async defaultTable(who: Party, vpcId: string): Promise<any> {
    const res = await who.sdk.listRouteTables({ vpc_id: vpcId });
    const t = res.routetables.find((x: any) => x.default === true);
    assert.ok(t, 'the VPC has a default route table');
    return t;
  }
}

/** An official SDK v2 VpcClient for any endpoint (e.g. a server in a subprocess). */
export function sdkClient(endpoint: string, ak: string, sk: string, projectId: string): Sdk {
  return v2.VpcClient.newBuilder()
    .withCredential(new BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId))
    .withEndpoint(endpoint)
    .build();
}

/**
 * Asserts the SDK call fails with a ClientRequestException carrying this status and
 * code, a non-empty errorMsg and the X-Request-Id. Returns the exception.
 */
export async function expectApiError(promise: Promise<unknown>, status: number, code: string): Promise<any> {
  let error: any;
  try {
    const res = await promise;
    assert.fail(`expected HTTP ${status} ${code}, but the call succeeded: ${JSON.stringify(res).slice(0, 300)}`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    error = err;
  }
  assert.equal(error.httpStatusCode, status, `status (errorCode ${error.errorCode}, ${error.errorMsg})`);
  assert.equal(error.errorCode, code, `errorCode (${error.errorMsg})`);
  assert.equal(typeof error.errorMsg, 'string');
  assert.ok(error.errorMsg.length > 0, 'errorMsg is not empty');
  assert.ok(!/^Request failed with status code/.test(error.errorMsg), 'errorMsg comes from the body');
  assert.equal(typeof error.requestId, 'string');
  assert.ok(error.requestId.length > 0, 'requestId (X-Request-Id) is present');
  return error;
}

/** A raw response is a 4xx with error_code and error_msg (and X-Request-Id). */
export function assertRawError(res: RawResponse, status: number | ((s: number) => boolean), code?: string): void {
  if (typeof status === 'number') assert.equal(res.status, status, res.text);
  else assert.ok(status(res.status), `status ${res.status}: ${res.text}`);
  assert.ok(res.json, `JSON body: ${res.text}`);
  assert.equal(typeof res.json.error_code, 'string', res.text);
  assert.ok(res.json.error_code.length > 0);
  assert.equal(typeof res.json.error_msg, 'string', res.text);
  assert.ok(res.json.error_msg.length > 0);
  if (code !== undefined) assert.equal(res.json.error_code, code, res.text);
  assert.ok(res.headers.get('x-request-id'), 'X-Request-Id');
}

export const is4xx = (s: number) => s >= 400 && s < 500;

/** `yyyy-MM-ddTHH:mm:ss`, no zone, no fraction. */
export const HUAWEI_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type Mode = 'same-project' | 'cross-account';
export const MODES: readonly Mode[] = ['same-project', 'cross-account'];

/**
 * Two fresh VPCs to peer, as moto's peering suite does it: the requester is A; the
 * accepter is A again (same project) or B (another account).
 */
export async function pairFor(h: Harness, mode: Mode, cidrs: [string?, string?] = []): Promise<{
  req: Party; acc: Party; reqVpc: any; accVpc: any; acceptTenant: string | undefined; same: boolean;
}> {
  const acc = mode === 'same-project' ? h.a : h.b;
  const reqVpc = await h.vpc(h.a, cidrs[0]);
  const accVpc = await h.vpc(acc, cidrs[1]);
  return { req: h.a, acc, reqVpc, accVpc, acceptTenant: mode === 'cross-account' ? h.b.projectId : undefined, same: mode === 'same-project' };
}
