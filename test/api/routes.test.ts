/**
 * v2.0 peering routes through the official SDK: the operations of huawei-api.md §1.2 and
 * the route rules of §3 (16-19), parametrised same-project / cross-account.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Harness, MODES, UUID_RE, expectApiError, pairFor, type Mode } from './harness.js';

let h: Harness;
before(async () => { h = await Harness.start({ quotas: { vpc: -1, vpcPeer: -1, vpcContainRoutetable: -1 } }); });
after(async () => { await h.close(); });

let octet = 10;
/** Two fresh, non-overlapping /16 CIDRs. */
function cidrs(): [string, string] {
  octet += 2;
  return [`10.${octet}.0.0/16`, `10.${octet + 1}.0.0/16`];
}

async function active(mode: Mode, c: [string, string] = cidrs()) {
  const pair = await pairFor(h, mode, c);
  const peering = await h.peering(pair.req, pair.reqVpc.id, pair.accVpc.id, pair.acceptTenant);
  if (!pair.same) await pair.acc.sdk.acceptVpcPeering({ peering_id: peering.id });
  return { ...pair, peering, cidrs: c };
}

describe('route operations (§1.2)', () => {
  test('R1 create: 201, wrapped, every field; R3 show; R4 delete 204 then 404', async () => {
    const p = await active('cross-account');
    const res = await h.a.sdk.createVpcRoute({
      body: { route: { destination: p.cidrs[1], nexthop: p.peering.id, type: 'peering', vpc_id: p.reqVpc.id } },
    });
    assert.equal(res.httpStatusCode, 201);
    const r = res.route;
    assert.match(r.id, UUID_RE);
    assert.deepEqual({ ...r }, { id: r.id, destination: p.cidrs[1], nexthop: p.peering.id, type: 'peering', vpc_id: p.reqVpc.id, tenant_id: h.a.projectId });
    const shown = await h.a.sdk.showVpcRoute({ route_id: r.id });
    assert.equal(shown.httpStatusCode, 200);
    assert.deepEqual(shown.route, r);
    const del = await h.a.sdk.deleteVpcRoute({ route_id: r.id });
    assert.equal(del.httpStatusCode, 204);
    assert.deepEqual(Object.keys(del), ['httpStatusCode']);
    await expectApiError(h.a.sdk.showVpcRoute({ route_id: r.id }), 404, 'RouteNotFound');
    await expectApiError(h.a.sdk.deleteVpcRoute({ route_id: r.id }), 404, 'RouteNotFound');
  });

  test('R2 list: filters id, vpc_id, destination, type, tenant_id; limit/marker with routes_links', async () => {
    const p = await active('same-project');
    const made = [];
    for (const d of ['172.16.1.0/24', '172.16.2.0/24', '172.16.3.0/24', '172.16.4.0/24']) {
      made.push(await h.route(h.a, p.reqVpc.id, p.peering.id, d));
    }
    const onOther = await h.route(h.a, p.accVpc.id, p.peering.id, '172.16.9.0/24');
    const ids = (res: any) => res.routes.map((r: any) => r.id).sort();
    const list = (q: object) => h.a.sdk.listVpcRoutes(q);
    const mine = made.map((r) => r.id).sort();
    assert.deepEqual(ids(await list({ vpc_id: p.reqVpc.id })), mine);
    assert.deepEqual(ids(await list({ vpc_id: p.accVpc.id })), [onOther.id]);
    assert.deepEqual(ids(await list({ id: made[2].id })), [made[2].id]);
    assert.deepEqual(ids(await list({ destination: '172.16.9.0/24' })), [onOther.id]);
    assert.deepEqual(ids(await list({ vpc_id: p.reqVpc.id, type: 'peering' })), mine);
    assert.deepEqual(ids(await list({ vpc_id: p.reqVpc.id, tenant_id: h.a.projectId })), mine);
    assert.deepEqual(ids(await list({ tenant_id: h.b.projectId })), []);
    const all = await list({});
    assert.ok(all.routes.length >= 5);
    assert.equal(all.routes_links, undefined);

    const seen: string[] = [];
    let marker: string | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await list({ vpc_id: p.reqVpc.id, limit: 3, ...(marker ? { marker } : {}) });
      seen.push(...res.routes.map((r: any) => r.id));
      const next = (res.routes_links ?? []).find((l: any) => l.rel === 'next');
      if (!next) break;
      assert.match(next.href, /\/v2\.0\/vpc\/routes\?/);
      marker = new URL(next.href).searchParams.get('marker')!;
    }
    assert.deepEqual(seen, mine, 'pages in ascending id order, each route once');
  });
});

