/**
 * Bad input through the raw signed client (what the SDK cannot send): malformed JSON,
 * wrong types, unknown enum values, invalid UUIDs and CIDRs, oversize bodies, bad
 * pagination. Each answers a 4xx with error_code and error_msg, and changes nothing.
 * Then concurrency: many simultaneous accept/reject/delete calls on one pending peering.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Harness, assertRawError, is4xx, type Party, type RawOptions } from './harness.js';

let h: Harness;
let vpcA: any;
let vpcB: any;
let peering: any;
let route: any;

before(async () => {
  h = await Harness.start({ quotas: { vpc: -1, vpcPeer: -1 } });
  vpcA = await h.vpc(h.a, '10.1.0.0/16');
  await h.subnet(h.a, vpcA.id, '10.1.1.0/24');
  vpcB = await h.vpc(h.b, '10.2.0.0/16');
  peering = await h.peering(h.a, vpcA.id, vpcB.id, h.b.projectId);
  await h.b.sdk.acceptVpcPeering({ peering_id: peering.id });
  route = await h.route(h.a, vpcA.id, peering.id, '10.2.0.0/16');
});
after(async () => { await h.close(); });

/** Everything A and B can list, to prove a refused request changed nothing. */
async function world(): Promise<string> {
  const parts = [];
  for (const who of [h.a, h.b]) {
    parts.push((await who.sdk.listVpcs({})).vpcs);
    parts.push((await who.sdk.listSubnets({})).subnets);
    parts.push((await who.sdk.listRouteTables({})).routetables);
    parts.push((await who.sdk.listVpcPeerings({})).peerings);
    parts.push((await who.sdk.listVpcRoutes({})).routes);
    parts.push((await who.sdk.listPorts({})).ports);
  }
  return JSON.stringify(parts);
}

async function refused(who: Party, method: string, path: string, opts: RawOptions, status: number | ((s: number) => boolean) = is4xx, code?: string) {
  const res = await h.raw(who, method, path, opts);
  assertRawError(res, status, code);
  return res;
}

const v1 = () => `/v1/${h.a.projectId}`;

