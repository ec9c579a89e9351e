import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { topology } from '../plan/arbitrary.js';
import { compile } from '../plan/compile.js';
import { figure1, hubAndSpokes } from '../plan/scenarios.js';
import { addressMac, desiredState, mergeCidrs } from './desired.js';
import { routeKey } from './model.js';
import { names } from './naming.js';

const P = 'tst';

test('figure 1: two routers, two bridges, four instances, one peering link with routes both ways', () => {
  const sc = figure1();
  const plan = compile(sc.snapshot);
  const d = desiredState([plan], P);
  const n = names(P);
  const roles = d.namespaces.map((ns) => ns.role).sort();
  assert.deepEqual(roles, ['instance', 'instance', 'instance', 'instance', 'router', 'router']);
  const ra = d.namespaces.find((ns) => ns.name === n.routerNs(sc.vpcs['VPC-A']!.id))!;
  assert.deepEqual(ra.sysctls.find(([k]) => k === 'net.ipv4.ip_forward'), ['net.ipv4.ip_forward', '1']);
  assert.deepEqual(ra.sysctls.find(([k]) => k === 'net.ipv4.conf.all.rp_filter'), ['net.ipv4.conf.all.rp_filter', '1']);
  const peeringRoute = ra.routes.find((r) => r.dst === '172.16.0.0/16')!;
  assert.equal(peeringRoute.dev, n.peeringIf(sc.peerings['peering-AB']!.id, 0));
  assert.ok(ra.routes.some((r) => r.type === 'unreachable' && r.dst === '192.168.0.0/16'), 'the VPC CIDR is unreachable');
  assert.ok(ra.routes.some((r) => r.type === 'blackhole' && r.dst === '100.64.0.0/10' && r.table === 'main'), 'system routes win in main');
  assert.ok(ra.rules.some((r) => r.from === '192.168.1.0/24'), 'the subnet uses its route table');
  assert.equal(d.veths.filter((v) => v.purpose === 'peering').length, 1);
  assert.equal(d.veths.filter((v) => v.purpose === 'instance').length, 4);
  const a01 = d.namespaces.find((ns) => ns.ownerId === sc.ports['ECS-A01']!.id)!;
  assert.ok(a01.resolvConf?.includes('nameserver'));
  assert.deepEqual(a01.interfaces.find((i) => i.kind === 'veth')!.addresses, ['192.168.1.10/24']);
  assert.equal(a01.interfaces.find((i) => i.kind === 'veth')!.mac, addressMac('instance', '192.168.1.10'));
  assert.ok(ra.nft!.text.includes('no transit between peerings'));
  assert.ok(!/\bct\b|conntrack|masquerade|\bnat\b/.test(ra.nft!.text), 'the guard needs no connection tracking');
});

test('hub and spokes: the guard lists each peering\'s sources; EIPs get an uplink and stateless NAT', () => {
  const plan = compile(hubAndSpokes().snapshot);
  const d = desiredState([plan], P);
  const withNat = plan.routers.filter((r) => r.nat.length > 0);
  assert.ok(withNat.length > 0);
  const internet = d.namespaces.find((ns) => ns.role === 'internet')!;
  assert.ok(internet.interfaces.some((i) => i.addresses.includes('203.0.113.10/32')));
  assert.equal(internet.responder, true);
  for (const r of withNat) {
    const spec = d.namespaces.find((ns) => ns.ownerId === r.vpcId)!;
    for (const nat of r.nat) {
      assert.ok(spec.nft!.text.includes(`ip daddr ${nat.publicIp} ip daddr set ${nat.privateIp}`));
      assert.ok(spec.nft!.text.includes(`ip saddr ${nat.privateIp} ip saddr set ${nat.publicIp}`));
      assert.ok(internet.routes.some((x) => x.dst === `${nat.publicIp}/32`));
    }
  }
});

test('only installed routes reach the kernel, and the state is deterministic', () => {
  fc.assert(fc.property(topology, (snapshot) => {
    const plan = compile(snapshot);
    const d = desiredState([plan], P);
    assert.deepEqual(desiredState([compile(snapshot)], P), d);
    for (const router of plan.routers) {
      const spec = d.namespaces.find((ns) => ns.ownerId === router.vpcId && ns.role === 'router')!;
      const dsts = new Set(spec.routes.filter((r) => r.type === 'unicast' && r.dev?.startsWith(`${P}p`)).map((r) => r.dst));
      for (const t of router.routeTables) {
        for (const e of t.entries) {
          if (e.kind === 'peering' && e.installed) assert.ok(dsts.has(e.destination === '0.0.0.0/0' ? 'default' : e.destination), e.destination);
        }
      }
      const notInstalled = router.routeTables.flatMap((t) => t.entries).filter((e) => e.kind === 'peering' && !e.installed && !router.routeTables.some((t2) => t2.entries.some((x) => x.installed && x.destination === e.destination)));
      for (const e of notInstalled) assert.ok(!dsts.has(e.destination), `not installed: ${e.destination}`);
      assert.equal(new Set(spec.routes.map(routeKey)).size, spec.routes.length);
    }
  }), { numRuns: 200, seed: 7 });
});

test('interval sets get no overlapping CIDRs', () => {
  assert.deepEqual(mergeCidrs(['10.0.0.0/16', '10.0.0.0/8', '192.168.0.0/16', '192.168.0.0/16', '10.1.0.0/16']), ['10.0.0.0/8', '192.168.0.0/16']);
});
