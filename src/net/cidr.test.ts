import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { containsCidr, containsIp, formatCidr, overlaps, parseCidr, type Cidr } from './cidr.js';
import { formatIpv4, parseIpv4 } from './ipv4.js';
import { LpmTable } from './lpm.js';

// The reference model: a block is the set [first, last] of integers, computed with
// BigInt-free arithmetic on plain numbers, independent of the bit tricks under test.
const first = (c: Cidr) => Math.floor(c.network / 2 ** (32 - c.prefix)) * 2 ** (32 - c.prefix);
const last = (c: Cidr) => first(c) + 2 ** (32 - c.prefix) - 1;

const ip = fc.integer({ min: 0, max: 0xffffffff });
const block = fc.record({ ip, prefix: fc.integer({ min: 0, max: 32 }) }).map(({ ip, prefix }) => {
  const size = 2 ** (32 - prefix);
  return { network: Math.floor(ip / size) * size, prefix };
});

test('ipv4 text round-trips and rejects non-canonical forms', () => {
  fc.assert(fc.property(ip, (n) => parseIpv4(formatIpv4(n)) === n));
  for (const bad of ['1.2.3', '1.2.3.4.5', '01.2.3.4', '256.1.1.1', '1.2.3.-1', '', 'a.b.c.d', '1.2.3.4 ']) {
    assert.equal(parseIpv4(bad), null, bad);
  }
});

test('cidr parse marks host bits as non-canonical and masks them', () => {
  assert.deepEqual(parseCidr('192.168.1.5/24'), { network: parseIpv4('192.168.1.0'), prefix: 24, canonical: false });
  assert.equal(parseCidr('10.0.0.0/8')?.canonical, true);
  for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/08', '10.0.0.0/', '/8']) {
    assert.equal(parseCidr(bad), null, bad);
  }
  fc.assert(fc.property(block, (c) => {
    const parsed = parseCidr(formatCidr(c));
    return parsed !== null && parsed.canonical && parsed.network === c.network && parsed.prefix === c.prefix;
  }));
});

test('containment and overlap agree with interval arithmetic', () => {
  fc.assert(fc.property(block, ip, (c, n) => containsIp(c, n) === (n >= first(c) && n <= last(c))));
  fc.assert(fc.property(block, block, (a, b) =>
    containsCidr(a, b) === (first(b) >= first(a) && last(b) <= last(a))));
  fc.assert(fc.property(block, block, (a, b) =>
    overlaps(a, b) === (first(a) <= last(b) && first(b) <= last(a))));
});

test('longest prefix match returns the narrowest containing block', () => {
  fc.assert(fc.property(fc.array(block, { maxLength: 40 }), fc.array(ip, { maxLength: 20 }), (blocks, ips) => {
    const table = new LpmTable<number>();
    blocks.forEach((b, i) => table.set(b, i));
    for (const n of ips) {
      const expected = blocks
        .filter((b) => containsIp(b, n))
        .sort((x, y) => y.prefix - x.prefix)[0];
      const hit = table.lookup(n);
      if (!expected) { if (hit) return false; continue; }
      if (!hit || hit.cidr.prefix !== expected.prefix || hit.cidr.network !== expected.network) return false;
    }
    return true;
  }));
});
