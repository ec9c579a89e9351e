import { describe, expect, it } from 'vitest';
import {
  defaultGateway,
  isValid,
  validateDescription,
  validateName,
  validatePeering,
  validateRouteDestination,
  validateSubnet,
  validateVpcCidr,
  type PeeringForm,
} from '../src/lib/validate';
import { suggestSubnet } from '../src/pages/SubnetCreateDialog';

describe('names, as the API checks them', () => {
  it('accepts 1 to 64 letters, digits, _ - .', () => {
    expect(validateName('vpc-A_01.prod')).toBeUndefined();
    expect(validateName('a'.repeat(64))).toBeUndefined();
  });
  it('rejects empty, too long and other characters', () => {
    expect(validateName('')).toMatch(/required/);
    expect(validateName('a'.repeat(65))).toMatch(/64 characters/);
    expect(validateName('my vpc')).toMatch(/only letters/);
    expect(validateName('vpc/1')).toMatch(/only letters/);
    expect(validateName('vpcé')).toMatch(/only letters/);
  });
  it('descriptions: 255 characters, no angle brackets', () => {
    expect(validateDescription('')).toBeUndefined();
    expect(validateDescription('x'.repeat(256))).toMatch(/255/);
    expect(validateDescription('<script>')).toMatch(/< or >/);
  });
});

describe('VPC CIDR blocks', () => {
  it.each(['10.0.0.0/8', '10.1.0.0/16', '10.2.3.0/24', '172.16.0.0/12', '172.31.0.0/16', '192.168.0.0/16', '192.168.7.0/24'])(
    'accepts %s',
    (c) => expect(validateVpcCidr(c)).toBeUndefined(),
  );
  it('explains the prefix range inside each block', () => {
    expect(validateVpcCidr('10.0.0.0/25')).toMatch(/10\.0\.0\.0\/8 .* \/8 to \/24/);
    expect(validateVpcCidr('172.16.0.0/25')).toMatch(/172\.16\.0\.0\/12 .* \/12 to \/24/);
    expect(validateVpcCidr('192.168.0.0/15')).toMatch(/192\.168\.0\.0\/16 .* \/16 to \/24/);
    expect(validateVpcCidr('192.168.1.0/28')).toMatch(/\/16 to \/24/);
  });
  it('rejects public and other private-looking blocks, naming the allowed ones', () => {
    for (const c of ['8.8.8.0/24', '172.32.0.0/16', '100.64.0.0/16', '192.169.0.0/16', '11.0.0.0/8']) {
      const e = validateVpcCidr(c);
      expect(e, c).toMatch(/not a private block/);
      expect(e).toMatch(/10\.0\.0\.0\/8.*172\.16\.0\.0\/12.*192\.168\.0\.0\/16/);
    }
  });
  it('rejects malformed blocks and set host bits', () => {
    expect(validateVpcCidr('')).toMatch(/required/);
    expect(validateVpcCidr('192.168.0.0')).toMatch(/CIDR block such as/);
    expect(validateVpcCidr('192.168.0.256/24')).toMatch(/CIDR block such as/);
    expect(validateVpcCidr('192.168.1.0/16')).toBe('Host bits are set: did you mean 192.168.0.0/16?');
  });
});

describe('subnets', () => {
  const vpc = '192.168.0.0/16';
  it('accepts a subnet inside the VPC with its gateway', () => {
    expect(validateSubnet({ name: 's1', cidr: '192.168.1.0/24', gatewayIp: '192.168.1.1' }, vpc)).toEqual({});
  });
  it('rejects a subnet outside the VPC, longer than /28, or overlapping a sibling', () => {
    expect(validateSubnet({ name: 's', cidr: '10.0.0.0/24', gatewayIp: '10.0.0.1' }, vpc).cidr).toMatch(/inside the VPC/);
    expect(validateSubnet({ name: 's', cidr: '192.168.1.0/29', gatewayIp: '192.168.1.1' }, vpc).cidr).toMatch(/\/28/);
    expect(
      validateSubnet({ name: 's', cidr: '192.168.1.0/25', gatewayIp: '192.168.1.1' }, vpc, [{ name: 'web', cidr: '192.168.1.0/24' }]).cidr,
    ).toMatch(/Overlaps subnet web/);
  });
  it('checks the gateway lies inside and is a host address', () => {
    expect(validateSubnet({ name: 's', cidr: '192.168.1.0/24', gatewayIp: '192.168.2.1' }, vpc).gatewayIp).toMatch(/inside 192\.168\.1\.0\/24/);
    expect(validateSubnet({ name: 's', cidr: '192.168.1.0/24', gatewayIp: '192.168.1.0' }, vpc).gatewayIp).toMatch(/network or the broadcast/);
    expect(validateSubnet({ name: 's', cidr: '192.168.1.0/24', gatewayIp: 'x' }, vpc).gatewayIp).toMatch(/IPv4 address/);
  });
  it('suggests the first free /24 and its gateway', () => {
    expect(suggestSubnet(vpc, [])).toBe('192.168.0.0/24');
    expect(suggestSubnet(vpc, [{ cidr: '192.168.0.0/24' }, { cidr: '192.168.1.0/24' }])).toBe('192.168.2.0/24');
    expect(suggestSubnet('10.1.2.0/24', [])).toBe('10.1.2.0/24');
    expect(defaultGateway('192.168.2.0/24')).toBe('192.168.2.1');
  });
});

describe('peering form', () => {
  const base: PeeringForm = {
    name: 'peering-AB', description: '', localVpcId: 'a', peerKind: 'same', peerVpcId: 'b', peerProjectId: '', peerVpcIdOther: '',
  };
  it('a VPC in my project: peer must be chosen and differ', () => {
    expect(isValid(validatePeering(base, 'p1'))).toBe(true);
    expect(validatePeering({ ...base, peerVpcId: '' }, 'p1').peerVpcId).toMatch(/Choose/);
    expect(validatePeering({ ...base, peerVpcId: 'a' }, 'p1').peerVpcId).toMatch(/differ/);
  });
  it('a VPC in another account: project id and a UUID VPC id', () => {
    const other = { ...base, peerKind: 'other' as const };
    const e = validatePeering(other, 'p1');
    expect(e.peerProjectId).toMatch(/required/);
    expect(e.peerVpcIdOther).toMatch(/required/);
    expect(validatePeering({ ...other, peerProjectId: 'p1', peerVpcIdOther: 'kunde1-VPC' }, 'p1')).toMatchObject({
      peerProjectId: expect.stringMatching(/your own project/),
      peerVpcIdOther: expect.stringMatching(/UUID/),
    });
    expect(
      isValid(validatePeering({ ...other, peerProjectId: '059a8bb7c1d2', peerVpcIdOther: '3ec3b33f-ac1c-4630-ad1c-7dba1ed79d85' }, 'p1')),
    ).toBe(true);
  });
});

describe('peering route destinations', () => {
  const subnets = [{ name: 'web', cidr: '192.168.1.0/24' }];
  it('accepts a peer CIDR and refuses overlaps with local subnets and duplicates', () => {
    expect(validateRouteDestination('172.16.0.0/16', subnets, [])).toBeUndefined();
    expect(validateRouteDestination('192.168.0.0/16', subnets, [])).toMatch(/local route would win/);
    expect(validateRouteDestination('172.16.0.0/16', subnets, [{ destination: '172.16.0.0/16' }])).toMatch(/already/);
    expect(validateRouteDestination('172.16.0.5/16', subnets, [])).toMatch(/172\.16\.0\.0\/16/);
  });
});
