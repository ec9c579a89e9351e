import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { listen, kernelOrSkip, ping, removeAll, stopAll, tcp } from './support.js';
import { buildVpc, DataplaneServer } from './server.js';

const PREFIX = 'itse';
const pids: number[] = [];
let server: DataplaneServer | null = null;

after(async () => {
  await stopAll(pids);
  await server?.close().catch(() => {});
  await removeAll(PREFIX);
});

test("the seed's scenario through the real server and API, with real packets", { timeout: 120_000 }, async (t) => {
  if (!(await kernelOrSkip(t))) return;
  server = await new DataplaneServer(PREFIX).start();
  const s = server;
  const alice = await s.tenant('alice');
  const bob = await s.tenant('bob');
  const a = await buildVpc(s, alice, 'VPC-A', '192.168.0.0/16', '192.168.1.0/24', { 'ECS-A01': '192.168.1.10', 'ECS-A02': '192.168.1.11' });
  const b = await buildVpc(s, bob, 'VPC-B', '172.16.0.0/16', '172.16.1.0/24', { 'RDS-B01': '172.16.1.10' }, 'rds:eu-de-01a');
  await s.realised();

  // The API reflects the data plane: created CREATING / UNKNOWN, OK / ACTIVE once realised.
  assert.equal((await s.call(alice, 'GET', `/v1/{project_id}/vpcs/${a.vpcId}`)).vpc.status, 'OK');
  assert.equal((await s.call(bob, 'GET', `/v1/{project_id}/subnets/${b.subnetId}`)).subnet.status, 'ACTIVE');
  // ... and the plan says, per object, that it is realised.
  const plan = await s.call(alice, 'GET', '/isthmus/v1/{project_id}/plan');
  assert.equal(plan.data_plane, 'realising');
  const router = plan.routers.find((r: any) => r.vpcId === a.vpcId);
  assert.equal(router.realised, true);
  assert.ok(router.segments.length > 0 && router.segments.every((seg: any) => seg.realised === true));
  assert.deepEqual(router.segments.flatMap((seg: any) => seg.ports.map((p: any) => p.realised)), [true, true]);
  // The reconciler's passes are counted in /metrics.
  const metrics = await (await fetch(`${s.url}/metrics`)).text();
  const passes = Number(/isthmus_reconciler_outcomes_total\{outcome="success"\} (\d+)/.exec(metrics)?.[1] ?? 0);
  assert.ok(passes > 0, 'successful reconciler passes are counted');

  const a01 = await s.namespaceOf('ECS-A01');
  const b01 = await s.namespaceOf(b.ports['RDS-B01']!);
  pids.push(await listen(b01, 80));
  const reach = async () => ({ icmp: await ping(a01, '172.16.1.10'), tcp: await tcp(a01, '172.16.1.10', 80) });
  const none = { icmp: false, tcp: false };

  assert.equal(await ping(a01, '192.168.1.11'), true, 'same subnet works from the start');
  assert.deepEqual(await reach(), none, 'before peering');

  const peering = (await s.call(alice, 'POST', '/v2.0/vpc/peerings', {
    peering: { name: 'peering-AB', request_vpc_info: { vpc_id: a.vpcId, tenant_id: alice.projectId }, accept_vpc_info: { vpc_id: b.vpcId, tenant_id: bob.projectId } },
  }, 201)).peering;
  assert.equal(peering.status, 'PENDING_ACCEPTANCE');
  await s.realised();
  assert.deepEqual(await reach(), none, 'after the cross-account request');

  await s.call(bob, 'PUT', `/v2.0/vpc/peerings/${peering.id}/accept`);
  await s.call(alice, 'POST', '/v2.0/vpc/routes', { route: { type: 'peering', nexthop: peering.id, destination: '172.16.0.0/16', vpc_id: a.vpcId } }, 201);
  await s.realised();
  assert.deepEqual(await reach(), none, 'accepted, route on one side only');

  await s.call(bob, 'POST', '/v2.0/vpc/routes', { route: { type: 'peering', nexthop: peering.id, destination: '192.168.0.0/16', vpc_id: b.vpcId } }, 201);
  await s.realised();
  assert.deepEqual(await reach(), { icmp: true, tcp: true }, 'routes on both sides');
  assert.equal(await ping(b01, '192.168.1.11'), true, 'B01 reaches A02 too');

  // isthmus exec finds the namespace through the store alone.
  const exec = spawnSync(process.execPath, ['--import', 'tsx', '-e', 'import("./src/main.ts").then((m) => m.main(["node", "isthmus", ...process.argv.slice(1)]))', '--',
    'exec', 'ECS-A01', '--data-dir', s.dataDir, '--', 'ping', '-c1', '-W1', '172.16.1.10'], { encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname });
  assert.equal(exec.status, 0, `isthmus exec: ${exec.stderr}`);
  assert.match(exec.stdout, /1 received/);

  await s.call(alice, 'DELETE', `/v2.0/vpc/peerings/${peering.id}`, undefined, 204);
  await s.realised();
  assert.deepEqual(await reach(), none, 'after deleting the peering');
});
