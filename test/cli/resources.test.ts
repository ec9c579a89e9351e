import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CliHarness, runCli } from './helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
let h: CliHarness;
before(async () => { h = await CliHarness.start(); });
after(async () => { await h.close(); });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('vpc, subnet and port: create, list, show and update, in json (the API body) and table form', async () => {
  const created = await h.json(h.a, 'vpc', 'create', 'VPC-A', '--cidr', '192.168.0.0/16', '--description', 'services');
  assert.match(created.vpc.id, UUID);
  assert.equal(created.vpc.cidr, '192.168.0.0/16');
  assert.equal(created.vpc.description, 'services');

  const list = await h.json(h.a, 'vpc', 'list');
  assert.deepEqual(list.vpcs.map((v: any) => v.name), ['VPC-A'], 'json is the API body: {"vpcs": [...]}');
  const table = await h.cli(h.a, 'vpc', 'list');
  assert.equal(table.code, 0, table.stderr);
  const [header, row, ...rest] = table.stdout.trimEnd().split('\n');
  assert.match(header!, /^ID\s+NAME\s+CIDR\s+STATUS/);
  assert.match(row!, new RegExp(`^${created.vpc.id}\\s+VPC-A\\s+192\\.168\\.0\\.0/16\\s+OK`));
  assert.equal(rest.length, 0);

  // By name or by id, the same VPC.
  const byName = await h.json(h.a, 'vpc', 'show', 'VPC-A');
  const byId = await h.json(h.a, 'vpc', 'show', created.vpc.id);
  assert.equal(byName.vpc.id, created.vpc.id);
  assert.deepEqual(byName, byId);
  const shown = await h.cli(h.a, 'vpc', 'show', 'VPC-A');
  assert.match(shown.stdout, /^cidr\s+192\.168\.0\.0\/16$/m);

  const subnet = await h.json(h.a, 'subnet', 'create', 'subnet-A01', '--vpc', 'VPC-A', '--cidr', '192.168.1.0/24');
  assert.equal(subnet.subnet.gateway_ip, '192.168.1.1', 'the gateway defaults to the first host');
  assert.equal(subnet.subnet.vpc_id, created.vpc.id);
  const subnets = await h.json(h.a, 'subnet', 'list', '--vpc', 'VPC-A');
  assert.deepEqual(subnets.subnets.map((s: any) => s.name), ['subnet-A01']);

  const ecs = await h.json(h.a, 'port', 'create', 'ECS-A01', '--subnet', 'subnet-A01', '--device-owner', 'compute:eu-de-01');
  assert.equal(ecs.port.device_owner, 'compute:eu-de-01');
  assert.equal(ecs.port.network_id, subnet.subnet.id);
  const fixed = await h.json(h.a, 'port', 'create', 'ECS-A02', '--subnet', subnet.subnet.id, '--ip-address', '192.168.1.50', '--device-owner', 'compute:eu-de-01');
  assert.equal(fixed.port.fixed_ips[0].ip_address, '192.168.1.50');
  const filtered = await h.json(h.a, 'port', 'list', '--ip-address', '192.168.1.50');
  assert.deepEqual(filtered.ports.map((p: any) => p.name), ['ECS-A02']);
  const ports = await h.cli(h.a, 'port', 'list', '--subnet', 'subnet-A01');
  assert.match(ports.stdout, /ECS-A02\s+192\.168\.1\.50\s/);

  const renamed = await h.json(h.a, 'port', 'update', 'ECS-A02', '--name', 'ECS-A02b');
  assert.equal(renamed.port.name, 'ECS-A02b');
  const updated = await h.json(h.a, 'vpc', 'update', 'VPC-A', '--description', 'service servers');
  assert.equal(updated.vpc.description, 'service servers');
});

test('eip: create, bind by port name, unbind, release', async () => {
  const eip = await h.json(h.a, 'eip', 'create', '--alias', 'eip-A01');
  assert.equal(eip.publicip.status, 'DOWN');
  assert.match(eip.publicip.public_ip_address, /^198\.51\.100\./);
  const bound = await h.json(h.a, 'eip', 'bind', 'eip-A01', 'ECS-A01');
  assert.equal(bound.publicip.status, 'ACTIVE');
  const port = await h.json(h.a, 'port', 'show', 'ECS-A01');
  assert.equal(bound.publicip.port_id, port.port.id);

  // Bound: the API refuses the release (VPC.0517) and the CLI says so, exit 1.
  const refused = await h.cli(h.a, 'eip', 'delete', eip.publicip.public_ip_address);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /error_code: VPC\.0517/);

  const unbound = await h.json(h.a, 'eip', 'unbind', 'eip-A01');
  assert.equal(unbound.publicip.status, 'DOWN');
  assert.equal(unbound.publicip.port_id, undefined);
  const released = await h.cli(h.a, 'eip', 'delete', 'eip-A01');
  assert.equal(released.code, 0, released.stderr);
  assert.deepEqual((await h.json(h.a, 'eip', 'list')).publicips, []);
});

