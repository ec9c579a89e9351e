/**
 * VPC peering connections through the official SDK: every operation of huawei-api.md
 * §1.1 and every rule of §3 (1-15), parametrised same-project / cross-account where the
 * rule applies to both (moto's peering suite style: one loop, two tests).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  DAY, HUAWEI_TIME, Harness, MODES, UUID_RE, expectApiError, pairFor, type Mode,
} from './harness.js';

let h: Harness;
before(async () => { h = await Harness.start({ quotas: { vpc: -1, vpcPeer: -1 } }); });
after(async () => { await h.close(); });

const PEERING_KEYS = ['accept_vpc_info', 'created_at', 'description', 'id', 'name', 'request_vpc_info', 'status', 'updated_at'];

function assertPeeringShape(p: any): void {
  assert.deepEqual(Object.keys(p).filter((k) => k !== 'httpStatusCode').sort(), PEERING_KEYS);
  assert.match(p.id, UUID_RE);
  assert.match(p.created_at, HUAWEI_TIME);
  assert.match(p.updated_at, HUAWEI_TIME);
  assert.equal(typeof p.request_vpc_info.tenant_id, 'string');
  assert.equal(typeof p.accept_vpc_info.tenant_id, 'string');
}

/** Creates a peering for the mode and returns it with its parties. */
async function peered(mode: Mode, cidrs: [string?, string?] = []) {
  const pair = await pairFor(h, mode, cidrs);
  const peering = await h.peering(pair.req, pair.reqVpc.id, pair.accVpc.id, pair.acceptTenant);
  return { ...pair, peering };
}

/** An ACTIVE peering: accepted by B when cross-account. */
async function activePeering(mode: Mode, cidrs: [string?, string?] = []) {
  const p = await peered(mode, cidrs);
  if (!p.same) await p.acc.sdk.acceptVpcPeering({ peering_id: p.peering.id });
  return p;
}