describe('bad input: 4xx with error_code/error_msg, nothing changed', () => {
  test('malformed JSON on every kind of write', async () => {
    const before = await world();
    for (const body of ['{', '{"vpc":', 'not json', '{"vpc":{"name":"x",}}', '\u0000', '{"vpc":{}}}']) {
      await refused(h.a, 'POST', `${v1()}/vpcs`, { body }, 400, 'VPC.0101');
      await refused(h.a, 'POST', '/v2.0/vpc/peerings', { body }, 400, 'InvalidInput');
      await refused(h.a, 'POST', '/v2.0/vpc/routes', { body }, 400, 'InvalidInput');
      await refused(h.a, 'PUT', `/v2.0/vpc/peerings/${peering.id}`, { body }, 400, 'InvalidInput');
      await refused(h.a, 'POST', `${v1()}/subnets`, { body }, 400, 'VPC.0201');
      await refused(h.a, 'PUT', `${v1()}/vpcs/${vpcA.id}`, { body }, 400, 'VPC.0101');
    }
    // The v1 error also carries the native {code, message}; the v2.0 one a NeutronError.
    const v1res = await refused(h.a, 'POST', `${v1()}/vpcs`, { body: '{' }, 400);
    assert.equal(v1res.json.code, 'VPC.0101');
    assert.equal(typeof v1res.json.message, 'string');
    const v2res = await refused(h.a, 'POST', '/v2.0/vpc/peerings', { body: '{' }, 400);
    assert.equal(v2res.json.NeutronError.type, 'InvalidInput');
    assert.equal(await world(), before);
  });

  test('wrong types are refused, not coerced', async () => {
    const before = await world();
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', `${v1()}/vpcs`, { vpc: { name: 123 } }, 'VPC.0101'],
      ['POST', `${v1()}/vpcs`, { vpc: { name: true, cidr: '10.5.0.0/16' } }, 'VPC.0101'],
      ['POST', `${v1()}/vpcs`, { vpc: { cidr: 10 } }, 'VPC.0101'],
      ['POST', `${v1()}/vpcs`, { vpc: 'x' }, 'VPC.0101'],
      ['POST', `${v1()}/vpcs`, [], 'VPC.0101'],
      ['POST', `${v1()}/vpcs`, 'null', 'VPC.0101'],
      ['PUT', `${v1()}/vpcs/${vpcA.id}`, { vpc: { name: ['a'] } }, 'VPC.0101'],
      ['PUT', `${v1()}/vpcs/${vpcA.id}`, { vpc: { enable_shared_snat: 'yes' } }, 'VPC.0101'],
      ['POST', `${v1()}/subnets`, { subnet: { name: 's', cidr: '10.1.2.0/24', gateway_ip: '10.1.2.1', vpc_id: vpcA.id, dhcp_enable: 'true' } }, 'VPC.0201'],
      ['POST', `${v1()}/subnets`, { subnet: { name: 's', cidr: 167838208, gateway_ip: '10.1.2.1', vpc_id: vpcA.id } }, 'VPC.0201'],
      ['POST', '/v2.0/vpc/peerings', { peering: { name: 7, request_vpc_info: { vpc_id: vpcA.id }, accept_vpc_info: { vpc_id: vpcB.id, tenant_id: h.b.projectId } } }, 'InvalidInput'],
      ['POST', '/v2.0/vpc/peerings', { peering: { name: 'p', request_vpc_info: vpcA.id, accept_vpc_info: { vpc_id: vpcB.id } } }, 'InvalidInput'],
      ['PUT', `/v2.0/vpc/peerings/${peering.id}`, { peering: { name: null } }, 'InvalidInput'],
      ['PUT', `/v2.0/vpc/peerings/${peering.id}`, { peering: 'renamed' }, 'InvalidInput'],
      ['POST', '/v2.0/vpc/routes', { route: { destination: '10.9.0.0/16', nexthop: peering.id, type: 'peering', vpc_id: 42 } }, 'InvalidInput'],
      ['POST', '/v2.0/vpc/routes', { route: { destination: ['10.9.0.0/16'], nexthop: peering.id, type: 'peering', vpc_id: vpcA.id } }, 'InvalidInput'],
      ['POST', `${v1()}/routetables`, { routetable: { vpc_id: vpcA.id, routes: { type: 'ecs' } } }, 'VPC.2801'],
    ];
    for (const [method, path, body, code] of cases) {
      await refused(h.a, method, path, { body: typeof body === 'string' ? body : body as object }, 400, code);
    }
    assert.equal(await world(), before);
  });

  test('missing required fields', async () => {
    const before = await world();
    await refused(h.a, 'POST', `${v1()}/vpcs`, { body: {} }, 400, 'VPC.0101');
    await refused(h.a, 'POST', `${v1()}/subnets`, { body: { subnet: { name: 's', cidr: '10.1.2.0/24', vpc_id: vpcA.id } } }, 400, 'VPC.0201');
    await refused(h.a, 'POST', '/v2.0/vpc/peerings', { body: { peering: { request_vpc_info: { vpc_id: vpcA.id }, accept_vpc_info: { vpc_id: vpcB.id } } } }, 400, 'InvalidInput');
    await refused(h.a, 'POST', '/v2.0/vpc/peerings', { body: { peering: { name: 'x', request_vpc_info: { vpc_id: vpcA.id } } } }, 400, 'InvalidInput');
    await refused(h.a, 'POST', '/v2.0/vpc/routes', { body: { route: { destination: '10.9.0.0/16', type: 'peering', vpc_id: vpcA.id } } }, 400, 'InvalidInput');
    await refused(h.a, 'POST', '/v2.0/vpc/peerings', { body: '' }, 400, 'InvalidInput');
    assert.equal(await world(), before);
  });

  test('unknown enum values', async () => {
    const before = await world();
    await refused(h.a, 'GET', '/v2.0/vpc/peerings?status=BOGUS', {}, 400, 'InvalidInput');
    await refused(h.a, 'GET', '/v2.0/vpc/peerings?status=active', {}, 400, 'InvalidInput');
    await refused(h.a, 'GET', '/v2.0/vpc/routes?type=ecs', {}, 400, 'InvalidInput');
    await refused(h.a, 'POST', '/v2.0/vpc/routes', { body: { route: { destination: '10.9.0.0/16', nexthop: peering.id, type: 'vpn', vpc_id: vpcA.id } } }, 400, 'InvalidInput');
    await refused(h.a, 'GET', `${v1()}/quotas?type=nonsense`, {}, 400, 'VPC.1207');
    const table = await h.defaultTable(h.a, vpcA.id);
    await refused(h.a, 'PUT', `${v1()}/routetables/${table.id}`, { body: { routetable: { routes: { add: [{ type: 'teleport', destination: '10.9.0.0/16', nexthop: '10.1.1.9' }] } } } }, 400, 'VPC.2801');
    await refused(h.a, 'PUT', `${v1()}/routetables/${table.id}`, { body: { routetable: { routes: { add: [{ type: 'local', destination: '10.9.0.0/16', nexthop: '-' }] } } } }, 400, 'VPC.2801');
    await refused(h.a, 'POST', `${v1()}/publicips`, { body: { publicip: { type: '9_bgp' }, bandwidth: { share_type: 'PER', name: 'b', size: 1 } } }, 400, 'VPC.0501');
    await refused(h.a, 'POST', `${v1()}/publicips`, { body: { publicip: { type: '5_bgp' }, bandwidth: { share_type: 'HALF', name: 'b', size: 1 } } }, 400, 'VPC.0501');
    assert.equal(await world(), before);
  });

  test('invalid UUIDs', async () => {
    const before = await world();
    await refused(h.a, 'GET', `${v1()}/vpcs/not-a-uuid`, {}, 400, 'VPC.0101');
    await refused(h.a, 'DELETE', `${v1()}/vpcs/not-a-uuid`, {}, 400, 'VPC.0101');
    await refused(h.a, 'GET', `${v1()}/subnets/1234`, {}, 400);
    await refused(h.a, 'GET', `${v1()}/routetables/xyz`, {}, 400);
    await refused(h.a, 'POST', `${v1()}/subnets`, { body: { subnet: { name: 's', cidr: '10.1.2.0/24', gateway_ip: '10.1.2.1', vpc_id: 'vpc-a' } } }, 400, 'VPC.0201');
    let res = await refused(h.a, 'POST', '/v2.0/vpc/peerings', { body: { peering: { name: 'p', request_vpc_info: { vpc_id: vpcA.id }, accept_vpc_info: { vpc_id: 'kunde1-VPC', tenant_id: h.b.projectId } } } }, 400, 'InvalidInput');
    assert.equal(res.json.NeutronError.message, "Invalid input for accept_vpc_info. Reason: 'kunde1-VPC' is not a valid UUID.");
    res = await refused(h.a, 'POST', '/v2.0/vpc/routes', { body: { route: { destination: '10.9.0.0/16', nexthop: 'peer', type: 'peering', vpc_id: vpcA.id } } }, 400, 'InvalidInput');
    // Ids that name nothing: 404 with the family's code.
    await refused(h.a, 'GET', '/v2.0/vpc/peerings/not-a-uuid', {}, 404, 'PeeringNotFound');
    await refused(h.a, 'PUT', '/v2.0/vpc/peerings/not-a-uuid/accept', {}, 404, 'PeeringNotFound');
    await refused(h.a, 'DELETE', '/v2.0/vpc/routes/not-a-uuid', {}, 404, 'RouteNotFound');
    assert.equal(await world(), before);
  });

  test('invalid CIDRs', async () => {
    const before = await world();
    for (const cidr of ['10.0.0.0/33', '10.0.0', '1.2.3.4.5/8', '10.0.0.0/-1', 'fe80::/64', ' 10.0.0.0/16', '10.00.0.0/16']) {
      await refused(h.a, 'POST', `${v1()}/vpcs`, { body: { vpc: { cidr } } }, 400, 'VPC.0101');
      await refused(h.a, 'POST', '/v2.0/vpc/routes', { body: { route: { destination: cidr, nexthop: peering.id, type: 'peering', vpc_id: vpcA.id } } }, 400, 'InvalidInput');
      await refused(h.a, 'POST', `${v1()}/subnets`, { body: { subnet: { name: 's', cidr, gateway_ip: '10.1.2.1', vpc_id: vpcA.id } } }, 400);
    }
    assert.equal(await world(), before);
  });

  test('a body over 1 MiB: 413 with error_code; 1 MiB of whitespace-padded JSON under the limit is parsed', async () => {
    const before = await world();
    const big = JSON.stringify({ vpc: { name: 'big', description: 'x'.repeat(1024 * 1024) } });
    await refused(h.a, 'POST', `${v1()}/vpcs`, { body: big }, 413);
    await refused(h.a, 'POST', '/v2.0/vpc/peerings', { body: big }, 413);
    await refused(h.a, 'PUT', `/v2.0/vpc/peerings/${peering.id}`, { body: big }, 413);
    assert.equal(await world(), before);
    // Just under the limit: accepted as JSON (then refused only for the 255-character description).
    const json = JSON.stringify({ vpc: { name: 'pad', description: 'x'.repeat(300) } });
    const padded = json + ' '.repeat(1024 * 1024 - json.length);
    assert.equal(Buffer.byteLength(padded), 1024 * 1024);
    await refused(h.a, 'POST', `${v1()}/vpcs`, { body: padded }, 400, 'VPC.0101');
  });

  test('bad pagination: limit -1, 2001, abc, 1.5; unknown marker; bad page_reverse', async () => {
    const before = await world();
    const lists: Array<[string, string]> = [
      ['/v2.0/vpc/peerings', 'InvalidInput'], ['/v2.0/vpc/routes', 'InvalidInput'], [`${v1()}/vpcs`, 'VPC.0101'],
      [`${v1()}/subnets`, 'VPC.0201'], [`${v1()}/routetables`, 'VPC.2801'], [`${v1()}/ports`, 'VPC.0702'], [`${v1()}/publicips`, 'VPC.0501'],
    ];
    for (const [path, code] of lists) {
      for (const q of ['limit=-1', 'limit=2001', 'limit=abc', 'limit=1.5', 'marker=00000000-0000-4000-8000-000000000000', 'marker=garbage']) {
        await refused(h.a, 'GET', `${path}?${q}`, {}, 400, code);
      }
    }
    await refused(h.a, 'GET', '/v2.0/vpc/peerings?page_reverse=maybe', {}, 400, 'InvalidInput');
    // A marker naming another project's object is unknown too.
    await refused(h.b, 'GET', `/v1/${h.b.projectId}/vpcs?marker=${vpcA.id}`, {}, 400, 'VPC.0101');
    await refused(h.b, 'GET', `/v2.0/vpc/routes?marker=${route.id}`, {}, 400, 'InvalidInput');
    // Bounds that are fine: 0 (= all) and 2000.
    assert.equal((await h.raw(h.a, 'GET', '/v2.0/vpc/peerings?limit=0')).status, 200);
    assert.equal((await h.raw(h.a, 'GET', '/v2.0/vpc/peerings?limit=2000')).status, 200);
    assert.equal(await world(), before);
  });

  test('unknown paths and methods answer a JSON error with error_code', async () => {
    await refused(h.a, 'GET', '/v2.0/vpc/nothing-here', {}, 404);
    await refused(h.a, 'PATCH', `/v2.0/vpc/peerings/${peering.id}`, {}, (s) => s === 404 || s === 405);
  });

  test('an empty segment in the path (/v1//vpcs, /v2.0/vpc/peerings/) is an unknown path: the gateway\'s 404, before authentication', async () => {
    const login = await h.login(h.a);
    assert.equal(login.status, 201, login.text);
    const token = login.headers.get('x-subject-token')!;
    const before = await world();
    const calls: Array<[string, string, object?]> = [
      ['GET', '/v1//vpcs'],
      ['POST', '/v1//vpcs', { vpc: { name: 'nowhere', cidr: '10.90.0.0/16' } }],
      ['GET', `/v1//vpcs/${vpcA.id}`],
      ['DELETE', `/v1//vpcs/${vpcA.id}`],
      ['GET', '/v1//routetables'],
      ['GET', '/v1//quotas'],
      ['GET', '/isthmus/v1//events'],
      // An empty id is no id: not Show with id "", nor Delete/Update of nothing.
      ['GET', '/v2.0/vpc/peerings/'],
      ['PUT', '/v2.0/vpc/peerings/', { peering: { name: 'nothing' } }],
      ['DELETE', '/v2.0/vpc/peerings/'],
      ['PUT', '/v2.0/vpc/peerings//accept'],
      ['GET', '/v2.0/vpc/routes/'],
      ['GET', `/v1/${h.a.projectId}/vpcs/`],
      ['GET', `/v1/${h.a.projectId}/subnets/`],
      ['GET', `/v1/${h.a.projectId}/routetables/`],
    ];
    const auths: Array<[string, RawOptions]> = [
      ['AK/SK', {}],
      ['AK/SK without X-Project-Id', { noProjectHeader: true }],
      ['token', { unsigned: true, noProjectHeader: true, headers: { 'X-Auth-Token': token } }],
      ['no credentials', { unsigned: true, noProjectHeader: true }],
    ];
    for (const [method, path, body] of calls) {
      for (const [auth, opts] of auths) {
        const res = await h.raw(h.a, method, path, { ...opts, ...(body ? { body } : {}) });
        const what = `${auth} ${method} ${path}: ${res.text}`;
        assert.equal(res.status, 404, what);
        assert.equal(res.json?.message, 'API not found', what);
        assert.equal(res.json.error_code, 'APIGW.0101', what);
        assert.equal(res.json.error_msg, 'API not found', what);
        assert.equal(typeof res.json.request_id, 'string', what);
        assert.equal(res.json.request_id, res.headers.get('x-request-id'), what);
        assert.equal(res.json.code, undefined, `the gateway's shape, not v1's: ${what}`);
      }
    }
    assert.equal(await world(), before);
    // A project that is present but not the caller's is still an authorisation matter.
    await refused(h.a, 'GET', `/v1/${h.b.projectId}/vpcs`, { unsigned: true, noProjectHeader: true, headers: { 'X-Auth-Token': token } }, 400, 'VPC.0007');
  });
});