test('peering across accounts: request, accept by the peer, rename, routes on both sides, route tables', async () => {
  const vpcB = await h.json(h.b, 'vpc', 'create', 'VPC-B', '--cidr', '172.16.0.0/16');
  await h.json(h.b, 'subnet', 'create', 'subnet-B01', '--vpc', 'VPC-B', '--cidr', '172.16.1.0/24');

  const requested = await h.json(h.a, 'peering', 'create', 'peering-AB', '--request-vpc', 'VPC-A',
    '--accept-vpc', vpcB.vpc.id, '--accept-tenant-id', h.b.project_id);
  assert.equal(requested.peering.status, 'PENDING_ACCEPTANCE');
  assert.equal(requested.peering.accept_vpc_info.tenant_id, h.b.project_id);

  // Before acceptance a route through it is refused by the API.
  const early = await h.cli(h.a, 'route', 'create', '--vpc', 'VPC-A', '--destination', '172.16.0.0/16', '--nexthop', 'peering-AB');
  assert.equal(early.code, 1, early.stdout);
  assert.match(early.stderr, /HTTP 4\d\d/);

  const accepted = await h.json(h.b, 'peering', 'accept', 'peering-AB');
  assert.equal(accepted.status, 'ACTIVE', 'accept answers the bare peering, as-is');
  const pending = await h.json(h.a, 'peering', 'list', '--status', 'ACTIVE');
  assert.deepEqual(pending.peerings.map((p: any) => p.name), ['peering-AB']);

  const routeA = await h.json(h.a, 'route', 'create', '--vpc', 'VPC-A', '--destination', '172.16.0.0/16', '--nexthop', 'peering-AB');
  assert.equal(routeA.route.nexthop, requested.peering.id);
  const routeB = await h.json(h.b, 'routetable', 'add-route', '--vpc', 'VPC-B', '--destination', '192.168.0.0/16', '--nexthop', 'peering-AB');
  assert.ok(routeB.routetable.routes.some((r: any) => r.destination === '192.168.0.0/16' && r.nexthop === requested.peering.id));
  const shownTable = await h.cli(h.b, 'routetable', 'show', '--vpc', 'VPC-B');
  assert.match(shownTable.stdout, new RegExp(`peering\\s+192\\.168\\.0\\.0/16\\s+${requested.peering.id}`));
  const routes = await h.json(h.a, 'route', 'list', '--vpc', 'VPC-A');
  assert.deepEqual(routes.routes.map((r: any) => r.destination), ['172.16.0.0/16']);

  const renamed = await h.json(h.b, 'peering', 'rename', 'peering-AB', 'peering-A-B');
  assert.equal(renamed.peering.name, 'peering-A-B');
  assert.equal((await h.json(h.a, 'peering', 'show', requested.peering.id)).peering.name, 'peering-A-B');

  // A custom table: create, associate the subnet, disassociate, delete.
  const table = await h.json(h.b, 'routetable', 'create', 'rtb-custom', '--vpc', 'VPC-B');
  assert.equal(table.routetable.default, false);
  const assoc = await h.json(h.b, 'routetable', 'associate', 'rtb-custom', 'subnet-B01');
  assert.equal(assoc.routetable.subnets.length, 1);
  const dis = await h.json(h.b, 'routetable', 'disassociate', 'rtb-custom', 'subnet-B01');
  assert.equal(dis.routetable.subnets.length, 0);
  assert.equal((await h.cli(h.b, 'routetable', 'delete', 'rtb-custom')).code, 0);
  const del = await h.json(h.b, 'routetable', 'del-route', '--vpc', 'VPC-B', '--destination', '192.168.0.0/16');
  assert.ok(!del.routetable.routes.some((r: any) => r.destination === '192.168.0.0/16'));

  const delRoute = await h.cli(h.a, 'route', 'delete', '--vpc', 'VPC-A', '--destination', '172.16.0.0/16');
  assert.equal(delRoute.code, 0, delRoute.stderr);
  assert.deepEqual((await h.json(h.a, 'route', 'list')).routes, []);

  // Delete it; then reject a second request.
  const deleted = await h.cli(h.a, 'peering', 'delete', 'peering-A-B');
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.match(deleted.stdout, new RegExp(`deleted peering ${requested.peering.id}`));
  const second = await h.json(h.a, 'peering', 'create', 'peering-AB2', '--request-vpc', 'VPC-A',
    '--accept-vpc', vpcB.vpc.id, '--accept-tenant-id', h.b.project_id);
  const rejected = await h.json(h.b, 'peering', 'reject', second.peering.id);
  assert.equal(rejected.status, 'REJECTED');
  assert.equal((await h.cli(h.a, 'peering', 'delete', 'peering-AB2')).code, 0);
});

