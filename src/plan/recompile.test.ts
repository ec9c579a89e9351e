import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { IntentSnapshot } from '../domain/snapshot.js';
import { PEERING_STATUSES, RouteType } from '../domain/statuses.js';
import { topology } from './arbitrary.js';
import { compile } from './compile.js';
import { diffById } from './diff.js';
import { recompile } from './recompile.js';
import { figure1 } from './scenarios.js';

interface Edit { kind: number; pick: number; value: number }
const edit: fc.Arbitrary<Edit> = fc.record({ kind: fc.nat(15), pick: fc.nat(1000), value: fc.nat(1000) });

const DESTS = ['172.16.0.0/16', '192.168.2.0/24', '10.0.0.0/8', '203.0.113.0/24', '192.168.0.0/16', '10.1.0.5/32'];
const CIDRS = ['192.168.0.0/16', '172.16.0.0/16', '10.0.0.0/8', '', '10.1.0.0/16'];

/**
 * One edit of the intent, applied immutably, the way a store would return the next
 * snapshot. Some edits leave dangling references on purpose (a port deleted under its
 * EIP, a VPC deleted under its peerings): the plan must be total on them too.
 */
function applyEdit(s: IntentSnapshot, e: Edit, n: number): IntentSnapshot {
  const at = <T>(list: readonly T[]) => (list.length === 0 ? undefined : list[e.pick % list.length]);
  const without = <T>(list: readonly T[], item: T) => list.filter((x) => x !== item);
  const replace = <T>(list: readonly T[], item: T, next: T) => list.map((x) => (x === item ? next : x));
  const id = `e0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  const next = { ...s, revision: s.revision + 1 };
  switch (e.kind) {
    case 0: { // add a route, via a peering or not
      const vpc = at(s.vpcs);
      const table = vpc && s.routeTables.find((t) => t.vpcId === vpc.id);
      if (!vpc || !table) return next;
      const peering = s.peerings[e.value % Math.max(1, s.peerings.length)];
      const type = peering && e.value % 5 !== 0 ? RouteType.Peering : RouteType.Vip;
      return { ...next, routes: [...s.routes, {
        id, projectId: vpc.projectId, vpcId: vpc.id, routeTableId: table.id, type,
        destination: DESTS[e.value % DESTS.length]!, nexthop: type === RouteType.Peering ? peering!.id : '10.0.0.9',
        description: '', createdAt: '2026-02-01T00:00:00.000Z',
      }] };
    }
    case 1: { const r = at(s.routes); return r ? { ...next, routes: without(s.routes, r) } : next; }
    case 2: { // peering status change (DELETED included)
      const p = at(s.peerings);
      return p ? { ...next, peerings: replace(s.peerings, p, { ...p, status: PEERING_STATUSES[e.value % PEERING_STATUSES.length]! }) } : next;
    }
    case 3: { const p = at(s.peerings); return p ? { ...next, peerings: without(s.peerings, p) } : next; }
    case 4: { // a new peering between two VPCs
      const a = at(s.vpcs);
      const b = s.vpcs[e.value % Math.max(1, s.vpcs.length)];
      if (!a || !b) return next;
      return { ...next, peerings: [...s.peerings, {
        id, name: `peering-new-${n}`, description: '', status: PEERING_STATUSES[e.value % PEERING_STATUSES.length]!,
        requestVpcId: a.id, requestProjectId: a.projectId, acceptVpcId: b.id, acceptProjectId: b.projectId,
        createdAt: `2026-0${1 + (e.value % 3)}-01T00:00:00.000Z`, updatedAt: '2026-03-01T00:00:00.000Z', expiresAt: null,
      }] };
    }
    case 5: { const v = at(s.vpcs); return v ? { ...next, vpcs: replace(s.vpcs, v, { ...v, cidr: CIDRS[e.value % CIDRS.length]! }) } : next; }
    case 6: { const v = at(s.vpcs); return v ? { ...next, vpcs: without(s.vpcs, v) } : next; }
    case 7: { // bind, rebind or unbind an EIP
      const eip = at(s.eips);
      const port = s.ports[e.value % Math.max(1, s.ports.length)];
      if (!eip) return next;
      const portId = e.value % 3 === 0 || !port ? null : port.id;
      return { ...next, eips: replace(s.eips, eip, { ...eip, portId, status: portId ? 'ACTIVE' : 'DOWN' }) };
    }
    case 8: { const p = at(s.ports); return p ? { ...next, ports: without(s.ports, p) } : next; }
    case 9: { // a new port in a subnet
      const subnet = at(s.subnets);
      if (!subnet) return next;
      const base = subnet.cidr.split('/')[0]!.split('.').slice(0, 3).join('.');
      return { ...next, ports: [...s.ports, {
        id, projectId: subnet.projectId, vpcId: subnet.vpcId, subnetId: subnet.id, name: `port-new-${n}`,
        deviceOwner: e.value % 4 === 0 ? '' : 'compute:az1', deviceId: '', macAddress: 'fa:16:3e:00:00:01',
        ipAddress: `${base}.${100 + (e.value % 50)}`, status: 'ACTIVE', adminStateUp: true,
        createdAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z',
      }] };
    }
    case 10: { // move a subnet to another table of any VPC
      const subnet = at(s.subnets);
      const table = s.routeTables[e.value % Math.max(1, s.routeTables.length)];
      return subnet && table ? { ...next, subnets: replace(s.subnets, subnet, { ...subnet, routeTableId: table.id }) } : next;
    }
    case 11: { const v = at(s.vpcs); return v ? { ...next, vpcs: replace(s.vpcs, v, { ...v, name: `renamed-${n}` }) } : next; }
    case 12: { const p = at(s.peerings); return p ? { ...next, peerings: replace(s.peerings, p, { ...p, name: `renamed-${n}` }) } : next; }
    case 13: { // any other field the plan reads
      switch (e.value % 8) {
        case 0: { const x = at(s.subnets); return x ? { ...next, subnets: replace(s.subnets, x, { ...x, gatewayIp: x.gatewayIp.replace(/\d+$/, '2') }) } : next; }
        case 1: { const x = at(s.ports); return x ? { ...next, ports: replace(s.ports, x, { ...x, name: `renamed-${n}` }) } : next; }
        case 2: { const x = at(s.ports); return x ? { ...next, ports: replace(s.ports, x, { ...x, macAddress: 'fa:16:3e:ff:ff:ff' }) } : next; }
        case 3: { const x = at(s.ports); return x ? { ...next, ports: replace(s.ports, x, { ...x, deviceOwner: x.deviceOwner ? '' : 'compute:az1' }) } : next; }
        case 4: { const x = at(s.routes); return x ? { ...next, routes: replace(s.routes, x, { ...x, description: `d-${n}` }) } : next; }
        case 5: { const x = at(s.routeTables); return x ? { ...next, routeTables: replace(s.routeTables, x, { ...x, name: `rt-${n}` }) } : next; }
        case 6: { const x = at(s.routeTables); return x ? { ...next, routeTables: replace(s.routeTables, x, { ...x, isDefault: !x.isDefault }) } : next; }
        default: { const x = at(s.peerings); return x ? { ...next, peerings: replace(s.peerings, x, { ...x, createdAt: `2025-0${1 + (e.value % 9)}-01T00:00:00.000Z` }) } : next; }
      }
    }
    case 14: { // fields the plan ignores, on fresh copies of every list
      const v = at(s.vpcs);
      return { ...next, vpcs: s.vpcs.map((x) => ({ ...x, description: x === v ? `desc-${n}` : x.description, updatedAt: 'later' })),
        subnets: s.subnets.map((x) => ({ ...x })), routes: s.routes.map((x) => ({ ...x })), ports: s.ports.map((x) => ({ ...x })),
        eips: s.eips.map((x) => ({ ...x, status: 'DOWN' as const })), peerings: s.peerings.map((x) => ({ ...x, updatedAt: 'later' })) };
    }
    default: { // the same record content as a fresh object: must count as unchanged
      const r = at(s.routes);
      return r ? { ...next, routes: replace(s.routes, r, { ...r }) } : next;
    }
  }
}

test('recompile equals compile along random edit sequences', () => {
  fc.assert(fc.property(topology, fc.array(edit, { minLength: 1, maxLength: 8 }), (start, edits) => {
    let snapshot = start;
    let plan = compile(start);
    edits.forEach((e, i) => {
      const next = applyEdit(snapshot, e, i);
      plan = recompile(plan, snapshot, next);
      assert.deepEqual(plan, compile(next));
      snapshot = next;
    });
  }), { seed: 20261126, numRuns: 300 });
});

test('recompile reuses the routers whose inputs did not change', () => {
  const { snapshot, vpcs } = figure1();
  const plan = compile(snapshot);
  const route = snapshot.routes.find((r) => r.vpcId === vpcs['VPC-A']!.id)!;
  const next = { ...snapshot, revision: 2, routes: snapshot.routes.map((r) => (r === route ? { ...r, destination: '172.16.1.0/24' } : r)) };
  const again = recompile(plan, snapshot, next);
  const b = (p: typeof plan) => p.routers.find((r) => r.vpcId === vpcs['VPC-B']!.id);
  const a = (p: typeof plan) => p.routers.find((r) => r.vpcId === vpcs['VPC-A']!.id);
  assert.equal(b(again), b(plan), 'VPC-B untouched, same object');
  assert.notEqual(a(again), a(plan));
  assert.equal(again.links, plan.links);
  assert.deepEqual(again, compile(next));
});

test('diffById finds additions, removals and changes in any order', () => {
  fc.assert(fc.property(
    fc.uniqueArray(fc.record({ id: fc.string({ maxLength: 3 }), v: fc.nat(3) }), { selector: (r) => r.id }),
    fc.uniqueArray(fc.record({ id: fc.string({ maxLength: 3 }), v: fc.nat(3) }), { selector: (r) => r.id }),
    (before, after) => {
      const expected = new Set<string>();
      for (const a of before) {
        const b = after.find((x) => x.id === a.id);
        if (!b || b.v !== a.v) expected.add(a.id);
      }
      for (const b of after) if (!before.some((x) => x.id === b.id)) expected.add(b.id);
      const got = diffById(before, after).map((c) => (c.before ?? c.after)!.id);
      assert.deepEqual(new Set(got), expected);
      assert.equal(got.length, expected.size);
    }), { seed: 7, numRuns: 300 });
});
