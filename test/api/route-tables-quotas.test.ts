/**
 * Route tables (v1, huawei-api.md §1.5, rule 27) and quotas (§1.6) through the official SDK.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HUAWEI_TIME, Harness, UUID_RE, expectApiError } from './harness.js';

let h: Harness;
before(async () => { h = await Harness.start({ quotas: { vpc: -1, vpcContainRoutetable: 3 } }); });
after(async () => { await h.close(); });

const SYSTEM = ['100.64.0.0/10', '198.19.128.0/20', '127.0.0.0/8'];
const local = (d: string) => ({ type: 'local', destination: d, nexthop: '-', description: '' });

describe('route table operations (§1.5)', () => {
  test('list and show: the default table with local rows (subnets + system routes) and its subnets', async () => {
    const v = await h.vpc(h.a, '10.1.0.0/16');
    const s1 = await h.subnet(h.a, v.id, '10.1.1.0/24');
    const s2 = await h.subnet(h.a, v.id, '10.1.2.0/24');
    const res = await h.a.sdk.listRouteTables({ vpc_id: v.id });
    assert.equal(res.httpStatusCode, 200);
    assert.equal(res.routetables.length, 1);
    const t = res.routetables[0];
    assert.match(t.id, UUID_RE);
    assert.equal(t.default, true);
    assert.equal(t.vpc_id, v.id);
    assert.equal(t.tenant_id, h.a.projectId);
    assert.match(t.created_at, HUAWEI_TIME);
    assert.deepEqual(new Set(t.routes.map((r: any) => JSON.stringify(r))),
      new Set(['10.1.1.0/24', '10.1.2.0/24', ...SYSTEM].map((d) => JSON.stringify(local(d)))));
    assert.deepEqual(t.subnets.map((s: any) => s.id).sort(), [s1.id, s2.id].sort());
    const shown = await h.a.sdk.showRouteTable({ routetable_id: t.id });
    assert.equal(shown.httpStatusCode, 200);
    assert.deepEqual(shown.routetable, t);
    // Filters: id and subnet_id.
    assert.deepEqual((await h.a.sdk.listRouteTables({ id: t.id })).routetables.map((x: any) => x.id), [t.id]);
    assert.deepEqual((await h.a.sdk.listRouteTables({ subnet_id: s2.id })).routetables.map((x: any) => x.id), [t.id]);
  });

  test('create a custom table (200, default false, up to 5 routes); quota vpcContainRoutetable', async () => {
    const v = await h.vpc(h.a, '10.2.0.0/16');
    const res = await h.a.sdk.createRouteTable({
      body: {
        routetable: {
          vpc_id: v.id, name: 'custom-1', description: 'mine',
          routes: [{ type: 'ecs', destination: '0.0.0.0/0', nexthop: '10.2.0.10', description: 'default route' }],
        },
      },
    });
    assert.equal(res.httpStatusCode, 200);
    const t = res.routetable;
    assert.equal(t.default, false);
    assert.equal(t.name, 'custom-1');
    assert.equal(t.description, 'mine');
    assert.deepEqual(t.subnets, []);
    assert.deepEqual(t.routes.filter((r: any) => r.type !== 'local'),
      [{ type: 'ecs', destination: '0.0.0.0/0', nexthop: '10.2.0.10', description: 'default route' }]);
    await h.a.sdk.createRouteTable({ body: { routetable: { vpc_id: v.id, name: 'custom-2' } } });
    // Default + 2 custom = 3 = the overridden quota.
    await expectApiError(h.a.sdk.createRouteTable({ body: { routetable: { vpc_id: v.id, name: 'custom-3' } } }), 409, 'VPC.2811');
    assert.equal((await h.a.sdk.listRouteTables({ vpc_id: v.id })).routetables.length, 3);
    // More than 5 routes at creation, or a local route, is refused.
    const w = await h.vpc(h.a, '10.3.0.0/16');
    const six = Array.from({ length: 6 }, (_, i) => ({ type: 'ecs', destination: `172.16.${i}.0/24`, nexthop: '10.3.0.9' }));
    await expectApiError(h.a.sdk.createRouteTable({ body: { routetable: { vpc_id: w.id, routes: six } } }), 400, 'VPC.2801');
    await expectApiError(h.a.sdk.createRouteTable({
      body: { routetable: { vpc_id: w.id, routes: [{ type: 'local', destination: '172.16.0.0/24', nexthop: '-' }] } },
    }), 400, 'VPC.2801');
    assert.equal((await h.a.sdk.listRouteTables({ vpc_id: w.id })).routetables.length, 1);
  });

  test('update: rename, then routes add / mod / del', async () => {
    const v = await h.vpc(h.a, '10.4.0.0/16');
    const t = await h.defaultTable(h.a, v.id);
    const custom = (table: any) => table.routes.filter((r: any) => r.type !== 'local');
    let res = await h.a.sdk.updateRouteTable({
      routetable_id: t.id,
      body: { routetable: { name: 'renamed', description: 'd', routes: { add: [
        { type: 'ecs', destination: '172.16.0.0/24', nexthop: '10.4.0.5' },
        { type: 'nat', destination: '0.0.0.0/0', nexthop: '10.4.0.6', description: 'nat' },
      ] } } },
    });
    assert.equal(res.httpStatusCode, 200);
    assert.equal(res.routetable.name, 'renamed');
    assert.equal(res.routetable.default, true);
    assert.equal(custom(res.routetable).length, 2);
    res = await h.a.sdk.updateRouteTable({
      routetable_id: t.id, body: { routetable: { routes: { mod: [{ type: 'ecs', destination: '0.0.0.0/0', nexthop: '10.4.0.7' }] } } },
    });
    assert.deepEqual(custom(res.routetable).find((r: any) => r.destination === '0.0.0.0/0'),
      { type: 'ecs', destination: '0.0.0.0/0', nexthop: '10.4.0.7', description: 'nat' });
    res = await h.a.sdk.updateRouteTable({ routetable_id: t.id, body: { routetable: { routes: { del: [{ destination: '172.16.0.0/24' }] } } } });
    assert.deepEqual(custom(res.routetable).map((r: any) => r.destination), ['0.0.0.0/0']);
    // mod of a missing destination, del of a missing destination, duplicate add: refused, nothing changed.
    await expectApiError(h.a.sdk.updateRouteTable({
      routetable_id: t.id, body: { routetable: { routes: { mod: [{ type: 'ecs', destination: '172.30.0.0/16', nexthop: '10.4.0.7' }] } } },
    }), 400, 'VPC.2801');
    await expectApiError(h.a.sdk.updateRouteTable({
      routetable_id: t.id, body: { routetable: { routes: { del: [{ destination: '172.30.0.0/16' }] } } },
    }), 400, 'VPC.2801');
    await expectApiError(h.a.sdk.updateRouteTable({
      routetable_id: t.id, body: { routetable: { routes: { add: [{ type: 'ecs', destination: '0.0.0.0/0', nexthop: '10.4.0.8' }] } } },
    }), 400, 'VPC.2809');
    await h.subnet(h.a, v.id, '10.4.1.0/24');
    await expectApiError(h.a.sdk.updateRouteTable({
      routetable_id: t.id, body: { routetable: { routes: { add: [{ type: 'ecs', destination: '10.4.1.0/25', nexthop: '10.4.0.8' }] } } },
    }), 400, 'VPC.2809');
    // A failed update is atomic: a valid add beside an invalid one is not applied.
    await expectApiError(h.a.sdk.updateRouteTable({
      routetable_id: t.id, body: { routetable: { name: 'half', routes: { add: [
        { type: 'ecs', destination: '172.17.0.0/16', nexthop: '10.4.0.8' },
        { type: 'ecs', destination: '0.0.0.0/0', nexthop: '10.4.0.8' },
      ] } } },
    }), 400, 'VPC.2809');
    const after = (await h.a.sdk.showRouteTable({ routetable_id: t.id })).routetable;
    assert.equal(after.name, 'renamed');
    assert.deepEqual(custom(after).map((r: any) => r.destination), ['0.0.0.0/0']);
  });

  test('associate and disassociate subnets; a subnet belongs to exactly one table', async () => {
    const v = await h.vpc(h.a, '10.5.0.0/16');
    const s1 = await h.subnet(h.a, v.id, '10.5.1.0/24');
    const s2 = await h.subnet(h.a, v.id, '10.5.2.0/24');
    const def = await h.defaultTable(h.a, v.id);
    const t = (await h.a.sdk.createRouteTable({ body: { routetable: { vpc_id: v.id, name: 'assoc' } } })).routetable;
    const res = await h.a.sdk.associateRouteTable({ routetable_id: t.id, body: { routetable: { subnets: { associate: [s1.id] } } } });
    assert.equal(res.httpStatusCode, 200);
    assert.deepEqual(res.routetable.subnets, [{ id: s1.id }]);
    assert.deepEqual((await h.a.sdk.showRouteTable({ routetable_id: def.id })).routetable.subnets.map((s: any) => s.id), [s2.id]);
    assert.deepEqual((await h.a.sdk.listRouteTables({ subnet_id: s1.id })).routetables.map((x: any) => x.id), [t.id]);
    // A custom table with subnets cannot be deleted.
    await expectApiError(h.a.sdk.deleteRouteTable({ routetable_id: t.id }), 409, 'VPC.2813');
    // Subnets of another VPC cannot be associated.
    const w = await h.vpc(h.a, '10.6.0.0/16');
    const foreign = await h.subnet(h.a, w.id, '10.6.1.0/24');
    await expectApiError(h.a.sdk.associateRouteTable({ routetable_id: t.id, body: { routetable: { subnets: { associate: [foreign.id] } } } }), 400, 'VPC.2801');
    // A subnet in one custom table moves straight to another.
    const t2 = (await h.a.sdk.createRouteTable({ body: { routetable: { vpc_id: v.id, name: 'assoc-2' } } })).routetable;
    await h.a.sdk.associateRouteTable({ routetable_id: t2.id, body: { routetable: { subnets: { associate: [s1.id] } } } });
    assert.deepEqual((await h.a.sdk.showRouteTable({ routetable_id: t.id })).routetable.subnets, []);
    assert.deepEqual((await h.a.sdk.showRouteTable({ routetable_id: t2.id })).routetable.subnets, [{ id: s1.id }]);
    await h.a.sdk.associateRouteTable({ routetable_id: t.id, body: { routetable: { subnets: { associate: [s1.id] } } } });
    await h.a.sdk.deleteRouteTable({ routetable_id: t2.id });
    const dis = await h.a.sdk.disassociateRouteTable({ routetable_id: t.id, body: { routetable: { subnets: { disassociate: [s1.id] } } } });
    assert.equal(dis.httpStatusCode, 200);
    assert.deepEqual(dis.routetable.subnets, []);
    assert.deepEqual((await h.a.sdk.showRouteTable({ routetable_id: def.id })).routetable.subnets.map((s: any) => s.id).sort(), [s1.id, s2.id].sort());
    // Now it can be deleted: 204, then 404 VPC.2808.
    const del = await h.a.sdk.deleteRouteTable({ routetable_id: t.id });
    assert.equal(del.httpStatusCode, 204);
    await expectApiError(h.a.sdk.showRouteTable({ routetable_id: t.id }), 404, 'VPC.2808');
  });

  test('rule 27: the default table cannot be deleted (VPC.2812); a VPC with a custom table cannot be deleted', async () => {
    const v = await h.vpc(h.a, '10.7.0.0/16');
    const def = await h.defaultTable(h.a, v.id);
    await expectApiError(h.a.sdk.deleteRouteTable({ routetable_id: def.id }), 400, 'VPC.2812');
    const t = (await h.a.sdk.createRouteTable({ body: { routetable: { vpc_id: v.id } } })).routetable;
    await expectApiError(h.a.sdk.deleteVpc({ vpc_id: v.id }), 409, 'VPC.0120');
    await h.a.sdk.deleteRouteTable({ routetable_id: t.id });
    assert.equal((await h.a.sdk.deleteVpc({ vpc_id: v.id })).httpStatusCode, 204);
  });
});

describe('quotas (§1.6)', () => {
  test('defaults: every type with Huawei\'s values; used counts; type filter; unknown type → 400 VPC.1207', async () => {
    const h2 = await Harness.start();
    try {
      const res = await h2.a.sdk.showQuota({});
      assert.equal(res.httpStatusCode, 200);
      const byType = new Map(res.quotas.resources.map((r: any) => [r.type, r]));
      const types = ['vpc', 'subnet', 'securityGroup', 'securityGroupRule', 'publicIp', 'vpn', 'vpcPeer', 'loadbalancer', 'listener',
        'physicalConnect', 'virtualInterface', 'firewall', 'shareBandwidthIP', 'shareBandwidth', 'address_group', 'flow_log',
        'vpcContainRoutetable', 'routetableContainRoutes'];
      assert.deepEqual([...byType.keys()].sort(), [...types].sort());
      const expected: Record<string, number> = { vpc: 150, subnet: 400, vpcPeer: 50, routetableContainRoutes: 200, vpcContainRoutetable: 1 };
      for (const [type, quota] of Object.entries(expected)) {
        assert.deepEqual(byType.get(type), { type, used: 0, quota, min: 0 });
      }
      for (const r of res.quotas.resources) assert.equal(typeof r.quota, 'number');

      const v = await h2.vpc(h2.a, '10.1.0.0/16');
      const w = await h2.vpc(h2.a, '10.2.0.0/16');
      await h2.subnet(h2.a, v.id, '10.1.0.0/24');
      await h2.peering(h2.a, v.id, w.id);
      const used = async (type: string) => (await h2.a.sdk.showQuota({ type })).quotas.resources;
      assert.deepEqual(await used('vpc'), [{ type: 'vpc', used: 2, quota: 150, min: 0 }]);
      assert.deepEqual(await used('subnet'), [{ type: 'subnet', used: 1, quota: 400, min: 0 }]);
      assert.deepEqual(await used('vpcPeer'), [{ type: 'vpcPeer', used: 1, quota: 50, min: 0 }]);
      assert.deepEqual(await used('vpcContainRoutetable'), [{ type: 'vpcContainRoutetable', used: 1, quota: 1, min: 0 }]);
      // The default vpcContainRoutetable of 1 is the default table itself: no custom table.
      await expectApiError(h2.a.sdk.createRouteTable({ body: { routetable: { vpc_id: v.id } } }), 409, 'VPC.2811');
      await expectApiError(h2.a.sdk.showQuota({ type: 'bogus' }), 400, 'VPC.1207');
      await expectApiError(h2.a.sdk.showQuota({ type: 'VPC' }), 400, 'VPC.1207');
      // B's usage is its own.
      assert.deepEqual(await (async () => (await h2.b.sdk.showQuota({ type: 'vpc' })).quotas.resources)(), [{ type: 'vpc', used: 0, quota: 150, min: 0 }]);
    } finally {
      await h2.close();
    }
  });

  test('server quota overrides: shown, and -1 means unlimited', async () => {
    const h2 = await Harness.start({ quotas: { vpc: 2, subnet: -1 } });
    try {
      assert.deepEqual((await h2.a.sdk.showQuota({ type: 'vpc' })).quotas.resources[0].quota, 2);
      assert.deepEqual((await h2.a.sdk.showQuota({ type: 'subnet' })).quotas.resources[0].quota, -1);
      await h2.vpc(h2.a, '10.1.0.0/16');
      await h2.vpc(h2.a, '10.2.0.0/16');
      await expectApiError(h2.vpc(h2.a, '10.3.0.0/16'), 409, 'VPC.0114');
      assert.equal((await h2.a.sdk.listVpcs({})).vpcs.length, 2);
    } finally {
      await h2.close();
    }
  });

  test('rule 14: vpcPeer quota: pending counts for the requester only, ACTIVE for both, same-project counts too', async () => {
    const h2 = await Harness.start({ quotas: { vpcPeer: 2 } });
    try {
      const used = async (who: typeof h2.a) => (await who.sdk.showQuota({ type: 'vpcPeer' })).quotas.resources[0].used;
      const [a1, a2, a3] = [await h2.vpc(h2.a), await h2.vpc(h2.a), await h2.vpc(h2.a)];
      const [b1, b2, b3] = [await h2.vpc(h2.b), await h2.vpc(h2.b), await h2.vpc(h2.b)];
      const c1 = await h2.vpc(h2.c);
      const p1 = await h2.peering(h2.a, a1.id, b1.id, h2.b.projectId);
      const p2 = await h2.peering(h2.a, a2.id, b2.id, h2.b.projectId);
      assert.equal(await used(h2.a), 2);
      assert.equal(await used(h2.b), 0, 'pending requests do not count for the accepter');
      // A is full: cross-account and same-project requests are refused.
      await expectApiError(h2.peering(h2.a, a3.id, b3.id, h2.b.projectId), 409, 'OverQuota');
      await expectApiError(h2.peering(h2.a, a3.id, a1.id), 409, 'OverQuota');
      // B is not: its own request to C is fine.
      await h2.peering(h2.b, b3.id, c1.id, h2.c.projectId);
      assert.equal(await used(h2.b), 1);
      // Accepting p1 makes it count for B too: B at 2.
      await h2.b.sdk.acceptVpcPeering({ peering_id: p1.id });
      assert.equal(await used(h2.b), 2);
      assert.equal(await used(h2.a), 2);
      // Accepting p2 would take B to 3: refused, and p2 stays pending.
      await expectApiError(h2.b.sdk.acceptVpcPeering({ peering_id: p2.id }), 409, 'OverQuota');
      assert.equal((await h2.a.sdk.showVpcPeering({ peering_id: p2.id })).peering.status, 'PENDING_ACCEPTANCE');
      // Rejecting needs no quota.
      assert.equal((await h2.b.sdk.rejectVpcPeering({ peering_id: p2.id })).status, 'REJECTED');
      assert.equal(await used(h2.a), 2, 'a rejected request still counts for the requester until deleted');
      // Deleting frees the quota.
      await h2.a.sdk.deleteVpcPeering({ peering_id: p2.id });
      assert.equal(await used(h2.a), 1);
      const p3 = await h2.peering(h2.a, a3.id, a1.id);
      assert.equal(p3.status, 'ACTIVE');
      assert.equal(await used(h2.a), 2);
    } finally {
      await h2.close();
    }
  });
});