test('trace: exit 0 when reachable, 4 when not, the verdict and hops printed', async () => {
  const ok = await h.cli(h.a, 'trace', '--from', 'ECS-A01', '--to', 'ECS-A02b', '--protocol', 'tcp', '--port', '22');
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /ECS-A01 -> ECS-A02b tcp\/22: REACHABLE/);
  assert.match(ok.stdout, /^forward:$/m);
  assert.match(ok.stdout, /^return:$/m);

  const nobody = await h.cli(h.a, 'trace', '--from', 'ECS-A01', '--to', '192.168.1.99');
  assert.equal(nobody.code, 4);
  assert.match(nobody.stdout, /NOT REACHABLE \(ADDRESS_NOT_FOUND\)/);

  const json = await h.cli(h.a, 'trace', '--from', 'ECS-A01', '--to', '192.168.1.99', '-o', 'json');
  assert.equal(json.code, 4);
  const body = JSON.parse(json.stdout);
  assert.equal(body.reachable, false);
  assert.equal(body.reason, 'ADDRESS_NOT_FOUND');
  assert.ok(body.forward.length > 0);
});

test('errors: printed as the API gave them, with exit codes scripts can use', async () => {
  // 4xx: exit 1, status, error_code, error_msg and request id on stderr, nothing on stdout.
  const missing = await h.cli(h.a, 'vpc', 'show', '00000000-0000-4000-8000-000000000000');
  assert.equal(missing.code, 1);
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, /HTTP 404/);
  assert.match(missing.stderr, /error_code: VPC\.0003/);
  assert.match(missing.stderr, /error_msg: +VPC does not exist/);
  assert.match(missing.stderr, /request_id: \S+/);

  const conflict = await h.cli(h.a, 'vpc', 'delete', 'VPC-A');
  assert.equal(conflict.code, 1);
  assert.match(conflict.stderr, /HTTP 409/);
  assert.match(conflict.stderr, /VPC\.0104/);

  // json output: the API's error body as-is on stderr.
  const asJson = await h.cli(h.a, 'vpc', 'show', '00000000-0000-4000-8000-000000000000', '-o', 'json');
  assert.equal(asJson.code, 1);
  const errBody = JSON.parse(asJson.stderr.split('\n')[0]!);
  assert.equal(errBody.error_code, 'VPC.0003');
  assert.equal(typeof errBody.error_msg, 'string');

  // Bad keys: the gateway's 401.
  const badKey = await runCli(['vpc', 'list'], h.env(h.a, { ISTHMUS_SK: 'not-the-secret' }));
  assert.equal(badKey.code, 1);
  assert.match(badKey.stderr, /APIGW\.0301/);

  // A name that matches nothing: exit 1, said plainly.
  const noName = await h.cli(h.a, 'subnet', 'show', 'no-such-subnet');
  assert.equal(noName.code, 1);
  assert.match(noName.stderr, /no subnet named "no-such-subnet"/);

  // Unreachable endpoint: exit 3.
  const down = await runCli(['vpc', 'list'], h.env(h.a, { ISTHMUS_ENDPOINT: 'http://127.0.0.1:1' }));
  assert.equal(down.code, 3);
  assert.match(down.stderr, /cannot reach http:\/\/127\.0\.0\.1:1/);

  // 5xx: exit 3, the body printed as given.
  const failing = createHttpServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json', 'x-request-id': 'req-503' });
    res.end(JSON.stringify({ error_code: 'ISTHMUS.0503', error_msg: 'The service is temporarily unavailable', request_id: 'req-503' }));
  });
  await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
  try {
    const port = (failing.address() as AddressInfo).port;
    const r503 = await runCli(['vpc', 'list'], h.env(h.a, { ISTHMUS_ENDPOINT: `http://127.0.0.1:${port}` }));
    assert.equal(r503.code, 3);
    assert.match(r503.stderr, /HTTP 503/);
    assert.match(r503.stderr, /error_code: ISTHMUS\.0503/);
    assert.match(r503.stderr, /request_id: req-503/);
  } finally {
    failing.close();
  }

  // Usage errors: exit 2, nothing sent.
  for (const args of [['frobnicate'], ['vpc', 'frobnicate'], ['vpc', 'create'], ['trace', '--from', 'x'], ['trace', '--from', 'x', '--to', 'y', '--port', '70000'],
    ['vpc', 'list', '--output', 'yaml'], ['trace', '--from', 'ECS-A01', '--to', 'ECS-A02b', '--protocol', 'udp'], ['subnet', 'create', 's', '--vpc', 'VPC-A']]) {
    const r = await h.cli(h.a, ...args);
    assert.equal(r.code, 2, `isthmus ${args.join(' ')}: ${r.stderr}`);
  }
  const noCreds = await h.cli(undefined, 'vpc', 'list');
  assert.equal(noCreds.code, 2);
  assert.match(noCreds.stderr, /no credentials/);
});

