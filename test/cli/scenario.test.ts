import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario, ScenarioError } from '../../src/cli/scenario.js';
import { ROOT } from './helpers.js';

test('examples/figure1.yaml reads as the seed\'s Figure 1', () => {
  const s = parseScenario(readFileSync(join(ROOT, 'examples', 'figure1.yaml'), 'utf8'), 'figure1.yaml');
  assert.deepEqual(s.accounts.map((a) => [a.name, a.region, a.vpcs.map((v) => [v.name, v.cidr])]), [
    ['account-A', 'eu-de', [['VPC-A', '192.168.0.0/16']]],
    ['account-B', 'eu-de', [['VPC-B', '172.16.0.0/16']]],
  ]);
  const instances = s.accounts.flatMap((a) => a.vpcs.flatMap((v) => v.subnets.flatMap((sn) => sn.instances.map((i) => [i.name, i.deviceOwner]))));
  assert.deepEqual(instances, [
    ['ECS-A01', 'compute:eu-de-01'], ['ECS-A02', 'compute:eu-de-01'], ['RDS-B01', 'database:rds'], ['RDS-B02', 'database:rds'],
  ]);
  assert.deepEqual(s.peerings, [{
    name: 'peering-AB', status: 'ACTIVE',
    request: { account: 'account-A', vpc: 'VPC-A' }, accept: { account: 'account-B', vpc: 'VPC-B' },
    routes: [
      { end: { account: 'account-A', vpc: 'VPC-A' }, destination: '172.16.0.0/16' },
      { end: { account: 'account-B', vpc: 'VPC-B' }, destination: '192.168.0.0/16' },
    ],
  }]);
});

test('examples/hub-and-spokes.yaml is valid', () => {
  const s = parseScenario(readFileSync(join(ROOT, 'examples', 'hub-and-spokes.yaml'), 'utf8'));
  assert.deepEqual(s.peerings.map((p) => [p.name, p.routes.length]), [['peering-hub-spoke1', 3], ['peering-hub-spoke2', 3]]);
});

function problems(yaml: string): string[] {
  try {
    parseScenario(yaml, 'f.yaml');
  } catch (err) {
    assert.ok(err instanceof ScenarioError);
    return err.problems;
  }
  assert.fail('expected the scenario to be refused');
}

test('every problem is reported with its path', () => {
  assert.deepEqual(problems([
    'regoin: eu-de',
    'accounts:',
    '  1bad: {}',
    '  acc:',
    '    vpcs:',
    '      V1: {cidr: 10.0.0.0/16, subnets: {s: {cidr: 10.0.1.0/24, instances: {i: {type: ecs, device_owner: x}, j: {ip: 10.0.1.300}}}}}',
    '      V2: {cidr: 10.1.0.0/16}',
    '  acc2:',
    '    vpcs:',
    '      V1: {cidr: 10.9.0.0/16}',
    'peerings:',
    '  p: {request: V1, accept: acc/V2, status: MAYBE, routes: [{vpc: V3, destination: 10.9.0.0/16}]}',
    '  q: {request: acc/V1, accept: acc/V2, status: PENDING_ACCEPTANCE, routes: [{vpc: V2, destination: 10.0.0.0/16}]}',
  ].join('\n')), [
    'regoin: unknown key (expected one of region, accounts, peerings)',
    'accounts.1bad: "1bad" is not a valid account name',
    'accounts.acc.vpcs.V1.subnets.s.instances.i: give type or device_owner, not both',
    'accounts.acc.vpcs.V1.subnets.s.instances.j.ip: "10.0.1.300" is not an IPv4 address',
    'peerings.p.request: VPC "V1" is in several accounts (acc, acc2): write ACCOUNT/VPC',
    'peerings.p.status: "MAYBE" is not ACTIVE, PENDING_ACCEPTANCE or REJECTED',
    'peerings.q.status: a peering within one account is ACTIVE at once',
    'peerings.q.routes[0]: routes need an ACTIVE peering; q is PENDING_ACCEPTANCE',
  ]);
  assert.deepEqual(problems('accounts:\n  a:\n    vpcs:\n      V: {subnets: {s: {}}}\n'), [
    'accounts.a.vpcs.V.cidr: is required',
    'accounts.a.vpcs.V.subnets.s.cidr: is required',
  ]);
  assert.match(problems('accounts:\n  a: {}\n  a: {}\n')[0]!, /^YAML: .*unique/i);
  assert.deepEqual(problems('accounts:\n  a:\n    vpcs:\n      V:\n        cidr: 10.0.0.0/16\n        subnets:\n'
    + '          s: {cidr: 10.0.1.0/24, instances: {i1: {eip: e}, i2: {eip: e}}}\n'), [
    'accounts.a.vpcs.V.subnets.s.instances.i2.eip: EIP "e" is already bound to another instance (accounts.a.vpcs.V.subnets.s.instances.i1)',
  ]);
});
