import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient } from '../../src/cli/client.js';
import { getProfile } from '../../src/cli/profiles.js';
import { CliHarness, ROOT, runCli } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
let h: CliHarness;
before(async () => { h = await CliHarness.start(); });
after(async () => { await h.close(); });

const FIGURE1 = join(ROOT, 'examples', 'figure1.yaml');
const HUB = join(ROOT, 'examples', 'hub-and-spokes.yaml');

async function apply(file: string, ...extra: string[]) {
  return runCli(['apply', file, '--data-dir', h.dataDir, '--endpoint', h.url, ...extra], h.env());
}

/** Everything each account sees through the API, as the API answers it (read in process: faster than 28 CLI runs). */
async function state(profiles: string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of profiles) {
    const p = getProfile(name, h.profiles);
    const c = new ApiClient({ endpoint: h.url, accessKey: p.access_key, secretKey: p.secret_key, projectId: p.project_id });
    for (const [kind, path] of [['vpc', c.v1('/vpcs')], ['subnet', c.v1('/subnets')], ['port', c.v1('/ports')], ['eip', c.v1('/publicips')],
      ['peering', '/v2.0/vpc/peerings'], ['route', '/v2.0/vpc/routes'], ['routetable', c.v1('/routetables')]] as const) {
      out[`${name}/${kind}`] = (await c.get(path)).body;
    }
  }
  return out;
}

const traceAs = (profile: string, ...args: string[]) =>
  runCli(['trace', '--profile', profile, ...args], { HOME: h.home, ISTHMUS_PROFILES: h.profiles });

let figure1Ports: Record<string, string> = {};

test('apply examples/figure1.yaml creates the seed\'s Figure 1; a second run creates nothing and changes nothing', async () => {
  const first = await apply(FIGURE1, '--write-profiles', '-o', 'json');
  assert.equal(first.code, 0, first.stderr);
  const results = JSON.parse(first.stdout).results as any[];
  const created = results.filter((r) => r.action === 'created').map((r) => `${r.kind} ${r.path}`);
  assert.deepEqual(created.sort(), [
    'account account-A', 'account account-B',
    'instance account-A/VPC-A/subnet-A01/ECS-A01', 'instance account-A/VPC-A/subnet-A01/ECS-A02',
    'instance account-B/VPC-B/subnet-B01/RDS-B01', 'instance account-B/VPC-B/subnet-B01/RDS-B02',
    'peering peering-AB',
    'route peering-AB/account-A/VPC-A/172.16.0.0/16', 'route peering-AB/account-B/VPC-B/192.168.0.0/16',
    'subnet account-A/VPC-A/subnet-A01', 'subnet account-B/VPC-B/subnet-B01',
    'vpc account-A/VPC-A', 'vpc account-B/VPC-B',
  ]);
  assert.deepEqual(results.filter((r) => r.action === 'accepted').map((r) => r.path), ['peering-AB']);

  const before = await state(['account-A', 'account-B']);
  const peerings = (before['account-B/peering'] as any).peerings;
  assert.equal(peerings.length, 1);
  assert.equal(peerings[0].status, 'ACTIVE', 'B accepted the request of A');
  assert.notEqual(peerings[0].request_vpc_info.tenant_id, peerings[0].accept_vpc_info.tenant_id, 'two accounts');
  assert.deepEqual((before['account-A/vpc'] as any).vpcs.map((v: any) => [v.name, v.cidr]), [['VPC-A', '192.168.0.0/16']]);
  assert.deepEqual((before['account-B/vpc'] as any).vpcs.map((v: any) => [v.name, v.cidr]), [['VPC-B', '172.16.0.0/16']]);
  assert.deepEqual((before['account-A/port'] as any).ports.map((p: any) => p.name).sort(), ['ECS-A01', 'ECS-A02']);
  assert.deepEqual((before['account-B/port'] as any).ports.map((p: any) => p.name).sort(), ['RDS-B01', 'RDS-B02']);
  assert.deepEqual((before['account-A/route'] as any).routes.map((r: any) => r.destination), ['172.16.0.0/16']);
  assert.deepEqual((before['account-B/route'] as any).routes.map((r: any) => r.destination), ['192.168.0.0/16']);
  for (const acc of ['account-A', 'account-B']) {
    for (const p of (before[`${acc}/port`] as any).ports) figure1Ports[p.name] = p.fixed_ips[0].ip_address;
  }

  const second = await apply(FIGURE1);
  assert.equal(second.code, 0, second.stderr);
  assert.doesNotMatch(second.stdout, /^created/m, 'the second run creates nothing');
  assert.match(second.stdout, /^0 created, 13 already existed$/m);
  assert.match(second.stdout, /^exists +peering +peering-AB .*\(ACTIVE\)$/m);
  assert.deepEqual(await state(['account-A', 'account-B']), before, 'the state is identical after the second run');
});