describe('peering operations (§1.1)', () => {
  test('P1 create within a project: 201, wrapped, ACTIVE, tenant_id filled on both sides', async () => {
    const reqVpc = await h.vpc(h.a);
    const accVpc = await h.vpc(h.a);
    const res = await h.a.sdk.createVpcPeering({
      body: { peering: { name: 'p-same', description: 'same project', request_vpc_info: { vpc_id: reqVpc.id }, accept_vpc_info: { vpc_id: accVpc.id } } },
    });
    assert.equal(res.httpStatusCode, 201);
    const p = res.peering;
    assertPeeringShape(p);
    assert.equal(p.status, 'ACTIVE');
    assert.equal(p.name, 'p-same');
    assert.equal(p.description, 'same project');
    assert.deepEqual(p.request_vpc_info, { vpc_id: reqVpc.id, tenant_id: h.a.projectId });
    assert.deepEqual(p.accept_vpc_info, { vpc_id: accVpc.id, tenant_id: h.a.projectId });
  });

  test('P1 create toward another account: 201, PENDING_ACCEPTANCE', async () => {
    const reqVpc = await h.vpc(h.a);
    const accVpc = await h.vpc(h.b);
    const p = await h.peering(h.a, reqVpc.id, accVpc.id, h.b.projectId, 'p-cross');
    assertPeeringShape(p);
    assert.equal(p.status, 'PENDING_ACCEPTANCE');
    assert.deepEqual(p.request_vpc_info, { vpc_id: reqVpc.id, tenant_id: h.a.projectId });
    assert.deepEqual(p.accept_vpc_info, { vpc_id: accVpc.id, tenant_id: h.b.projectId });
  });

  test('P1 create validation: name 1-64, description <=255 without <>, request/accept info required', async () => {
    const reqVpc = await h.vpc(h.a);
    const accVpc = await h.vpc(h.a);
    const create = (peering: object) => h.a.sdk.createVpcPeering({ body: { peering } });
    const info = { request_vpc_info: { vpc_id: reqVpc.id }, accept_vpc_info: { vpc_id: accVpc.id } };
    await expectApiError(create({ ...info, name: '' }), 400, 'InvalidInput');
    await expectApiError(create({ ...info, name: 'x'.repeat(65) }), 400, 'InvalidInput');
    await expectApiError(create({ ...info, name: 'ok', description: 'd'.repeat(256) }), 400, 'InvalidInput');
    await expectApiError(create({ ...info, name: 'ok', description: '<b>' }), 400, 'InvalidInput');
    await expectApiError(create({ name: 'ok', request_vpc_info: info.request_vpc_info }), 400, 'InvalidInput');
    await expectApiError(create({ name: 'ok', accept_vpc_info: info.accept_vpc_info }), 400, 'InvalidInput');
    assert.deepEqual((await h.a.sdk.listVpcPeerings({ vpc_id: reqVpc.id })).peerings, []);
    const p = (await create({ ...info, name: 'x'.repeat(64), description: 'd'.repeat(255) })).peering;
    assert.equal(p.name.length, 64);
  });

  test('P3 show: wrapped in "peering", 200', async () => {
    const { peering } = await peered('cross-account');
    const res = await h.a.sdk.showVpcPeering({ peering_id: peering.id });
    assert.equal(res.httpStatusCode, 200);
    assertPeeringShape(res.peering);
    assert.deepEqual({ ...res.peering }, peering);
  });

  test('P4 update name and description: 200, wrapped; at least one attribute required', async () => {
    const { peering } = await peered('cross-account');
    const res = await h.a.sdk.updateVpcPeering({ peering_id: peering.id, body: { peering: { name: 'renamed', description: 'new words' } } });
    assert.equal(res.httpStatusCode, 200);
    assertPeeringShape(res.peering);
    assert.equal(res.peering.name, 'renamed');
    assert.equal(res.peering.description, 'new words');
    const shown = (await h.b.sdk.showVpcPeering({ peering_id: peering.id })).peering;
    assert.equal(shown.name, 'renamed');
    assert.equal(shown.description, 'new words');
    await expectApiError(h.a.sdk.updateVpcPeering({ peering_id: peering.id, body: { peering: {} } }), 400, 'InvalidInput');
    await expectApiError(h.a.sdk.updateVpcPeering({ peering_id: peering.id, body: { peering: { name: '' } } }), 400, 'InvalidInput');
    await expectApiError(h.a.sdk.updateVpcPeering({ peering_id: peering.id, body: { peering: { description: 'a<b' } } }), 400, 'InvalidInput');
  });

  test('P5 delete: 204 with no body, then 404 on show, delete and accept', async () => {
    const { peering } = await peered('cross-account');
    const res = await h.a.sdk.deleteVpcPeering({ peering_id: peering.id });
    assert.equal(res.httpStatusCode, 204);
    assert.deepEqual(Object.keys(res), ['httpStatusCode']);
    await expectApiError(h.a.sdk.showVpcPeering({ peering_id: peering.id }), 404, 'PeeringNotFound');
    await expectApiError(h.b.sdk.showVpcPeering({ peering_id: peering.id }), 404, 'PeeringNotFound');
    await expectApiError(h.a.sdk.deleteVpcPeering({ peering_id: peering.id }), 404, 'PeeringNotFound');
    await expectApiError(h.b.sdk.acceptVpcPeering({ peering_id: peering.id }), 404, 'PeeringNotFound');
  });

  test('P6 accept: 200 with a FLAT peering (no wrapper), status ACTIVE', async () => {
    const { peering } = await peered('cross-account');
    const res = await h.b.sdk.acceptVpcPeering({ peering_id: peering.id });
    assert.equal(res.httpStatusCode, 200);
    assert.equal(res.peering, undefined, 'not wrapped');
    assertPeeringShape(res);
    assert.equal(res.id, peering.id);
    assert.equal(res.status, 'ACTIVE');
    assert.equal((await h.a.sdk.showVpcPeering({ peering_id: peering.id })).peering.status, 'ACTIVE');
  });

  test('P7 reject: 200 with a FLAT peering, status REJECTED', async () => {
    const { peering } = await peered('cross-account');
    const res = await h.b.sdk.rejectVpcPeering({ peering_id: peering.id });
    assert.equal(res.httpStatusCode, 200);
    assert.equal(res.peering, undefined, 'not wrapped');
    assertPeeringShape(res);
    assert.equal(res.status, 'REJECTED');
    assert.equal((await h.a.sdk.showVpcPeering({ peering_id: peering.id })).peering.status, 'REJECTED');
  });

  test('P2 list: filters id, name, status, tenant_id, vpc_id (either end)', async () => {
    // A fresh world for this test: C is party to nothing yet, so every C peering is known.
    const c1 = await h.vpc(h.c);
    const c2 = await h.vpc(h.c);
    const c3 = await h.vpc(h.c);
    const b1 = await h.vpc(h.b);
    const same = await h.peering(h.c, c1.id, c2.id, undefined, 'flt-same');
    const pending = await h.peering(h.c, c3.id, b1.id, h.b.projectId, 'flt-cross');
    const incoming = await h.peering(h.b, b1.id, c2.id, h.c.projectId, 'flt-in');
    const ids = (r: any) => r.peerings.map((p: any) => p.id).sort();
    const list = (q: object) => h.c.sdk.listVpcPeerings(q);

    const all = await list({});
    assert.equal(all.httpStatusCode, 200);
    assert.deepEqual(ids(all), [same.id, pending.id, incoming.id].sort());
    assert.equal(all.peerings_links, undefined, 'no links without limit');
    assert.deepEqual(ids(await list({ id: same.id })), [same.id]);
    assert.deepEqual(ids(await list({ name: 'flt-cross' })), [pending.id]);
    assert.deepEqual(ids(await list({ status: 'ACTIVE' })), [same.id]);
    assert.deepEqual(ids(await list({ status: 'PENDING_ACCEPTANCE' })), [pending.id, incoming.id].sort());
    assert.deepEqual(ids(await list({ vpc_id: c2.id })), [same.id, incoming.id].sort(), 'vpc_id matches either end');
    assert.deepEqual(ids(await list({ vpc_id: b1.id })), [pending.id, incoming.id].sort());
    assert.deepEqual(ids(await list({ tenant_id: h.b.projectId })), [pending.id, incoming.id].sort());
    assert.deepEqual(ids(await list({ name: 'no-such' })), []);
    assert.deepEqual(ids(await list({ status: 'ACTIVE', vpc_id: c3.id })), []);
    for (const p of all.peerings) assertPeeringShape(p);
  });

  test('P2 list: the SDK signs name filters with spaces, reserved and non-ASCII characters', async () => {
    for (const name of ["peering a*b", "it's (x)!", 'zürich+köln/1', 'a&b=c%20d']) {
      const p = await h.peering(h.a, (await h.vpc(h.a)).id, (await h.vpc(h.a)).id, undefined, name);
      const res = await h.a.sdk.listVpcPeerings({ name });
      assert.deepEqual(res.peerings.map((x: any) => x.id), [p.id], name);
      assert.equal(res.peerings[0].name, name);
    }
  });

  test('P2 list: limit/marker pages in ascending id order, with peerings_links', async () => {
    const c = await h.vpc(h.c);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await h.peering(h.c, c.id, (await h.vpc(h.c)).id, undefined, 'page-me'));
    const expected = (await h.c.sdk.listVpcPeerings({ vpc_id: c.id })).peerings.map((p: any) => p.id);
    assert.deepEqual(expected, [...made.map((p) => p.id)].sort(), 'ascending id order');

    const seen: string[] = [];
    let marker: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await h.c.sdk.listVpcPeerings({ vpc_id: c.id, limit: 2, ...(marker ? { marker } : {}) });
      seen.push(...res.peerings.map((p: any) => p.id));
      assert.ok(res.peerings.length <= 2);
      const next = (res.peerings_links ?? []).find((l: any) => l.rel === 'next');
      if (!next) break;
      assert.match(next.href, /^http:\/\/127\.0\.0\.1:\d+\/v2\.0\/vpc\/peerings\?/);
      marker = new URL(next.href).searchParams.get('marker')!;
      assert.equal(marker, res.peerings[res.peerings.length - 1].id);
    }
    assert.deepEqual(seen, expected, 'following the next links yields every item once');
    const last = await h.c.sdk.listVpcPeerings({ vpc_id: c.id, limit: 2, marker: expected[3] });
    assert.deepEqual(last.peerings.map((p: any) => p.id), [expected[4]]);
    assert.ok(!(last.peerings_links ?? []).some((l: any) => l.rel === 'next'), 'no next link on the last page');
    // The previous link (page_reverse, which the SDK cannot send) walks back one page.
    const prev = last.peerings_links.find((l: any) => l.rel === 'previous');
    assert.ok(prev, 'a previous link when the page starts at a marker');
    const href = new URL(prev.href);
    assert.equal(href.searchParams.get('page_reverse'), 'True');
    const back = await h.raw(h.c, 'GET', `${href.pathname}${href.search}`);
    assert.equal(back.status, 200, back.text);
    assert.deepEqual(back.json.peerings.map((p: any) => p.id), expected.slice(2, 4));
    assert.ok(back.headers.get('x-request-id'), 'X-Request-Id on success too');
  });
});

