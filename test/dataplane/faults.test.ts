import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { desiredState } from '../../src/dataplane/desired.js';
import { LinuxDriver } from '../../src/dataplane/linux/driver.js';
import { run } from '../../src/dataplane/linux/exec.js';
import { listNamespaces } from '../../src/dataplane/linux/observe.js';
import { responderPid } from '../../src/dataplane/linux/responder.js';
import { names } from '../../src/dataplane/naming.js';
import { latestPlans } from '../../src/service/dataplane.js';
import { openStore } from '../../src/store/open.js';
import { createAccount } from '../../src/service/accounts.js';
import { kernelOrSkip, ping, removeAll, tcp } from './support.js';
import { buildVpc, DataplaneServer, type Tenant } from './server.js';

const DRIFT = 'itsf';
const KILL = 'itsk';
const ROOT = new URL('../..', import.meta.url).pathname;
let server: DataplaneServer | null = null;
const children: ChildProcess[] = [];
const dirs: string[] = [];

after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await server?.close().catch(() => {});
  await removeAll(DRIFT);
  await removeAll(KILL);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function until(what: string, check: () => Promise<boolean>, ms = 8000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < ms) {
    if (await check()) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`not within ${ms} ms: ${what}`);
}

/** Peered A and B with routes on both sides and an EIP on A01. */
async function peered(s: DataplaneServer, alice: Tenant, bob: Tenant) {
  const a = await buildVpc(s, alice, 'VPC-A', '192.168.0.0/16', '192.168.1.0/24', { 'ECS-A01': '192.168.1.10' });
  const b = await buildVpc(s, bob, 'VPC-B', '172.16.0.0/16', '172.16.1.0/24', { 'RDS-B01': '172.16.1.10' });
  const peering = (await s.call(alice, 'POST', '/v2.0/vpc/peerings', {
    peering: { name: 'ab', request_vpc_info: { vpc_id: a.vpcId, tenant_id: alice.projectId }, accept_vpc_info: { vpc_id: b.vpcId, tenant_id: bob.projectId } },
  }, 201)).peering;
  await s.call(bob, 'PUT', `/v2.0/vpc/peerings/${peering.id}/accept`);
  await s.call(alice, 'POST', '/v2.0/vpc/routes', { route: { type: 'peering', nexthop: peering.id, destination: '172.16.0.0/16', vpc_id: a.vpcId } }, 201);
  await s.call(bob, 'POST', '/v2.0/vpc/routes', { route: { type: 'peering', nexthop: peering.id, destination: '192.168.0.0/16', vpc_id: b.vpcId } }, 201);
  const eip = (await s.call(alice, 'POST', '/v1/{project_id}/publicips', { publicip: { type: '5_bgp' }, bandwidth: { share_type: 'PER', name: 'bw', size: 5 } })).publicip;
  await s.call(alice, 'PUT', `/v1/{project_id}/publicips/${eip.id}`, { publicip: { port_id: a.ports['ECS-A01'] } });
  return { a, b, peeringId: peering.id as string };
}

