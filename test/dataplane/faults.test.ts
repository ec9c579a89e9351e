import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { desiredState } from '../../src/dataplane/desired.js';
import { LinuxDriver } from '../../src/dataplane/linux/driver.js';
import { readFile, writeFile } from 'node:fs/promises';
import { run } from '../../src/dataplane/linux/exec.js';
import { readNamespaces } from '../../src/dataplane/linux/nlread.js';
import { GSO_IPV4_MAX } from '../../src/dataplane/linux/offload.js';
import { listNamespaces, observeNamespace, type ObservedNamespace } from '../../src/dataplane/linux/observe.js';
import { RESOLV_CONF } from '../../src/dataplane/desired.js';
import { responderPid } from '../../src/dataplane/linux/responder.js';
import { names } from '../../src/dataplane/naming.js';
import { latestPlans } from '../../src/service/dataplane.js';
import { openStore } from '../../src/store/open.js';
import { createAccount } from '../../src/service/accounts.js';
import { kernelOrSkip, ping, removeAll, tcp } from './support.js';
import { buildVpc, DataplaneServer, type Tenant } from './server.js';

const DRIFT = 'itsf';
const KILL = 'itsk';
const LIGHT = 'itsl';
const ROOT = new URL('../..', import.meta.url).pathname;
let server: DataplaneServer | null = null;
const children: ChildProcess[] = [];
const dirs: string[] = [];

after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await server?.close().catch(() => {});
  await removeAll(DRIFT);
  await removeAll(KILL);
  await removeAll(LIGHT);
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

test('drift inside an instance namespace is repaired by a regular (not deep) periodic pass', { timeout: 120_000 }, async (t) => {
  if (!(await kernelOrSkip(t))) return;
  // No deep pass after start-up: every repair below is a regular pass's.
  const s = await new DataplaneServer(LIGHT).start({ periodMs: 300, deepEvery: 1_000_000 });
  try {
    const { a, b } = await peered(s, await s.tenant('alice'), await s.tenant('bob'));
    await s.realised();
    const reconciler = s.server.dataplane!.reconciler;
    const n = names(LIGHT);
    const a01 = n.instanceNs(a.ports['ECS-A01']!);
    const b01 = n.instanceNs(b.ports['RDS-B01']!);
    const ifA = n.instanceIf(a.ports['ECS-A01']!);
    const ifB = n.instanceIf(b.ports['RDS-B01']!);
    const works = async () => (await ping(a01, '172.16.1.10')) && (await ping(b01, '192.168.1.10')) && (await tcp(a01, '203.0.113.10', 80));
    const converged = async () => {
      const desired = desiredState(await latestPlans(s.server.store, ['eu-de']), LIGHT);
      return (await new LinuxDriver({ prefix: LIGHT }).status(desired)).every((r) => r.state === 'ok');
    };
    const addresses = async (ns: string, dev: string) => {
      const res = await run('ip', ['-4', '-j', '-n', ns, 'addr', 'show', 'dev', dev]);
      return (JSON.parse(res.stdout) as { addr_info: { local: string; prefixlen: number }[] }[]).flatMap((l) => l.addr_info.map((x) => `${x.local}/${x.prefixlen}`));
    };
    assert.ok(await works(), 'peered and on the Internet through the EIP');
    const deepBefore = reconciler.metrics.deepPasses;
    const ip = (...args: string[]) => async () => {
      const res = await run('ip', args);
      assert.equal(res.code, 0, `ip ${args.join(' ')}: ${res.stderr}`);
    };
    const faults: [string, () => Promise<void>, () => Promise<boolean>][] = [
      ['address deleted', ip('-n', a01, 'addr', 'flush', 'dev', ifA), works],
      ['default route deleted', ip('-n', b01, 'route', 'del', 'default'), works],
      ['instance link down', ip('-n', a01, 'link', 'set', ifA, 'down'), works],
      ['loopback down', ip('-n', b01, 'link', 'set', 'lo', 'down'), works],
      ['MAC changed', ip('-n', b01, 'link', 'set', ifB, 'address', '02:00:00:00:00:99'), works],
      ['foreign address added', ip('-n', a01, 'addr', 'add', '10.66.0.1/24', 'dev', ifA), async () => (await addresses(a01, ifA)).join() === '192.168.1.10/24'],
      ['foreign route added', ip('-n', a01, 'route', 'add', '172.16.1.0/24', 'via', '192.168.1.99', 'dev', ifA, 'onlink'), works],
      ['policy rule added', ip('-n', b01, 'rule', 'add', 'pref', '1500', 'from', 'all', 'blackhole'), works],
      ['resolv.conf rewritten', () => writeFile(`/etc/netns/${a01}/resolv.conf`, 'nameserver 10.255.255.53\n'), async () => (await readFile(`/etc/netns/${a01}/resolv.conf`, 'utf8')) === RESOLV_CONF],
    ];
    for (const [what, fault, repaired] of faults) {
      await fault();
      const ms = await until(`repair of: ${what}`, async () => (await repaired()) && (await converged()) && (await works()), 5000);
      t.diagnostic(`${what}: repaired in ${Math.round(ms)} ms`);
    }
    assert.equal(reconciler.metrics.deepPasses, deepBefore, 'no deep pass ran meanwhile');
  } finally {
    await s.close();
  }
});

