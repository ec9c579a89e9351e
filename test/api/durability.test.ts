/**
 * Durability: the real `bin/isthmus serve` (built with `npm run build`) in a subprocess
 * on a temporary data dir. Resources are created through the official SDK, the server
 * is killed with SIGKILL (by the PID started here) while writes are in flight, then
 * restarted on the same directory: every acknowledged resource must be there.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cli, ensureBuilt, freePort, kill9, serve as serveIn } from '../support/server-process.js';
import { sdkClient, type Sdk } from './harness.js';

let dataDir: string;
let child: ChildProcess | undefined;







async function serve(port: number): Promise<{ proc: ChildProcess; url: string }> {
  child = await serveIn(port, dataDir, ['--quota', 'vpc=-1']);
  return { proc: child, url: `http://127.0.0.1:${port}` };
}

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'isthmus-durable-'));
  ensureBuilt();
});

after(async () => {
  if (child) await kill9(child);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('kill -9 and restart: every acknowledged resource survives', { timeout: 180_000 }, async () => {
  const alice = JSON.parse(cli(['account', 'create', 'alice', '--region', 'eu-de', '--data-dir', dataDir, '--json']));
  const bob = JSON.parse(cli(['account', 'create', 'bob', '--region', 'eu-de', '--data-dir', dataDir, '--json']));
  const port = await freePort();
  let { proc, url } = await serve(port);
  const A: Sdk = sdkClient(url, alice.access_key, alice.secret_key, alice.project_id);
  const B: Sdk = sdkClient(url, bob.access_key, bob.secret_key, bob.project_id);

  // A small world, each step acknowledged before the next.
  const vpcA = (await A.createVpc({ body: { vpc: { name: 'vpc-a', cidr: '10.1.0.0/16' } } })).vpc;
  const vpcB = (await B.createVpc({ body: { vpc: { name: 'vpc-b', cidr: '10.2.0.0/16' } } })).vpc;
  const vpcA2 = (await A.createVpc({ body: { vpc: { name: 'vpc-a2', cidr: '10.3.0.0/16' } } })).vpc;
  const subnetA = (await A.createSubnet({ body: { subnet: { name: 'sn-a', cidr: '10.1.1.0/24', gateway_ip: '10.1.1.1', vpc_id: vpcA.id } } })).subnet;
  const active = (await A.createVpcPeering({
    body: { peering: { name: 'ab', request_vpc_info: { vpc_id: vpcA.id }, accept_vpc_info: { vpc_id: vpcB.id, tenant_id: bob.project_id } } },
  })).peering;
  await B.acceptVpcPeering({ peering_id: active.id });
  const pending = (await B.createVpcPeering({
    body: { peering: { name: 'b-a2', request_vpc_info: { vpc_id: vpcB.id }, accept_vpc_info: { vpc_id: vpcA2.id, tenant_id: alice.project_id } } },
  })).peering;
  const same = (await A.createVpcPeering({ body: { peering: { name: 'a-a2', request_vpc_info: { vpc_id: vpcA.id }, accept_vpc_info: { vpc_id: vpcA2.id } } } })).peering;
  await A.updateVpcPeering({ peering_id: same.id, body: { peering: { name: 'a-a2-renamed' } } });
  const routeA = (await A.createVpcRoute({ body: { route: { destination: '10.2.0.0/16', nexthop: active.id, type: 'peering', vpc_id: vpcA.id } } })).route;
  const routeB = (await B.createVpcRoute({ body: { route: { destination: '10.1.0.0/16', nexthop: active.id, type: 'peering', vpc_id: vpcB.id } } })).route;
  const port1 = (await A.createPort({ body: { port: { name: 'vm-1', network_id: subnetA.id } } })).port;

  // Then a burst of writes, killed in flight: each acknowledged VPC must survive.
  const acknowledged: string[] = [];
  let stop = false;
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      try {
        const v = (await A.createVpc({ body: { vpc: { name: `burst-${w}-${i}` } } })).vpc;
        acknowledged.push(v.id);
      } catch {
        return; // the server died under us: the in-flight request is not acknowledged
      }
    }
  };
  let running = 4;
  const writers = [0, 1, 2, 3].map((w) => writer(w).finally(() => { running--; }));
  while (acknowledged.length < 40 && running > 0) await new Promise((r) => setTimeout(r, 5));
  assert.ok(acknowledged.length >= 40, `the writers stopped early after ${acknowledged.length} VPCs`);
  await kill9(proc);
  stop = true;
  await Promise.all(writers);
  assert.equal(proc.signalCode, 'SIGKILL');

  ({ proc, url } = await serve(port));
  const vpcsA = (await A.listVpcs({})).vpcs;
  const ids = new Set(vpcsA.map((v: any) => v.id));
  for (const id of [vpcA.id, vpcA2.id, ...acknowledged]) assert.ok(ids.has(id), `VPC ${id} survived`);
  assert.equal((await B.showVpc({ vpc_id: vpcB.id })).vpc.name, 'vpc-b');
  assert.equal((await A.showSubnet({ subnet_id: subnetA.id })).subnet.cidr, '10.1.1.0/24');
  assert.equal((await A.showVpcPeering({ peering_id: active.id })).peering.status, 'ACTIVE');
  assert.equal((await A.showVpcPeering({ peering_id: pending.id })).peering.status, 'PENDING_ACCEPTANCE');
  assert.equal((await A.showVpcPeering({ peering_id: same.id })).peering.name, 'a-a2-renamed');
  assert.deepEqual((await A.showVpcRoute({ route_id: routeA.id })).route, routeA);
  assert.deepEqual((await B.showVpcRoute({ route_id: routeB.id })).route, routeB);
  const table = (await A.listRouteTables({ vpc_id: vpcA.id })).routetables[0];
  assert.ok(table.routes.some((r: any) => r.type === 'peering' && r.destination === '10.2.0.0/16'));
  assert.deepEqual(table.subnets, [{ id: subnetA.id }]);
  assert.equal((await A.showPort({ port_id: port1.id })).port.name, 'vm-1');
  // And the restarted server keeps working on that state.
  assert.equal((await A.acceptVpcPeering({ peering_id: pending.id })).status, 'ACTIVE');
  await kill9(proc);
});