describe('peering rules (§3), parametrised same-project / cross-account', () => {
  for (const mode of MODES) {
    test(`[${mode}] rules 1/2: initial status is ${mode === 'same-project' ? 'ACTIVE at once' : 'PENDING_ACCEPTANCE'}`, async () => {
      const { peering } = await peered(mode);
      assert.equal(peering.status, mode === 'same-project' ? 'ACTIVE' : 'PENDING_ACCEPTANCE');
    });

    test(`[${mode}] rule 11: both parties see the peering; a third account sees nothing`, async () => {
      const { peering, req, acc } = await peered(mode);
      for (const who of [req, acc]) {
        assert.equal((await who.sdk.showVpcPeering({ peering_id: peering.id })).peering.id, peering.id);
        assert.ok((await who.sdk.listVpcPeerings({ id: peering.id })).peerings.some((p: any) => p.id === peering.id));
      }
      await expectApiError(h.c.sdk.showVpcPeering({ peering_id: peering.id }), 404, 'PeeringNotFound');
      assert.deepEqual((await h.c.sdk.listVpcPeerings({ id: peering.id })).peerings, []);
      await expectApiError(h.c.sdk.updateVpcPeering({ peering_id: peering.id, body: { peering: { name: 'x' } } }), 404, 'PeeringNotFound');
      await expectApiError(h.c.sdk.deleteVpcPeering({ peering_id: peering.id }), 404, 'PeeringNotFound');
      await expectApiError(h.c.sdk.acceptVpcPeering({ peering_id: peering.id }), 404, 'PeeringNotFound');
      await expectApiError(h.c.sdk.rejectVpcPeering({ peering_id: peering.id }), 404, 'PeeringNotFound');
    });

    test(`[${mode}] rule 5: accept/reject only from PENDING_ACCEPTANCE (409 otherwise)`, async () => {
      const { peering, acc } = await activePeering(mode);
      await expectApiError(acc.sdk.acceptVpcPeering({ peering_id: peering.id }), 409, 'PeeringStateConflict');
      await expectApiError(acc.sdk.rejectVpcPeering({ peering_id: peering.id }), 409, 'PeeringStateConflict');
      assert.equal((await acc.sdk.showVpcPeering({ peering_id: peering.id })).peering.status, 'ACTIVE');
    });

    test(`[${mode}] rule 12: either side renames, in every state it can reach`, async () => {
      const states = mode === 'same-project' ? ['ACTIVE'] : ['PENDING_ACCEPTANCE', 'ACTIVE', 'REJECTED', 'EXPIRED'];
      for (const state of states) {
        const p = await peered(mode);
        if (state === 'ACTIVE' && !p.same) await p.acc.sdk.acceptVpcPeering({ peering_id: p.peering.id });
        if (state === 'REJECTED') await p.acc.sdk.rejectVpcPeering({ peering_id: p.peering.id });
        if (state === 'EXPIRED') h.clock.advance(7 * DAY + 1000);
        assert.equal((await p.req.sdk.showVpcPeering({ peering_id: p.peering.id })).peering.status, state);
        for (const who of [p.req, p.acc]) {
          const name = h.name(`by-${who.label}`);
          const res = await who.sdk.updateVpcPeering({ peering_id: p.peering.id, body: { peering: { name, description: `d ${name}` } } });
          assert.equal(res.peering.name, name);
          assert.equal(res.peering.status, state, 'renaming does not change the status');
          const other = who === p.req ? p.acc : p.req;
          assert.equal((await other.sdk.showVpcPeering({ peering_id: p.peering.id })).peering.name, name);
        }
      }
    });

    test(`[${mode}] rule 13: either side deletes, in every state it can reach`, async () => {
      const states = mode === 'same-project' ? ['ACTIVE'] : ['PENDING_ACCEPTANCE', 'ACTIVE', 'REJECTED', 'EXPIRED'];
      for (const state of states) {
        for (const side of ['requester', 'accepter'] as const) {
          const p = await peered(mode);
          if (state === 'ACTIVE' && !p.same) await p.acc.sdk.acceptVpcPeering({ peering_id: p.peering.id });
          if (state === 'REJECTED') await p.acc.sdk.rejectVpcPeering({ peering_id: p.peering.id });
          if (state === 'EXPIRED') h.clock.advance(7 * DAY + 1000);
          assert.equal((await p.req.sdk.showVpcPeering({ peering_id: p.peering.id })).peering.status, state);
          const who = side === 'requester' ? p.req : p.acc;
          assert.equal((await who.sdk.deleteVpcPeering({ peering_id: p.peering.id })).httpStatusCode, 204);
          await expectApiError(p.req.sdk.showVpcPeering({ peering_id: p.peering.id }), 404, 'PeeringNotFound');
          await expectApiError(p.acc.sdk.showVpcPeering({ peering_id: p.peering.id }), 404, 'PeeringNotFound');
          // The pair is free again and both VPCs can be deleted.
          await p.req.sdk.deleteVpc({ vpc_id: p.reqVpc.id });
          await p.acc.sdk.deleteVpc({ vpc_id: p.accVpc.id });
        }
      }
    });

    test(`[${mode}] rule 13: deleting a peering removes its routes from BOTH VPCs`, async () => {
      const p = await activePeering(mode, ['10.201.0.0/16', '10.202.0.0/16']);
      const r1 = await h.route(p.req, p.reqVpc.id, p.peering.id, '10.202.0.0/16');
      const r2 = await h.route(p.acc, p.accVpc.id, p.peering.id, '10.201.0.0/16');
      const peeringRows = async (who: typeof p.req, vpcId: string) =>
        (await h.defaultTable(who, vpcId)).routes.filter((r: any) => r.type === 'peering');
      assert.equal((await peeringRows(p.req, p.reqVpc.id)).length, 1);
      assert.equal((await peeringRows(p.acc, p.accVpc.id)).length, 1);
      // Deleted by the side that did not add the first route.
      await p.acc.sdk.deleteVpcPeering({ peering_id: p.peering.id });
      await expectApiError(p.req.sdk.showVpcRoute({ route_id: r1.id }), 404, 'RouteNotFound');
      await expectApiError(p.acc.sdk.showVpcRoute({ route_id: r2.id }), 404, 'RouteNotFound');
      assert.deepEqual((await p.req.sdk.listVpcRoutes({ vpc_id: p.reqVpc.id })).routes, []);
      assert.deepEqual((await p.acc.sdk.listVpcRoutes({ vpc_id: p.accVpc.id })).routes, []);
      assert.deepEqual(await peeringRows(p.req, p.reqVpc.id), []);
      assert.deepEqual(await peeringRows(p.acc, p.accVpc.id), []);
      // Nothing hangs off the VPCs any more.
      await p.req.sdk.deleteVpc({ vpc_id: p.reqVpc.id });
      await p.acc.sdk.deleteVpc({ vpc_id: p.accVpc.id });
    });

    test(`[${mode}] rule 7: one peering per unordered VPC pair (A→B blocks A→B and B→A)`, async () => {
      const p = await peered(mode);
      await expectApiError(h.peering(p.req, p.reqVpc.id, p.accVpc.id, p.acceptTenant), 409, 'PeeringExists');
      const reverseTenant = p.same ? undefined : p.req.projectId;
      await expectApiError(h.peering(p.acc, p.accVpc.id, p.reqVpc.id, reverseTenant), 409, 'PeeringExists');
      // After deletion the pair is free, in either direction.
      await p.req.sdk.deleteVpcPeering({ peering_id: p.peering.id });
      const again = await h.peering(p.acc, p.accVpc.id, p.reqVpc.id, reverseTenant);
      assert.equal(again.status, p.same ? 'ACTIVE' : 'PENDING_ACCEPTANCE');
    });

    test(`[${mode}] rule 15: overlapping VPC CIDRs may still peer`, async () => {
      const { peering } = await peered(mode, ['192.168.0.0/16', '192.168.0.0/16']);
      assert.equal(peering.status, mode === 'same-project' ? 'ACTIVE' : 'PENDING_ACCEPTANCE');
      const p2 = await peered(mode, ['192.168.20.0/24', '192.168.0.0/16']);
      assert.ok(p2.peering.id);
    });

    test(`[${mode}] rule 8: same region only`, async () => {
      const local = mode === 'same-project' ? h.a : h.b;
      const localVpc = await h.vpc(local);
      const nlVpc = await h.vpc(h.aNl);
      await expectApiError(h.peering(local, localVpc.id, nlVpc.id, h.aNl.projectId), 400, 'InvalidInput');
      await expectApiError(h.peering(h.aNl, nlVpc.id, localVpc.id, local.projectId), 400, 'InvalidInput');
      assert.deepEqual((await local.sdk.listVpcPeerings({ vpc_id: localVpc.id })).peerings, []);
      assert.deepEqual((await h.aNl.sdk.listVpcPeerings({ vpc_id: nlVpc.id })).peerings, []);
    });

    test(`[${mode}] rule 3: peer VPC and project must exist ("Accept VPC id or tenant id is incorrect")`, async () => {
      const { req, reqVpc, accVpc, acceptTenant, acc } = await pairFor(h, mode);
      const msg = 'Invalid input for operation: Accept VPC id or tenant id is incorrect.';
      const missingVpc = '00000000-0000-4000-8000-000000000000';
      let err = await expectApiError(h.peering(req, reqVpc.id, missingVpc, acceptTenant), 400, 'InvalidInput');
      assert.equal(err.errorMsg, msg);
      // The right VPC with a project that does not own it, or that does not exist.
      err = await expectApiError(h.peering(req, reqVpc.id, accVpc.id, h.c.projectId), 400, 'InvalidInput');
      assert.equal(err.errorMsg, msg);
      err = await expectApiError(h.peering(req, reqVpc.id, accVpc.id, 'ffffffffffffffffffffffffffffffff'), 400, 'InvalidInput');
      assert.equal(err.errorMsg, msg);
      if (mode === 'cross-account') {
        // Across accounts tenant_id is mandatory: without it the peer VPC is looked up locally.
        err = await expectApiError(h.peering(req, reqVpc.id, accVpc.id, undefined), 400, 'InvalidInput');
        assert.equal(err.errorMsg, msg);
      }
      assert.deepEqual((await acc.sdk.listVpcPeerings({ vpc_id: accVpc.id })).peerings, []);
    });

    test(`[${mode}] rule 4: VPC ids must be UUIDs ("... is not a valid UUID.")`, async () => {
      const { req, reqVpc, acceptTenant } = await pairFor(h, mode);
      let err = await expectApiError(h.peering(req, reqVpc.id, 'kunde1-VPC', acceptTenant), 400, 'InvalidInput');
      assert.equal(err.errorMsg, "Invalid input for accept_vpc_info. Reason: 'kunde1-VPC' is not a valid UUID.");
      err = await expectApiError(h.peering(req, 'not-a-uuid', reqVpc.id, acceptTenant), 400, 'InvalidInput');
      assert.equal(err.errorMsg, "Invalid input for request_vpc_info. Reason: 'not-a-uuid' is not a valid UUID.");
    });

    test(`[${mode}] no peering of a VPC with itself`, async () => {
      const vpc = await h.vpc(h.a);
      await expectApiError(h.peering(h.a, vpc.id, vpc.id, mode === 'cross-account' ? h.a.projectId : undefined), 400, 'InvalidInput');
      assert.deepEqual((await h.a.sdk.listVpcPeerings({ vpc_id: vpc.id })).peerings, []);
    });

    test(`[${mode}] the request VPC must be the caller's`, async () => {
      const other = mode === 'same-project' ? h.a : h.b;
      const foreign = await h.vpc(h.c);
      const peer = await h.vpc(other);
      await expectApiError(h.peering(h.a, foreign.id, peer.id, mode === 'cross-account' ? h.b.projectId : undefined), 400, 'InvalidInput');
    });
  }

  // Rules that only exist across accounts.
  test('[cross-account] rule 5: only the accepter accepts or rejects; the requester gets 403', async () => {
    const { peering, req, acc } = await peered('cross-account');
    await expectApiError(req.sdk.acceptVpcPeering({ peering_id: peering.id }), 403, 'PeeringActionForbidden');
    await expectApiError(req.sdk.rejectVpcPeering({ peering_id: peering.id }), 403, 'PeeringActionForbidden');
    assert.equal((await acc.sdk.showVpcPeering({ peering_id: peering.id })).peering.status, 'PENDING_ACCEPTANCE');
    assert.equal((await acc.sdk.acceptVpcPeering({ peering_id: peering.id })).status, 'ACTIVE');
  });

  test('[cross-account] rule 5: a REJECTED request can be neither accepted nor rejected again', async () => {
    const { peering, acc } = await peered('cross-account');
    await acc.sdk.rejectVpcPeering({ peering_id: peering.id });
    await expectApiError(acc.sdk.acceptVpcPeering({ peering_id: peering.id }), 409, 'PeeringStateConflict');
    await expectApiError(acc.sdk.rejectVpcPeering({ peering_id: peering.id }), 409, 'PeeringStateConflict');
    assert.equal((await acc.sdk.showVpcPeering({ peering_id: peering.id })).peering.status, 'REJECTED');
  });

  test('[cross-account] rule 9: a pending request expires after 7 days: EXPIRED on show and list, cannot be accepted', async () => {
    const { peering, req, acc, reqVpc } = await peered('cross-account');
    h.clock.advance(7 * DAY - 60_000);
    assert.equal((await acc.sdk.showVpcPeering({ peering_id: peering.id })).peering.status, 'PENDING_ACCEPTANCE', 'not yet');
    h.clock.advance(61_000);
    for (const who of [req, acc]) {
      assert.equal((await who.sdk.showVpcPeering({ peering_id: peering.id })).peering.status, 'EXPIRED');
      const listed = (await who.sdk.listVpcPeerings({ vpc_id: reqVpc.id })).peerings;
      assert.deepEqual(listed.map((p: any) => [p.id, p.status]), [[peering.id, 'EXPIRED']]);
    }
    assert.deepEqual((await acc.sdk.listVpcPeerings({ id: peering.id, status: 'EXPIRED' })).peerings.map((p: any) => p.id), [peering.id]);
    assert.deepEqual((await acc.sdk.listVpcPeerings({ id: peering.id, status: 'PENDING_ACCEPTANCE' })).peerings, []);
    await expectApiError(acc.sdk.acceptVpcPeering({ peering_id: peering.id }), 409, 'PeeringStateConflict');
    await expectApiError(acc.sdk.rejectVpcPeering({ peering_id: peering.id }), 409, 'PeeringStateConflict');
    assert.equal((await acc.sdk.showVpcPeering({ peering_id: peering.id })).peering.status, 'EXPIRED');
  });

  test('[cross-account] rule 9: expiry is read lazily even straight after the deadline (accept at +7d+1ms fails)', async () => {
    const { peering, acc } = await peered('cross-account');
    h.clock.advance(7 * DAY + 1);
    await expectApiError(acc.sdk.acceptVpcPeering({ peering_id: peering.id }), 409, 'PeeringStateConflict');
  });

  test('[same-project] rule 9: an ACTIVE peering never expires', async () => {
    const { peering } = await peered('same-project');
    h.clock.advance(30 * DAY);
    assert.equal((await h.a.sdk.showVpcPeering({ peering_id: peering.id })).peering.status, 'ACTIVE');
  });

  test('[cross-account] rules 6/7: REJECTED and EXPIRED peerings still hold the pair until deleted', async () => {
    for (const end of ['REJECTED', 'EXPIRED'] as const) {
      const p = await peered('cross-account');
      if (end === 'REJECTED') await p.acc.sdk.rejectVpcPeering({ peering_id: p.peering.id });
      else h.clock.advance(7 * DAY + 1000);
      assert.equal((await p.req.sdk.showVpcPeering({ peering_id: p.peering.id })).peering.status, end);
      await expectApiError(h.peering(p.req, p.reqVpc.id, p.accVpc.id, p.acc.projectId), 409, 'PeeringExists');
      await expectApiError(h.peering(p.acc, p.accVpc.id, p.reqVpc.id, p.req.projectId), 409, 'PeeringExists');
      await p.req.sdk.deleteVpcPeering({ peering_id: p.peering.id });
      const again = await h.peering(p.req, p.reqVpc.id, p.accVpc.id, p.acc.projectId);
      assert.equal(again.status, 'PENDING_ACCEPTANCE');
    }
  });

  test('[cross-account] accepting makes both VPCs undeletable (VPC.0120) until the peering is deleted', async () => {
    const p = await peered('cross-account');
    await expectApiError(p.req.sdk.deleteVpc({ vpc_id: p.reqVpc.id }), 409, 'VPC.0120');
    await expectApiError(p.acc.sdk.deleteVpc({ vpc_id: p.accVpc.id }), 409, 'VPC.0120');
    await p.acc.sdk.acceptVpcPeering({ peering_id: p.peering.id });
    await expectApiError(p.acc.sdk.deleteVpc({ vpc_id: p.accVpc.id }), 409, 'VPC.0120');
    await p.req.sdk.deleteVpcPeering({ peering_id: p.peering.id });
    assert.equal((await p.acc.sdk.deleteVpc({ vpc_id: p.accVpc.id })).httpStatusCode, 204);
  });
});