test('drift behind the reconciler\'s back is repaired by the periodic resync', { timeout: 120_000 }, async (t) => {
  if (!(await kernelOrSkip(t))) return;
  server = await new DataplaneServer(DRIFT).start({ periodMs: 300 });
  const s = server;
  const { a, b, peeringId } = await peered(s, await s.tenant('alice'), await s.tenant('bob'));
  await s.realised();
  const n = names(DRIFT);
  const a01 = n.instanceNs(a.ports['ECS-A01']!);
  const ra = n.routerNs(a.vpcId);
  const rb = n.routerNs(b.vpcId);
  const works = async () => (await ping(a01, '172.16.1.10')) && (await ping(a01, '203.0.113.10')) && (await tcp(a01, '203.0.113.10', 80));
  assert.ok(await works(), 'peered and on the Internet through the EIP');
  const converged = async () => {
    const desired = desiredState(await latestPlans(s.server.store, ['eu-de']), DRIFT);
    return (await new LinuxDriver({ prefix: DRIFT }).status(desired)).every((r) => r.state === 'ok');
  };
  assert.ok(await converged(), 'status: everything as desired');

  const faults: [string, string[]][] = [
    ['instance namespace deleted', ['netns', 'del', n.instanceNs(b.ports['RDS-B01']!)]],
    ['peering link deleted', ['-n', ra, 'link', 'del', n.peeringIf(peeringId, 0)]],
    ['instance interface deleted inside the instance', ['-n', a01, 'link', 'del', n.instanceIf(a.ports['ECS-A01']!)]],
    ['instance default route deleted', ['-n', a01, 'route', 'del', 'default']],
    ['route deleted', ['-n', rb, 'route', 'flush', 'table', 'all', 'proto', 'boot']],
    ['router namespace deleted', ['netns', 'del', rb]],
    ['bridge deleted', ['-n', ra, 'link', 'del', n.bridge(a.subnetId)]],
    ['uplink deleted', ['-n', ra, 'link', 'del', n.uplinkIf(a.vpcId)]],
    ['rp_filter turned off', ['netns', 'exec', rb, 'sysctl', '-qw', 'net.ipv4.conf.all.rp_filter=0']],
    ['nft table deleted', ['netns', 'exec', ra, 'nft', 'delete', 'table', 'inet', n.nftTable]],
  ];
  for (const [what, args] of faults) {
    const res = await run('ip', args);
    assert.equal(res.code, 0, `${what}: ${res.stderr}`);
    const ms = await until(`repair of: ${what}`, async () => (await converged()) && (await works()));
    t.diagnostic(`${what}: repaired in ${Math.round(ms)} ms`);
  }
  const pid = await responderPid(n.internetNs);
  assert.ok(pid, 'one Internet responder');
});

/** `isthmus serve` as a child process; resolves with its URL once it listens. */
function serve(dataDir: string, extra: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', 'import("./src/main.ts").then((m) => m.main(["node", "isthmus", ...process.argv.slice(1)]))', '--',
      'serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--dataplane', 'linux', '--dataplane-prefix', KILL, ...extra],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out.slice(-2000)}`)));
  });
}

test('a server killed mid-way converges after restart, without duplicates or leftovers', { timeout: 180_000 }, async (t) => {
  if (!(await kernelOrSkip(t))) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'isthmus-kill-'));
  dirs.push(dataDir);
  const first = await serve(dataDir);
  const store = await openStore({ dataDir });
  const alice = await createAccount(store, 'alice', 'eu-de', new Date());
  await store.close();
  // Drive the child server through the same signed client.
  const s = new DataplaneServer(KILL);
  s.url = first.url;
  const tenant = { account: alice, projectId: alice.project_id };
  const instances = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`vm-${i}`, `10.7.1.${10 + i}`]));
  const vpc = await buildVpc(s, tenant, 'VPC-K', '10.7.0.0/16', '10.7.1.0/24', instances);
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  const mine = async () => [...(await listNamespaces())].filter((ns) => names(KILL).ownsNamespace(ns));
  t.diagnostic(`killed with ${(await mine()).length} of 41 namespaces realised`);

  const second = await serve(dataDir);
  s.url = second.url;
  const expected = 41;
  await until('the restarted server realises everything', async () => (await mine()).length === expected, 20_000);
  const check = await openStore({ dataDir });
  try {
    const desired = desiredState(await latestPlans(check, ['eu-de']), KILL);
    await until('status converged', async () => (await new LinuxDriver({ prefix: KILL }).status(desired)).every((r) => r.state === 'ok'), 20_000);
    assert.equal((await mine()).length, expected, 'no duplicate or leftover namespaces');
    const n = names(KILL);
    assert.ok(await ping(n.instanceNs(vpc.ports['vm-0']!), '10.7.1.49'), 'instances talk');
  } finally {
    await check.close();
  }
  // Graceful stop with --dataplane-teardown: nothing of the prefix is left.
  second.child.kill('SIGKILL');
  await new Promise((r) => second.child.once('exit', r));
  const third = await serve(dataDir, ['--dataplane-teardown']);
  await until('third server converged', async () => (await mine()).length === expected, 20_000);
  third.child.kill('SIGTERM');
  await new Promise((r) => third.child.once('exit', r));
  assert.deepEqual(await mine(), [], 'teardown on shutdown removes every namespace of the prefix');
});