test('trace on Figure 1: exit 0 when reachable, 4 when not', async () => {
  const ab = await traceAs('account-A', '--from', 'ECS-A01', '--to', figure1Ports['RDS-B01']!, '--protocol', 'tcp', '--port', '3306');
  assert.equal(ab.code, 0, ab.stdout + ab.stderr);
  assert.match(ab.stdout, /tcp\/3306: REACHABLE/);
  assert.match(ab.stdout, /peering-AB/);

  const ba = await traceAs('account-B', '--from', 'RDS-B02', '--to', figure1Ports['ECS-A02']!, '--protocol', 'icmp', '-o', 'json');
  assert.equal(ba.code, 0, ba.stderr);
  assert.equal(JSON.parse(ba.stdout).reason, 'REACHABLE');

  const nobody = await traceAs('account-A', '--from', 'ECS-A01', '--to', '172.16.1.200', '--port', '3306', '-o', 'json');
  assert.equal(nobody.code, 4);
  assert.equal(JSON.parse(nobody.stdout).reason, 'ADDRESS_NOT_FOUND');

  // Another account's instance is not a name A can use: the CLI says so (exit 1).
  const foreign = await traceAs('account-A', '--from', 'ECS-A01', '--to', 'RDS-B01');
  assert.equal(foreign.code, 1);
  assert.match(foreign.stderr, /no port named "RDS-B01"/);
});

test('apply examples/hub-and-spokes.yaml: each spoke reaches the hub, never the other spoke', async () => {
  const r = await apply(HUB, '--write-profiles');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^20 created, 0 already existed, 2 accepted$/m);
  const hub = await traceAs('spoke1', '--from', 'SPOKE1-VM', '--to', '10.0.1.10');
  assert.equal(hub.code, 0, hub.stdout);
  const spoke = await traceAs('spoke1', '--from', 'SPOKE1-VM', '--to', '10.2.1.10', '-o', 'json');
  assert.equal(spoke.code, 4);
  assert.equal(JSON.parse(spoke.stdout).reason, 'TRANSIT_DENIED');
  const back = await traceAs('spoke2', '--from', 'SPOKE2-VM', '--to', '10.1.1.10', '-o', 'json');
  assert.equal(back.code, 4);
  assert.equal(JSON.parse(back.stdout).reason, 'TRANSIT_DENIED');
  const again = await apply(HUB);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /^0 created, 20 already existed$/m);
});

test('apply validates the whole file first and reports each problem with its path (exit 2)', async () => {
  const bad = join(h.dir, 'bad.yaml');
  writeFileSync(bad, [
    'accounts:',
    '  account-Z:',
    '    vpcs:',
    '      VPC-Z:',
    '        cidr: 10.0.0.0/33',
    '        subnets:',
    '          s1: {cidrr: 10.0.1.0/24}',
    'peerings:',
    '  p1: {request: account-Z/VPC-Y, accept: VPC-Z}',
  ].join('\n'));
  const r = await apply(bad);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '', 'nothing is applied');
  assert.match(r.stderr, /accounts\.account-Z\.vpcs\.VPC-Z\.cidr: "10\.0\.0\.0\/33" is not an IPv4 CIDR/);
  assert.match(r.stderr, /accounts\.account-Z\.vpcs\.VPC-Z\.subnets\.s1\.cidrr: unknown key/);
  assert.match(r.stderr, /accounts\.account-Z\.vpcs\.VPC-Z\.subnets\.s1\.cidr: is required/);
  assert.match(r.stderr, /peerings\.p1\.request: account account-Z has no VPC "VPC-Y"/);
  const accounts = await runCli(['vpc', 'list', '--profile', 'account-Z'], { HOME: h.home, ISTHMUS_PROFILES: h.profiles });
  assert.equal(accounts.code, 2, 'no account-Z profile was written');

  writeFileSync(bad, 'accounts: [\n');
  const syntax = await apply(bad);
  assert.equal(syntax.code, 2);
  assert.match(syntax.stderr, /YAML: .*line/);

  const missing = await apply(join(h.dir, 'nope.yaml'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read/);
});