describe('concurrency: one pending peering, many simultaneous decisions', () => {
  async function pending() {
    const a = await h.vpc(h.a);
    const b = await h.vpc(h.b);
    const p = await h.peering(h.a, a.id, b.id, h.b.projectId);
    return p;
  }

  const settle = (calls: Array<() => Promise<unknown>>) => Promise.allSettled(calls.map((c) => c()));
  const winners = (results: PromiseSettledResult<unknown>[]) => results.filter((r) => r.status === 'fulfilled').length;
  function losersAre4xx(results: PromiseSettledResult<unknown>[], codes: string[]) {
    for (const r of results) {
      if (r.status === 'rejected') {
        const e = r.reason as any;
        assert.ok(is4xx(e.httpStatusCode), `4xx, got ${e.httpStatusCode} ${e.errorCode} ${e.errorMsg}`);
        assert.ok(codes.includes(e.errorCode), `loser code ${e.errorCode}`);
      }
    }
  }

  test('20 concurrent accepts: exactly one wins, 19 get 409, the peering is ACTIVE', async () => {
    const p = await pending();
    const results = await settle(Array.from({ length: 20 }, () => () => h.b.sdk.acceptVpcPeering({ peering_id: p.id })));
    assert.equal(winners(results), 1);
    losersAre4xx(results, ['PeeringStateConflict']);
    assert.equal((await h.a.sdk.showVpcPeering({ peering_id: p.id })).peering.status, 'ACTIVE');
  });

  test('10 accepts and 10 rejects at once: exactly one wins and the final state matches it', async () => {
    const p = await pending();
    const calls = Array.from({ length: 20 }, (_, i) => () => (i % 2 === 0
      ? h.b.sdk.acceptVpcPeering({ peering_id: p.id }) : h.b.sdk.rejectVpcPeering({ peering_id: p.id })));
    const results = await settle(calls);
    assert.equal(winners(results), 1);
    losersAre4xx(results, ['PeeringStateConflict']);
    const won = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<any>;
    const final = (await h.a.sdk.showVpcPeering({ peering_id: p.id })).peering.status;
    assert.equal(final, won.value.status);
    assert.ok(['ACTIVE', 'REJECTED'].includes(final));
  });

  test('20 concurrent deletes from both sides: exactly one wins, the rest 404, the peering is gone', async () => {
    const p = await pending();
    const results = await settle(Array.from({ length: 20 }, (_, i) => () => (i % 2 ? h.a : h.b).sdk.deleteVpcPeering({ peering_id: p.id })));
    assert.equal(winners(results), 1);
    losersAre4xx(results, ['PeeringNotFound']);
    await assert.rejects(h.a.sdk.showVpcPeering({ peering_id: p.id }), (e: any) => e.httpStatusCode === 404);
    assert.equal((await h.b.sdk.listVpcPeerings({ id: p.id })).peerings.length, 0);
  });

  test('10 concurrent creates of one pair, in both directions: exactly one wins, the rest 409 PeeringExists', async () => {
    const a = await h.vpc(h.a);
    const b = await h.vpc(h.b);
    const results = await settle(Array.from({ length: 10 }, (_, i) => () => (i % 2
      ? h.peering(h.a, a.id, b.id, h.b.projectId) : h.peering(h.b, b.id, a.id, h.a.projectId))));
    assert.equal(winners(results), 1);
    losersAre4xx(results, ['PeeringExists']);
    assert.equal((await h.a.sdk.listVpcPeerings({ vpc_id: a.id })).peerings.length, 1);
  });

  test('10 concurrent route creates with one destination: exactly one wins, the rest 409 RouteConflict', async () => {
    const results = await settle(Array.from({ length: 10 }, () => () => h.route(h.a, vpcA.id, peering.id, '172.30.0.0/16')));
    assert.equal(winners(results), 1);
    losersAre4xx(results, ['RouteConflict']);
    assert.equal((await h.a.sdk.listVpcRoutes({ vpc_id: vpcA.id, destination: '172.30.0.0/16' })).routes.length, 1);
  });

  test('accepts, rejects and deletes mixed: at most one decision and exactly one delete win; consistent end', async () => {
    const p = await pending();
    const kinds = Array.from({ length: 20 }, (_, i) => (['accept', 'reject', 'delete'] as const)[i % 3]!);
    const calls = kinds.map((k, i) => () => {
      if (k === 'accept') return h.b.sdk.acceptVpcPeering({ peering_id: p.id });
      if (k === 'reject') return h.b.sdk.rejectVpcPeering({ peering_id: p.id });
      return (i % 2 ? h.a : h.b).sdk.deleteVpcPeering({ peering_id: p.id });
    });
    const results = await settle(calls);
    const won = (k: string) => results.filter((r, i) => kinds[i] === k && r.status === 'fulfilled').length;
    assert.ok(won('accept') + won('reject') <= 1, 'at most one decision');
    assert.equal(won('delete'), 1, 'exactly one delete');
    losersAre4xx(results, ['PeeringStateConflict', 'PeeringNotFound']);
    await assert.rejects(h.b.sdk.showVpcPeering({ peering_id: p.id }), (e: any) => e.httpStatusCode === 404);
    // Quota accounting is consistent: the deleted peering counts for nobody.
    const used = async (who: Party) => (await who.sdk.showQuota({ type: 'vpcPeer' })).quotas.resources[0].used;
    const listedA = (await h.a.sdk.listVpcPeerings({})).peerings;
    assert.ok(!listedA.some((x: any) => x.id === p.id));
    assert.equal(await used(h.a), listedA.filter((x: any) => x.request_vpc_info.tenant_id === h.a.projectId
      || (x.status === 'ACTIVE' && x.accept_vpc_info.tenant_id === h.a.projectId)).length);
  });
});