test('credentials: flags beat the environment; profiles from `account create --json`', async () => {
  // Flags win over the environment (B's keys in the environment, A's on the command line).
  const r = await runCli(['vpc', 'list', '-o', 'json', '--ak', h.a.access_key, '--sk', h.a.secret_key, '--project-id', h.a.project_id], h.env(h.b));
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).vpcs.map((v: any) => v.name), ['VPC-A']);

  const accountJson = join(h.dir, 'bob.json');
  writeFileSync(accountJson, JSON.stringify(h.b));
  const add = await runCli(['profile', 'add', 'bob', '--from-account-json', accountJson, '--endpoint', h.url], h.env());
  assert.equal(add.code, 0, add.stderr);
  const list = await runCli(['profile', 'list'], h.env());
  assert.match(list.stdout, new RegExp(`bob\\s+cli-bob\\s+eu-de\\s+${h.b.project_id}`));
  assert.doesNotMatch(list.stdout, new RegExp(h.b.secret_key), 'secret keys are not shown');

  // No credentials in the environment at all: the profile supplies endpoint and keys.
  const env = { HOME: h.home, ISTHMUS_PROFILES: h.profiles };
  const viaProfile = await runCli(['vpc', 'list', '--profile', 'bob', '-o', 'json'], env);
  assert.equal(viaProfile.code, 0, viaProfile.stderr);
  assert.deepEqual(JSON.parse(viaProfile.stdout).vpcs.map((v: any) => v.name), ['VPC-B']);
  const viaEnvProfile = await runCli(['vpc', 'list', '-o', 'json'], { ...env, ISTHMUS_PROFILE: 'bob' });
  assert.equal(viaEnvProfile.code, 0, viaEnvProfile.stderr);

  const unknown = await runCli(['vpc', 'list', '--profile', 'nobody'], env);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no profile "nobody"/);
});

test('account create asked again prints the same password; account password prints a new one and ends the old tokens', async () => {
  const store = ['--data-dir', h.dataDir];
  const create = async (region: string) => {
    const r = await runCli(['account', 'create', 'cli-erin', '--region', region, ...store, '--json'], h.env());
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  const login = (account: any, password: string) => fetch(`${h.url}/v3/auth/tokens`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ auth: {
      identity: { methods: ['password'], password: { user: { name: account.user, password, domain: { name: account.account_name } } } },
      scope: { project: { id: account.project_id } },
    } }),
  });
  const first = await create('eu-de');
  const token = (await login(first, first.password)).headers.get('x-subject-token')!;
  const nl = await create('eu-nl');
  assert.equal(nl.password, first.password);
  const vpcs = (t: string) => fetch(`${h.url}/v1/${first.project_id}/vpcs`, { headers: { 'X-Auth-Token': t } });
  assert.equal((await vpcs(token)).status, 200);

  const changed = await runCli(['account', 'password', 'cli-erin', ...store, '--json'], h.env());
  assert.equal(changed.code, 0, changed.stderr);
  const { password, user, account_id: accountId } = JSON.parse(changed.stdout);
  assert.equal(user, first.user);
  assert.equal(accountId, first.account_id);
  assert.notEqual(password, first.password);
  assert.equal((await vpcs(token)).status, 401);
  assert.equal((await login(first, first.password)).status, 401);
  assert.equal((await login(first, password)).status, 201);

  const table = await runCli(['account', 'password', 'cli-erin', ...store], h.env());
  assert.match(table.stdout, /^password\s+[A-Za-z0-9]{24}$/m);
  const missing = await runCli(['account', 'password', 'cli-nobody', ...store], h.env());
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /no account named "cli-nobody"/);
});

test('isthmus --help documents the exit codes', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  for (const line of [/0\s+success/, /1\s+the API refused/, /2\s+usage error/, /3\s+server or connection error/, /4\s+trace: the destination is not reachable/]) {
    assert.match(r.stdout, line);
  }
  for (const cmd of ['vpc', 'subnet', 'port', 'eip', 'peering', 'route', 'routetable', 'trace', 'apply', 'demo', 'profile']) {
    assert.match(r.stdout, new RegExp(`^  ${cmd}\\b`, 'm'));
  }
});
