/**
 * A real Isthmus server in this process with the linux data plane under a test prefix,
 * two accounts, and a signed `fetch` (AK/SK as the SDK signs) to drive it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type RunningServer } from '../../src/app.js';
import { signRequest } from '../../src/api/huawei/auth/signer.js';
import { parseServeOptions } from '../../src/config.js';
import { createAccount, type CreatedAccount } from '../../src/service/accounts.js';
import { instanceNamespace } from '../../src/service/dataplane.js';

export interface Tenant { account: CreatedAccount; projectId: string }

export class DataplaneServer {
  server!: RunningServer;
  url!: string;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'isthmus-dp-'));

  constructor(readonly prefix: string) {}

  async start(options: { dataDir?: string; periodMs?: number; deepEvery?: number } = {}): Promise<this> {
    const config = parseServeOptions({
      listen: '127.0.0.1:0', dataDir: options.dataDir ?? this.dataDir, regions: 'eu-de', dataplane: 'linux',
      dataplanePrefix: this.prefix, peeringExpiry: '7d', quota: [], eipPool: '198.51.100.0/24',
    });
    const level = process.env.ISTHMUS_TEST_LOG;
    this.server = await createServer({
      config, ...(level ? { logger: { level } } : {}),
      dataplane: { kind: 'linux', prefix: this.prefix, teardown: true, periodMs: options.periodMs ?? 60_000, ...(options.deepEvery ? { deepEvery: options.deepEvery } : {}) },
    });
    await this.server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = this.server.app.server.address();
    assert.ok(address && typeof address === 'object');
    this.url = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async tenant(name: string): Promise<Tenant> {
    const account = await createAccount(this.server.store, name, 'eu-de', new Date());
    return { account, projectId: account.project_id };
  }

  /** A signed API call; fails the test on an unexpected status. */
  async call(who: Tenant, method: string, path: string, body?: object, expect?: number): Promise<any> {
    const url = `${this.url}${path.replace('{project_id}', who.projectId)}`;
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Project-Id': who.projectId };
    Object.assign(headers, signRequest({ method, url, headers, body: text, accessKey: who.account.access_key, secretKey: who.account.secret_key }));
    const res = await fetch(url, { method, headers, body: text });
    const raw = await res.text();
    if (expect !== undefined) assert.equal(res.status, expect, `${method} ${path}: ${raw}`);
    else assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${raw}`);
    return raw ? JSON.parse(raw) : undefined;
  }

  /** Resolves once every committed change has been through a data plane pass. */
  async realised(): Promise<void> {
    await this.server.dataplane!.reconciler.trigger();
  }

  namespaceOf(portIdOrName: string): Promise<string> {
    return instanceNamespace(this.server.store, portIdOrName).then((r) => r.namespace);
  }

  async close(keepData = false): Promise<void> {
    await this.server.close();
    if (!keepData) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** VPC + subnet + instances of one tenant, through the API. */
export async function buildVpc(s: DataplaneServer, who: Tenant, name: string, cidr: string, subnet: string, instances: Record<string, string>, owner = 'compute:eu-de-01') {
  const vpc = (await s.call(who, 'POST', '/v1/{project_id}/vpcs', { vpc: { name, cidr } })).vpc;
  const gateway = subnet.replace(/0\/24$/, '1');
  const sub = (await s.call(who, 'POST', '/v1/{project_id}/subnets', { subnet: { name: `${name}-subnet`, cidr: subnet, gateway_ip: gateway, vpc_id: vpc.id } })).subnet;
  const ports: Record<string, string> = {};
  for (const [portName, ip] of Object.entries(instances)) {
    const port = (await s.call(who, 'POST', '/v1/{project_id}/ports', {
      port: { name: portName, network_id: sub.id, device_owner: owner, fixed_ips: [{ ip_address: ip, subnet_id: sub.id }] },
    })).port;
    ports[portName] = port.id;
  }
  return { vpcId: vpc.id as string, subnetId: sub.id as string, ports };
}