test('the netlink helper reads a namespace exactly as `ip` does', { timeout: 60_000 }, async (t) => {
  if (!(await kernelOrSkip(t))) return;
  const s = await new DataplaneServer(LIGHT).start();
  try {
    const { a } = await peered(s, await s.tenant('alice'), await s.tenant('bob'));
    await s.realised();
    const n = names(LIGHT);
    const a01 = n.instanceNs(a.ports['ECS-A01']!);
    const ifA = n.instanceIf(a.ports['ECS-A01']!);
    // Odd things too: a secondary and a /32 address, a down link, a blackhole, an unreachable
    // and a table-100 route, a source rule, a blackhole rule.
    for (const args of [
      ['addr', 'add', '10.66.0.1/24', 'dev', ifA], ['addr', 'add', '10.66.0.9/32', 'dev', 'lo'], ['addr', 'add', '192.168.1.77/24', 'dev', ifA],
      ['route', 'add', 'blackhole', '10.77.0.0/16'], ['route', 'add', 'unreachable', '10.78.1.2/32', 'table', '100'],
      ['route', 'add', '10.79.0.0/16', 'via', '10.66.0.2', 'table', '100'], ['rule', 'add', 'pref', '1500', 'from', '10.66.0.0/24', 'lookup', '100'],
      ['rule', 'add', 'pref', '1600', 'blackhole'], ['link', 'add', 'itslb00000000', 'type', 'bridge'],
    ]) assert.equal((await run('ip', ['-n', a01, ...args])).code, 0, args.join(' '));
    const desired = desiredState(await latestPlans(s.server.store, ['eu-de']), LIGHT);
    const list = desired.namespaces.map((ns) => ns.name);
    const fast = await readNamespaces(list);
    const plain = (o: ObservedNamespace) => ({
      // iproute2 before 6.3 does not print the IPv4 GSO/GRO sizes: compared below instead.
      links: [...o.links.values()].map(({ gsoIpv4: _g, groIpv4: _r, ...l }) => ({ ...l, addresses: [...l.addresses].sort() })).sort((x, y) => x.name.localeCompare(y.name)),
      routes: [...o.routes.keys()].sort(), rules: [...o.rules.keys()].sort(),
    });
    for (const spec of desired.namespaces) {
      const viaIp = await observeNamespace({ ...spec, nft: null, sysctls: [] });
      const viaNetlink = fast.get(spec.name);
      assert.ok(viaNetlink, `read ${spec.name}`);
      assert.deepEqual(plain(viaNetlink), plain(viaIp), `${spec.role} ${spec.name}`);
    }
    assert.ok(plain(fast.get(a01)!).routes.length >= 4, 'the odd routes are seen');
    for (const spec of desired.namespaces) {
      for (const i of spec.interfaces.filter((x) => x.kind !== 'loopback')) {
        const l = fast.get(spec.name)!.links.get(i.name);
        assert.deepEqual([l?.gsoIpv4, l?.groIpv4], [GSO_IPV4_MAX, GSO_IPV4_MAX], `large IPv4 packets on ${spec.name}/${i.name}`);
      }
    }
    assert.equal((await readNamespaces([`${LIGHT}-i00000000`])).size, 0, 'a missing namespace is left out');
  } finally {
    await s.close();
  }
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