describe('expiry at scale', () => {
  test('rule 9: more than 1,000 requests due at once are all EXPIRED on the next list', async () => {
    const h2 = await Harness.start({ quotas: { vpc: -1, vpcPeer: -1 } });
    try {
      const as: any[] = [];
      const bs: any[] = [];
      for (let i = 0; i < 33; i++) {
        as.push(await h2.vpc(h2.a, `10.${i}.0.0/16`));
        bs.push(await h2.vpc(h2.b, `172.16.${i}.0/24`));
      }
      // Seed 1,050 pending requests A→B in one transaction (1,050 SDK round trips would be slow).
      const now = h2.clock.now();
      const iso = now.toISOString();
      const expires = new Date(now.getTime() + 7 * DAY).toISOString();
      await h2.server.store.write(async (tx) => {
        let n = 0;
        for (const a of as) {
          for (const b of bs) {
            if (n++ >= 1050) return;
            await tx.peerings.insert({
              id: randomUUID(), name: `bulk-${n}`, description: '', status: 'PENDING_ACCEPTANCE',
              requestVpcId: a.id, requestProjectId: h2.a.projectId, acceptVpcId: b.id, acceptProjectId: h2.b.projectId,
              createdAt: iso, updatedAt: iso, expiresAt: expires,
            });
          }
        }
      });
      assert.equal((await h2.b.sdk.listVpcPeerings({ status: 'PENDING_ACCEPTANCE' })).peerings.length, 1050);
      h2.clock.advance(7 * DAY + 1000);
      assert.equal((await h2.b.sdk.listVpcPeerings({ status: 'PENDING_ACCEPTANCE' })).peerings.length, 0, 'none still pending');
      const all = (await h2.a.sdk.listVpcPeerings({})).peerings;
      assert.equal(all.length, 1050);
      assert.equal(all.filter((p: any) => p.status !== 'EXPIRED').length, 0);
    } finally {
      await h2.close();
    }
  });
});

describe('configurable expiry', () => {
  test('peeringExpiry from the config (1h) decides when a request turns EXPIRED', async () => {
    const h2 = await Harness.start({ peeringExpiry: '1h' });
    try {
      const a = await h2.vpc(h2.a);
      const b = await h2.vpc(h2.b);
      const p = await h2.peering(h2.a, a.id, b.id, h2.b.projectId);
      h2.clock.advance(59 * 60_000);
      assert.equal((await h2.b.sdk.showVpcPeering({ peering_id: p.id })).peering.status, 'PENDING_ACCEPTANCE');
      h2.clock.advance(60_001);
      assert.equal((await h2.b.sdk.showVpcPeering({ peering_id: p.id })).peering.status, 'EXPIRED');
      assert.deepEqual((await h2.a.sdk.listVpcPeerings({})).peerings.map((x: any) => x.status), ['EXPIRED']);
      await expectApiError(h2.b.sdk.acceptVpcPeering({ peering_id: p.id }), 409, 'PeeringStateConflict');
    } finally {
      await h2.close();
    }
  });
});
