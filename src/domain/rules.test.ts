import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCidr } from '../net/index.js';
import {
  MAX_SUBNET_PREFIX, checkDescription, checkGateway, checkName, checkPeeringName, checkRouteDestination, checkSubnetCidr,
  checkVpcCidr, isUuid, overlappingSubnet, reservedAddresses,
} from './rules.js';

describe('isUuid', () => {
  test('hyphenated UUIDs, any case', () => {
    assert.equal(isUuid('3ec3b4a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b'), true);
    assert.equal(isUuid('3EC3B4A2-1C2D-4E5F-8A9B-0C1D2E3F4A5B'), true);
  });
  test('names, hex without hyphens, extra characters', () => {
    for (const bad of ['kunde1-VPC', '3ec3b4a21c2d4e5f8a9b0c1d2e3f4a5b', '3ec3b4a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b0', ' 3ec3b4a2-1c2d-4e5f-8a9b-0c1d2e3f4a5b', '', 'g'.repeat(8) + '-1c2d-4e5f-8a9b-0c1d2e3f4a5b']) {
      assert.equal(isUuid(bad), false, bad);
    }
  });
});

describe('checkName (VPC, subnet, route table)', () => {
  test('letters, digits, _ - . up to 64', () => {
    for (const ok of ['a', 'A-b_c.1', 'x'.repeat(64)]) assert.equal(checkName(ok, { required: true }), null, ok);
  });
  test('empty: allowed unless required', () => {
    assert.equal(checkName('', { required: false }), null);
    assert.match(checkName('', { required: true })!, /empty/);
  });
  test('too long or other characters', () => {
    assert.match(checkName('x'.repeat(65), { required: false })!, /64/);
    for (const bad of ['a b', 'ä', 'a/b', 'a<b', 'a;b', '中文']) assert.ok(checkName(bad, { required: false }), bad);
  });
});

describe('checkPeeringName and checkDescription', () => {
  test('peering names: 1 to 64 characters, no < or >', () => {
    assert.equal(checkPeeringName('peering a*b'), null, 'no charset restriction beyond <>');
    assert.equal(checkPeeringName('x'.repeat(64)), null);
    assert.ok(checkPeeringName(''));
    assert.ok(checkPeeringName('x'.repeat(65)));
    assert.ok(checkPeeringName('<script>'));
  });
  test('descriptions: up to 255, no < or >', () => {
    assert.equal(checkDescription(''), null);
    assert.equal(checkDescription('d'.repeat(255)), null);
    assert.ok(checkDescription('d'.repeat(256)));
    assert.ok(checkDescription('a > b'));
    assert.ok(checkDescription('a < b'));
  });
});

describe('checkVpcCidr (rule 25)', () => {
  test('the three private blocks with their prefix ranges', () => {
    for (const ok of ['10.0.0.0/8', '10.255.255.0/24', '172.16.0.0/12', '172.31.0.0/16', '172.20.1.0/24', '192.168.0.0/16', '192.168.255.0/24']) {
      assert.equal(checkVpcCidr(ok), null, ok);
    }
  });
  test('outside the blocks, prefix too short or too long, host bits, not a CIDR', () => {
    for (const bad of ['11.0.0.0/8', '9.0.0.0/8', '10.0.0.0/7', '0.0.0.0/0', '10.0.0.0/25', '172.16.0.0/11', '172.32.0.0/16', '172.15.0.0/16',
      '172.16.0.0/25', '192.168.0.0/15', '192.169.0.0/16', '192.168.1.0/25', '10.0.0.1/8', '10.0.0.0', 'x', '10.0.0.0/33', '']) {
      assert.ok(checkVpcCidr(bad), bad);
    }
  });
  test('host bits: the message names the canonical form', () => {
    assert.match(checkVpcCidr('10.1.2.3/16')!, /10\.1\.0\.0\/16/);
  });
});

describe('checkSubnetCidr (rule 28)', () => {
  test('inside the VPC', () => {
    assert.deepEqual(checkSubnetCidr('10.0.1.0/24', '10.0.0.0/16'), { error: null, detail: '' });
    assert.equal(checkSubnetCidr('10.0.0.0/16', '10.0.0.0/16').error, null, 'the whole VPC');
    assert.equal(checkSubnetCidr(`10.0.0.0/${MAX_SUBNET_PREFIX}`, '10.0.0.0/16').error, null);
  });
  test('outside or larger than the VPC: range', () => {
    assert.equal(checkSubnetCidr('10.1.0.0/24', '10.0.0.0/16').error, 'range');
    assert.equal(checkSubnetCidr('10.0.0.0/15', '10.0.0.0/16').error, 'range');
    assert.equal(checkSubnetCidr('10.0.0.0/24', '').error, 'range', 'a VPC without CIDR');
  });
  test('malformed, host bits or longer than /28: cidr', () => {
    for (const bad of ['x', '10.0.0.1/24', '10.0.0.0/29', '10.0.0.0/32', '10.0.0.0/33']) {
      assert.equal(checkSubnetCidr(bad, '10.0.0.0/16').error, 'cidr', bad);
    }
  });
});

describe('reservedAddresses and checkGateway', () => {
  test('five reserved addresses: network, first host, the two before broadcast, broadcast', () => {
    const block = parseCidr('192.168.0.0/24')!;
    const n = block.network;
    assert.deepEqual([...reservedAddresses(block)].sort((a, b) => a - b), [n, n + 1, n + 253, n + 254, n + 255]);
  });
  test('a gateway is a host address inside the subnet', () => {
    assert.equal(checkGateway('192.168.0.1', '192.168.0.0/24'), null);
    assert.equal(checkGateway('192.168.0.100', '192.168.0.0/24'), null);
    for (const bad of ['192.168.1.1', '192.168.0.0', '192.168.0.255', 'x', '192.168.0.256']) {
      assert.ok(checkGateway(bad, '192.168.0.0/24'), bad);
    }
  });
});

describe('route destinations (rule 18)', () => {
  test('canonical IPv4 CIDRs only', () => {
    assert.equal(checkRouteDestination('0.0.0.0/0'), null);
    assert.equal(checkRouteDestination('10.0.0.7/32'), null);
    assert.match(checkRouteDestination('10.0.0.7/24')!, /host bits/);
    assert.ok(checkRouteDestination('10.0.0.0'));
    assert.ok(checkRouteDestination('banana'));
  });
  test('overlappingSubnet finds a subnet overlapping in either direction', () => {
    const subnets = [{ id: 'a', cidr: '10.0.1.0/24' }, { id: 'b', cidr: '10.0.2.0/24' }];
    assert.equal(overlappingSubnet('10.0.0.0/16', subnets)?.id, 'a', 'a destination containing a subnet');
    assert.equal(overlappingSubnet('10.0.2.128/25', subnets)?.id, 'b', 'a destination inside a subnet');
    assert.equal(overlappingSubnet('10.0.2.9/32', subnets)?.id, 'b');
    assert.equal(overlappingSubnet('10.0.3.0/24', subnets), undefined);
    assert.equal(overlappingSubnet('10.0.0.0/24', subnets), undefined, 'adjacent is not overlapping');
    assert.equal(overlappingSubnet('x', subnets), undefined);
    assert.equal(overlappingSubnet('10.0.0.0/8', []), undefined);
  });
});