describe('route rules (§3 16-19), parametrised', () => {
  for (const mode of MODES) {
    test(`[${mode}] rule 16: each side adds routes to its own VPC via the ACTIVE peering`, async () => {
      const p = await active(mode);
      const fwd = await h.route(p.req, p.reqVpc.id, p.peering.id, p.cidrs[1]);
      const back = await h.route(p.acc, p.accVpc.id, p.peering.id, p.cidrs[0]);
      assert.equal(fwd.tenant_id, p.req.projectId);
      assert.equal(back.tenant_id, p.acc.projectId);
    });

    test(`[${mode}] rule 16: the route's VPC must be one end of the peering`, async () => {
      const p = await active(mode);
      const third = await h.vpc(p.req, '10.250.0.0/16');
      await expectApiError(h.route(p.req, third.id, p.peering.id, '10.251.0.0/16'), 400, 'InvalidInput');
      assert.deepEqual((await p.req.sdk.listVpcRoutes({ vpc_id: third.id })).routes, []);
    });

    test(`[${mode}] rule 18: a destination overlapping a local subnet is refused; the VPC's own CIDR is fine without subnets`, async () => {
      const p = await active(mode, ['192.168.0.0/16', '172.20.0.0/16']);
      // TF acceptance: VPC 192.168.0.0/16, route 192.168.0.0/16 via the peering.
      await h.route(p.req, p.reqVpc.id, p.peering.id, '192.168.0.0/16');
      await h.subnet(p.acc, p.accVpc.id, '172.20.5.0/24');
      await expectApiError(h.route(p.acc, p.accVpc.id, p.peering.id, '172.20.0.0/16'), 400, 'RouteOverlapsSubnet');
      await expectApiError(h.route(p.acc, p.accVpc.id, p.peering.id, '172.20.5.128/25'), 400, 'RouteOverlapsSubnet');
      await expectApiError(h.route(p.acc, p.accVpc.id, p.peering.id, '172.20.5.7/32'), 400, 'RouteOverlapsSubnet');
      await h.route(p.acc, p.accVpc.id, p.peering.id, '172.20.6.0/24');
      assert.deepEqual((await p.acc.sdk.listVpcRoutes({ vpc_id: p.accVpc.id })).routes.map((r: any) => r.destination), ['172.20.6.0/24']);
    });

    test(`[${mode}] rule 18 from the other side: no subnet taking in a route the VPC has, in any of its tables`, async () => {
      const p = await active(mode, ['192.168.0.0/16', '172.21.0.0/16']);
      await h.route(p.req, p.reqVpc.id, p.peering.id, '192.168.5.0/24');
      // The same destination as the route, or a subnet around it: refused.
      for (const [cidr, gateway] of [['192.168.5.0/24', '192.168.5.1'], ['192.168.0.0/20', '192.168.0.1']]) {
        await expectApiError(h.subnet(p.req, p.reqVpc.id, cidr!, gateway), 400, 'VPC.0204');
      }
      await h.subnet(p.req, p.reqVpc.id, '192.168.6.0/24');
      // A subnet inside a broader route is fine: its local route is more specific and wins.
      await h.route(p.req, p.reqVpc.id, p.peering.id, '192.168.128.0/17');
      await h.subnet(p.req, p.reqVpc.id, '192.168.130.0/24');
      // A route in a custom table of the VPC counts too (v1 route-table API).
      const custom = await p.req.sdk.createRouteTable({ body: { routetable: { name: 'custom', vpc_id: p.reqVpc.id } } });
      await p.req.sdk.updateRouteTable({
        routetable_id: custom.routetable.id,
        body: { routetable: { routes: { add: [{ type: 'peering', destination: '192.168.7.0/24', nexthop: p.peering.id }] } } },
      });
      await expectApiError(h.subnet(p.req, p.reqVpc.id, '192.168.7.0/24'), 400, 'VPC.0204');
      // Once the route is gone, the subnet can come.
      const [route] = (await p.req.sdk.listVpcRoutes({ vpc_id: p.reqVpc.id, destination: '192.168.5.0/24' })).routes;
      await p.req.sdk.deleteVpcRoute({ route_id: route.id });
      await h.subnet(p.req, p.reqVpc.id, '192.168.5.0/24');
      const table = await h.defaultTable(p.req, p.reqVpc.id);
      const shown = (await p.req.sdk.showRouteTable({ routetable_id: table.id })).routetable;
      assert.deepEqual(shown.routes.filter((r: any) => r.destination === '192.168.5.0/24').map((r: any) => r.type), ['local']);
    });

    test(`[${mode}] rules 18/19: one route per destination in a table, whichever peering`, async () => {
      const p = await active(mode);
      await h.route(p.req, p.reqVpc.id, p.peering.id, '10.99.0.0/16');
      await expectApiError(h.route(p.req, p.reqVpc.id, p.peering.id, '10.99.0.0/16'), 409, 'RouteConflict');
      // Hub with a second spoke: same destination through another peering is still a duplicate.
      const spoke = await h.vpc(p.req, '10.98.0.0/16');
      const p2 = await h.peering(p.req, p.reqVpc.id, spoke.id);
      await expectApiError(h.route(p.req, p.reqVpc.id, p2.id, '10.99.0.0/16'), 409, 'RouteConflict');
      // The v1 route-table API enforces the same uniqueness (VPC.2809).
      const table = await h.defaultTable(p.req, p.reqVpc.id);
      await expectApiError(p.req.sdk.updateRouteTable({
        routetable_id: table.id, body: { routetable: { routes: { add: [{ type: 'peering', destination: '10.99.0.0/16', nexthop: p2.id }] } } },
      }), 400, 'VPC.2809');
      assert.equal((await p.req.sdk.listVpcRoutes({ vpc_id: p.reqVpc.id, destination: '10.99.0.0/16' })).routes.length, 1);
    });

    test(`[${mode}] rule 18: system route ranges and malformed destinations are refused`, async () => {
      const p = await active(mode);
      await expectApiError(h.route(p.req, p.reqVpc.id, p.peering.id, '100.64.1.0/24'), 400, 'InvalidInput');
      await expectApiError(h.route(p.req, p.reqVpc.id, p.peering.id, '127.0.0.0/8'), 400, 'InvalidInput');
      await expectApiError(h.route(p.req, p.reqVpc.id, p.peering.id, '10.1.2.3/16'), 400, 'InvalidInput');
      await expectApiError(h.route(p.req, p.reqVpc.id, p.peering.id, 'banana'), 400, 'InvalidInput');
      assert.deepEqual((await p.req.sdk.listVpcRoutes({ vpc_id: p.reqVpc.id })).routes, []);
    });

    test(`[${mode}] rule 15: overlapping VPCs peer, but routes into the local subnets are refused`, async () => {
      const p = await active(mode, ['192.168.0.0/16', '192.168.0.0/16']);
      await h.subnet(p.req, p.reqVpc.id, '192.168.1.0/24');
      await h.subnet(p.acc, p.accVpc.id, '192.168.2.0/24');
      await expectApiError(h.route(p.req, p.reqVpc.id, p.peering.id, '192.168.1.0/24'), 400, 'RouteOverlapsSubnet');
      // Peering only the non-overlapping subnets works (U-EX).
      await h.route(p.req, p.reqVpc.id, p.peering.id, '192.168.2.0/24');
      await h.route(p.acc, p.accVpc.id, p.peering.id, '192.168.1.0/24');
    });

    test(`[${mode}] §5 item 15: v2.0 routes appear as type peering rows in the default route table, and vice versa`, async () => {
      const p = await active(mode);
      const v2route = await h.route(p.req, p.reqVpc.id, p.peering.id, '10.120.0.0/16');
      const table = await h.defaultTable(p.req, p.reqVpc.id);
      assert.deepEqual(table.routes.filter((r: any) => r.type === 'peering'),
        [{ type: 'peering', destination: '10.120.0.0/16', nexthop: p.peering.id, description: '' }]);
      // Added through the route table: listed by /v2.0/vpc/routes.
      await p.req.sdk.updateRouteTable({
        routetable_id: table.id,
        body: { routetable: { routes: { add: [{ type: 'peering', destination: '10.121.0.0/16', nexthop: p.peering.id, description: 'v1' }] } } },
      });
      const listed = (await p.req.sdk.listVpcRoutes({ vpc_id: p.reqVpc.id })).routes;
      assert.deepEqual(listed.map((r: any) => r.destination).sort(), ['10.120.0.0/16', '10.121.0.0/16']);
      const viaV1 = listed.find((r: any) => r.destination === '10.121.0.0/16');
      assert.deepEqual({ ...viaV1, id: 'x' }, { id: 'x', destination: '10.121.0.0/16', nexthop: p.peering.id, type: 'peering', vpc_id: p.reqVpc.id, tenant_id: p.req.projectId });
      assert.equal((await p.req.sdk.showVpcRoute({ route_id: viaV1.id })).route.id, viaV1.id);
      // Deleting through one API removes from the other.
      await p.req.sdk.deleteVpcRoute({ route_id: viaV1.id });
      await p.req.sdk.updateRouteTable({ routetable_id: table.id, body: { routetable: { routes: { del: [{ destination: '10.120.0.0/16' }] } } } });
      await expectApiError(p.req.sdk.showVpcRoute({ route_id: v2route.id }), 404, 'RouteNotFound');
      assert.deepEqual((await h.defaultTable(p.req, p.reqVpc.id)).routes.filter((r: any) => r.type === 'peering'), []);
    });

    test(`[${mode}] rule 22: a VPC with peering routes cannot be deleted (VPC.0120)`, async () => {
      const p = await active(mode);
      await h.route(p.req, p.reqVpc.id, p.peering.id, p.cidrs[1]);
      await expectApiError(p.req.sdk.deleteVpc({ vpc_id: p.reqVpc.id }), 409, 'VPC.0120');
      await p.req.sdk.deleteVpcPeering({ peering_id: p.peering.id });
      assert.equal((await p.req.sdk.deleteVpc({ vpc_id: p.reqVpc.id })).httpStatusCode, 204);
    });
  }

  test('[cross-account] rule 16: no route via a PENDING, REJECTED or EXPIRED peering (v2.0 PeeringNotActive, v1 VPC.2801)', async () => {
    for (const state of ['PENDING_ACCEPTANCE', 'REJECTED', 'EXPIRED']) {
      const c = cidrs();
      const p = await pairFor(h, 'cross-account', c);
      const peering = await h.peering(p.req, p.reqVpc.id, p.accVpc.id, p.acceptTenant);
      if (state === 'REJECTED') await p.acc.sdk.rejectVpcPeering({ peering_id: peering.id });
      if (state === 'EXPIRED') h.clock.advance(8 * 24 * 3600 * 1000);
      await expectApiError(h.route(p.req, p.reqVpc.id, peering.id, c[1]), 409, 'PeeringNotActive');
      await expectApiError(h.route(p.acc, p.accVpc.id, peering.id, c[0]), 409, 'PeeringNotActive');
      // The same through the v1 route table API, in its own family: VPC.28xx, never a Neutron type
      // (an invalid next hop is VPC.2801, as for a next hop that is no peering or not this VPC's).
      const table = await h.defaultTable(p.req, p.reqVpc.id);
      const add = { type: 'peering', destination: c[1], nexthop: peering.id };
      const err = await expectApiError(p.req.sdk.updateRouteTable({
        routetable_id: table.id, body: { routetable: { routes: { add: [add] } } },
      }), 400, 'VPC.2801');
      // A request past its expiry is named EXPIRED though nothing has swept it yet.
      assert.match(err.errorMsg, new RegExp(`${peering.id} is ${state}; a route can use only an ACTIVE one`));
      const v2 = await expectApiError(h.route(p.req, p.reqVpc.id, peering.id, c[1]), 409, 'PeeringNotActive');
      assert.match(v2.errorMsg, new RegExp(state));
      await expectApiError(p.req.sdk.createRouteTable({
        body: { routetable: { vpc_id: p.reqVpc.id, name: h.name('rt'), routes: [add] } },
      }), 400, 'VPC.2801');
      const raw = await h.raw(p.req, 'PUT', `/v1/${p.req.projectId}/routetables/${table.id}`, { body: { routetable: { routes: { add: [add] } } } });
      assert.equal(raw.status, 400, raw.text);
      assert.equal(raw.json.code, 'VPC.2801', 'the v1 body shape {code, message}');
      assert.equal(typeof raw.json.message, 'string');
      assert.equal(raw.json.NeutronError, undefined);
      assert.deepEqual((await p.req.sdk.listVpcRoutes({ vpc_id: p.reqVpc.id })).routes, []);
      assert.deepEqual((await p.req.sdk.listRouteTables({ vpc_id: p.reqVpc.id })).routetables.map((t: any) => t.id), [table.id]);
    }
  });

  test('[cross-account] rules 16/17: only the VPC owner adds, sees and deletes its routes', async () => {
    const p = await active('cross-account');
    // A cannot add to B's VPC, even with B's tenant_id.
    await expectApiError(h.route(h.a, p.accVpc.id, p.peering.id, p.cidrs[0]), 403, 'RouteActionForbidden');
    await expectApiError(h.a.sdk.createVpcRoute({
      body: { route: { destination: p.cidrs[0], nexthop: p.peering.id, type: 'peering', vpc_id: p.accVpc.id, tenant_id: h.b.projectId } },
    }), 403, 'RouteActionForbidden');
    await expectApiError(h.a.sdk.createVpcRoute({
      body: { route: { destination: p.cidrs[1], nexthop: p.peering.id, type: 'peering', vpc_id: p.reqVpc.id, tenant_id: h.b.projectId } },
    }), 403, 'RouteActionForbidden');
    const aRoute = await h.route(h.a, p.reqVpc.id, p.peering.id, p.cidrs[1]);
    // B (the peer) neither sees nor deletes A's route; C neither.
    for (const who of [h.b, h.c]) {
      await expectApiError(who.sdk.showVpcRoute({ route_id: aRoute.id }), 404, 'RouteNotFound');
      await expectApiError(who.sdk.deleteVpcRoute({ route_id: aRoute.id }), 404, 'RouteNotFound');
      assert.ok(!(await who.sdk.listVpcRoutes({})).routes.some((r: any) => r.id === aRoute.id));
      assert.deepEqual((await who.sdk.listVpcRoutes({ vpc_id: p.reqVpc.id })).routes, []);
    }
    // C may not route through a peering it is no party to, into its own VPC.
    const cVpc = await h.vpc(h.c);
    await expectApiError(h.route(h.c, cVpc.id, p.peering.id, '10.77.0.0/16'), 400, 'InvalidInput');
    assert.equal((await h.a.sdk.showVpcRoute({ route_id: aRoute.id })).route.id, aRoute.id);
  });

  test('route create validation: type must be "peering", ids must be UUIDs, VPC and peering must exist', async () => {
    const p = await active('same-project');
    const base = { destination: p.cidrs[1], nexthop: p.peering.id, type: 'peering', vpc_id: p.reqVpc.id };
    const create = (over: object) => h.a.sdk.createVpcRoute({ body: { route: { ...base, ...over } } });
    await expectApiError(create({ type: 'ecs' }), 400, 'InvalidInput');
    await expectApiError(create({ vpc_id: 'vpc-1' }), 400, 'InvalidInput');
    await expectApiError(create({ nexthop: 'peer-1' }), 400, 'InvalidInput');
    await expectApiError(create({ vpc_id: '00000000-0000-4000-8000-000000000001' }), 400, 'InvalidInput');
    await expectApiError(create({ nexthop: '00000000-0000-4000-8000-000000000002' }), 400, 'InvalidInput');
    assert.deepEqual((await h.a.sdk.listVpcRoutes({ vpc_id: p.reqVpc.id })).routes, []);
  });
});