test('apply reports what differs from the file and leaves it alone (exit 1)', async () => {
  const drift = join(h.dir, 'drift.yaml');
  writeFileSync(drift, 'accounts:\n  account-A:\n    vpcs:\n      VPC-A: {cidr: 10.99.0.0/16}\n');
  const r = await apply(drift);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^differs +vpc +account-A\/VPC-A .*cidr is 192\.168\.0\.0\/16, the file says 10\.99\.0\.0\/16/m);
  assert.match(r.stderr, /1 object differ/);
  const vpcs = await runCli(['vpc', 'show', 'VPC-A', '--profile', 'account-A', '-o', 'json'], { HOME: h.home, ISTHMUS_PROFILES: h.profiles });
  assert.equal(JSON.parse(vpcs.stdout).vpc.cidr, '192.168.0.0/16');
});

test('apply: an instance with an EIP (bound once, found again), a peering left pending', async () => {
  const file = join(h.dir, 'eip.yaml');
  writeFileSync(file, [
    'accounts:',
    '  web:',
    '    vpcs:',
    '      VPC-W:',
    '        cidr: 10.50.0.0/16',
    '        subnets:',
    '          subnet-w: {cidr: 10.50.1.0/24, instances: {WEB-1: {ip: 10.50.1.20, eip: eip-web}, WEB-2: {device_owner: "compute:eu-de-02"}}}',
    '  db:',
    '    vpcs:',
    '      VPC-D: {cidr: 10.60.0.0/16}',
    'peerings:',
    '  peering-WD: {request: VPC-W, accept: VPC-D, status: PENDING_ACCEPTANCE}',
  ].join('\n'));
  const first = await apply(file, '--write-profiles', '-o', 'json');
  assert.equal(first.code, 0, first.stderr);
  const results = JSON.parse(first.stdout).results as any[];
  const actions = results.map((r) => `${r.action} ${r.kind} ${r.path}`);
  assert.ok(actions.includes('created eip web/VPC-W/subnet-w/WEB-1/eip-web'), actions.join('\n'));
  assert.ok(actions.includes('bound eip web/VPC-W/subnet-w/WEB-1/eip-web'));
  assert.ok(actions.includes('created peering peering-WD'));
  assert.ok(!actions.some((a) => a.startsWith('accepted')), 'a pending peering is not accepted');

  const env = { HOME: h.home, ISTHMUS_PROFILES: h.profiles };
  const eips = JSON.parse((await runCli(['eip', 'list', '--profile', 'web', '-o', 'json'], env)).stdout).publicips;
  assert.equal(eips.length, 1);
  assert.equal(eips[0].status, 'ACTIVE');
  assert.equal(eips[0].private_ip_address, '10.50.1.20');
  const ports = JSON.parse((await runCli(['port', 'list', '--profile', 'web', '-o', 'json'], env)).stdout).ports;
  assert.equal(ports.find((p: any) => p.name === 'WEB-2').device_owner, 'compute:eu-de-02');
  const pending = JSON.parse((await runCli(['peering', 'list', '--profile', 'db', '-o', 'json'], env)).stdout).peerings;
  assert.deepEqual(pending.map((p: any) => [p.name, p.status]), [['peering-WD', 'PENDING_ACCEPTANCE']]);

  // With its EIP, WEB-1 reaches the Internet; WEB-2 has none.
  const out = await traceAs('web', '--from', 'WEB-1', '--to', '203.0.113.10', '--port', '80');
  assert.equal(out.code, 0, out.stdout);
  const noEip = await traceAs('web', '--from', 'WEB-2', '--to', '203.0.113.10', '--port', '80');
  assert.equal(noEip.code, 4, noEip.stdout);

  const second = await apply(file, '-o', 'json');
  assert.equal(second.code, 0, second.stderr);
  const again = (JSON.parse(second.stdout).results as any[]);
  assert.deepEqual(again.filter((r) => r.action !== 'exists'), [], 'the second run only finds what exists');
});