describe('route quota', () => {
  test('rule 18: at most routetableContainRoutes routes per table (default 200; 3 here), both APIs', async () => {
    const h2 = await Harness.start({ quotas: { routetableContainRoutes: 3 } });
    try {
      const quota = (await h2.a.sdk.showQuota({ type: 'routetableContainRoutes' })).quotas.resources[0];
      assert.equal(quota.quota, 3);
      const a = await h2.vpc(h2.a, '10.1.0.0/16');
      const b = await h2.vpc(h2.a, '10.2.0.0/16');
      const p = await h2.peering(h2.a, a.id, b.id);
      for (let i = 0; i < 3; i++) await h2.route(h2.a, a.id, p.id, `10.2.${i}.0/24`);
      await expectApiError(h2.route(h2.a, a.id, p.id, '10.2.3.0/24'), 409, 'OverQuota');
      const table = await h2.defaultTable(h2.a, a.id);
      await expectApiError(h2.a.sdk.updateRouteTable({
        routetable_id: table.id, body: { routetable: { routes: { add: [{ type: 'peering', destination: '10.2.4.0/24', nexthop: p.id }] } } },
      }), 409, 'VPC.2814');
      assert.equal((await h2.a.sdk.listVpcRoutes({ vpc_id: a.id })).routes.length, 3);
      assert.equal((await h2.a.sdk.showQuota({ type: 'routetableContainRoutes' })).quotas.resources[0].used, 3);
      // The other VPC's table has its own budget.
      await h2.route(h2.a, b.id, p.id, '10.1.0.0/24');
    } finally {
      await h2.close();
    }
  });

  test('rule 18: the default limit is really 200 routes per table', async () => {
    const h3 = await Harness.start();
    try {
      const a = await h3.vpc(h3.a, '10.1.0.0/16');
      const b = await h3.vpc(h3.a, '10.2.0.0/16');
      const p = await h3.peering(h3.a, a.id, b.id);
      const table = await h3.defaultTable(h3.a, a.id);
      // 200 through the route table API in 4 updates of 50, then one more via v2.0.
      for (let i = 0; i < 4; i++) {
        const add = Array.from({ length: 50 }, (_, j) => ({ type: 'peering', destination: `172.16.${i * 50 + j}.0/24`, nexthop: p.id }));
        await h3.a.sdk.updateRouteTable({ routetable_id: table.id, body: { routetable: { routes: { add } } } });
      }
      assert.equal((await h3.a.sdk.listVpcRoutes({ vpc_id: a.id })).routes.length, 200);
      await expectApiError(h3.route(h3.a, a.id, p.id, '172.17.0.0/24'), 409, 'OverQuota');
    } finally {
      await h3.close();
    }
  });
});
