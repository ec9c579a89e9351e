/**
 * VPCs and subnets (v1) through the official SDK: operations of huawei-api.md §1.3/§1.4
 * and rules 22 and 24-30, and visibility between accounts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HUAWEI_TIME, Harness, UUID_RE, expectApiError } from './harness.js';

let h: Harness;
before(async () => { h = await Harness.start({ quotas: { vpc: -1 } }); });
after(async () => { await h.close(); });

describe('VPC operations (§1.3)', () => {
  test('create answers 200 with status CREATING (no enable_shared_snat); show then answers OK', async () => {
    const res = await h.a.sdk.createVpc({ body: { vpc: { name: 'vpc-ops', description: 'd', cidr: '192.168.0.0/16' } } });
    assert.equal(res.httpStatusCode, 200);
    const v = res.vpc;
    assert.match(v.id, UUID_RE);
    assert.equal(v.status, 'CREATING');
    assert.equal(v.name, 'vpc-ops');
    assert.equal(v.description, 'd');
    assert.equal(v.cidr, '192.168.0.0/16');
    assert.equal(v.tenant_id, h.a.projectId);
    assert.equal(v.enterprise_project_id, '0');
    assert.deepEqual(v.routes, []);
    assert.match(v.created_at, HUAWEI_TIME);
    assert.match(v.updated_at, HUAWEI_TIME);
    assert.equal('enable_shared_snat' in v, false);
    const shown = await h.a.sdk.showVpc({ vpc_id: v.id });
    assert.equal(shown.httpStatusCode, 200);
    assert.equal(shown.vpc.status, 'OK');
    assert.equal(shown.vpc.enable_shared_snat, false);
    assert.deepEqual({ ...shown.vpc, status: 'CREATING', enable_shared_snat: undefined }, { ...v, enable_shared_snat: undefined });
  });

  test('create without name or cidr is allowed (both optional)', async () => {
    const v = (await h.a.sdk.createVpc({ body: { vpc: {} } })).vpc;
    assert.equal(v.name, '');
    assert.equal(v.cidr, '');
  });

  test('list: 200 {vpcs}, ascending id order, limit/marker pages, id filter', async () => {
    const list0 = (await h.c.sdk.listVpcs({})).vpcs;
    assert.deepEqual(list0, []);
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await h.c.sdk.createVpc({ body: { vpc: { name: `c-${i}`, cidr: `10.${i}.0.0/16` } } })).vpc.id);
    const all = await h.c.sdk.listVpcs({});
    assert.equal(all.httpStatusCode, 200);
    const ids = all.vpcs.map((v: any) => v.id);
    assert.deepEqual(ids, [...made].sort());
    for (const v of all.vpcs) assert.equal(v.status, 'OK');
    const p1 = (await h.c.sdk.listVpcs({ limit: 2 })).vpcs.map((v: any) => v.id);
    const p2 = (await h.c.sdk.listVpcs({ limit: 2, marker: p1[1] })).vpcs.map((v: any) => v.id);
    const p3 = (await h.c.sdk.listVpcs({ limit: 2, marker: p2[1] })).vpcs.map((v: any) => v.id);
    assert.deepEqual([...p1, ...p2, ...p3], ids);
    assert.equal(p3.length, 1);
    assert.deepEqual((await h.c.sdk.listVpcs({ id: made[3] })).vpcs.map((v: any) => v.id), [made[3]]);
  });

  test('list: enterprise_project_id filter', async () => {
    const eps = '6a4a4a3c-0b0e-4e3d-9c55-3b5e0c6a1f2d';
    const inEps = (await h.b.sdk.createVpc({ body: { vpc: { name: 'eps-1', cidr: '10.61.0.0/16', enterprise_project_id: eps } } })).vpc.id;
    const inDefault = (await h.b.sdk.createVpc({ body: { vpc: { name: 'eps-0', cidr: '10.62.0.0/16' } } })).vpc.id;
    const listed = async (q: object) => (await h.b.sdk.listVpcs(q)).vpcs.map((v: any) => v.id);
    assert.deepEqual(await listed({ enterprise_project_id: eps }), [inEps]);
    assert.ok((await listed({ enterprise_project_id: '0' })).includes(inDefault));
    assert.ok(!(await listed({ enterprise_project_id: '0' })).includes(inEps));
    assert.deepEqual(await listed({ enterprise_project_id: eps, id: inDefault }), []);
  });

  test('update: name, description, cidr; 200 {vpc}; enable_shared_snat accepted', async () => {
    const v = await h.vpc(h.a, '10.10.0.0/16');
    const res = await h.a.sdk.updateVpc({ vpc_id: v.id, body: { vpc: { name: 'upd-new', description: 'new', cidr: '10.10.0.0/20', enable_shared_snat: false } } });
    assert.equal(res.httpStatusCode, 200);
    assert.equal(res.vpc.name, 'upd-new');
    assert.equal(res.vpc.description, 'new');
    assert.equal(res.vpc.cidr, '10.10.0.0/20');
    const shown = (await h.a.sdk.showVpc({ vpc_id: v.id })).vpc;
    assert.equal(shown.name, 'upd-new');
    assert.equal(shown.cidr, '10.10.0.0/20');
  });

  test('delete: 204, then 404 VPC.0003 on show, update and delete', async () => {
    const v = await h.vpc(h.a);
    const res = await h.a.sdk.deleteVpc({ vpc_id: v.id });
    assert.equal(res.httpStatusCode, 204);
    await expectApiError(h.a.sdk.showVpc({ vpc_id: v.id }), 404, 'VPC.0003');
    await expectApiError(h.a.sdk.updateVpc({ vpc_id: v.id, body: { vpc: { name: 'x' } } }), 404, 'VPC.0003');
    await expectApiError(h.a.sdk.deleteVpc({ vpc_id: v.id }), 404, 'VPC.0003');
    // Its default route table went with it.
    assert.deepEqual((await h.a.sdk.listRouteTables({ vpc_id: v.id })).routetables, []);
  });

  test('show with a non-UUID id: 400 VPC.0101', async () => {
    await expectApiError(h.a.sdk.showVpc({ vpc_id: 'not-a-uuid' }), 400, 'VPC.0101');
  });
});

describe('VPC rules (§3 22, 24-26)', () => {
  test('rule 25: CIDR must lie in 10/8-24, 172.16/12-24 or 192.168/16-24 (VPC.0101)', async () => {
    for (const good of ['10.0.0.0/8', '10.20.30.0/24', '172.16.0.0/12', '172.31.255.0/24', '192.168.0.0/16', '192.168.7.0/24']) {
      const v = (await h.a.sdk.createVpc({ body: { vpc: { cidr: good } } })).vpc;
      assert.equal(v.cidr, good);
      await h.a.sdk.deleteVpc({ vpc_id: v.id });
    }
    const before = (await h.a.sdk.listVpcs({})).vpcs.length;
    for (const bad of ['11.0.0.0/8', '10.0.0.0/7', '10.0.0.0/25', '172.32.0.0/16', '172.16.0.0/11', '192.168.0.0/15', '192.169.0.0/16',
      '192.168.0.0/25', '10.0.0.1/16', '10.0.0.0', 'banana', '10.0.0.0/33', '256.0.0.0/8']) {
      await expectApiError(h.a.sdk.createVpc({ body: { vpc: { cidr: bad } } }), 400, 'VPC.0101');
    }
    assert.equal((await h.a.sdk.listVpcs({})).vpcs.length, before, 'nothing was created');
    const v = await h.vpc(h.a, '10.0.0.0/16');
    await expectApiError(h.a.sdk.updateVpc({ vpc_id: v.id, body: { vpc: { cidr: '11.0.0.0/16' } } }), 400, 'VPC.0101');
  });

  test('rule 25: names are at most 64 of [A-Za-z0-9_.-] (VPC.0101)', async () => {
    const ok = (await h.a.sdk.createVpc({ body: { vpc: { name: 'Ok_name-1.2' } } })).vpc;
    assert.equal(ok.name, 'Ok_name-1.2');
    const max = 'x'.repeat(64);
    assert.equal((await h.a.sdk.createVpc({ body: { vpc: { name: max } } })).vpc.name, max);
    for (const bad of ['has space', 'ümlaut', 'a/b', 'x'.repeat(65), 'semi;colon']) {
      await expectApiError(h.a.sdk.createVpc({ body: { vpc: { name: bad } } }), 400, 'VPC.0101');
    }
    await expectApiError(h.a.sdk.createVpc({ body: { vpc: { name: 'ok', description: 'no <tags>' } } }), 400, 'VPC.0101');
    await expectApiError(h.a.sdk.updateVpc({ vpc_id: ok.id, body: { vpc: { name: 'bad name' } } }), 400, 'VPC.0101');
  });

  test('rule 25: a name is unique within the project (VPC.0115 on create and update), not across projects', async () => {
    const v = await h.vpc(h.a, undefined, 'dup-name');
    await expectApiError(h.a.sdk.createVpc({ body: { vpc: { name: 'dup-name', cidr: '10.1.0.0/16' } } }), 400, 'VPC.0115');
    const w = await h.vpc(h.a, undefined, 'other-name');
    await expectApiError(h.a.sdk.updateVpc({ vpc_id: w.id, body: { vpc: { name: 'dup-name' } } }), 400, 'VPC.0115');
    // Renaming to its own name, and the same name in another account, are fine.
    await h.a.sdk.updateVpc({ vpc_id: v.id, body: { vpc: { name: 'dup-name' } } });
    await h.vpc(h.b, undefined, 'dup-name');
    // Empty names do not collide.
    await h.a.sdk.createVpc({ body: { vpc: {} } });
    await h.a.sdk.createVpc({ body: { vpc: {} } });
  });

  test('rule 26: a CIDR update must still contain every subnet (VPC.0117)', async () => {
    const v = await h.vpc(h.a, '10.40.0.0/16');
    await h.subnet(h.a, v.id, '10.40.200.0/24');
    await expectApiError(h.a.sdk.updateVpc({ vpc_id: v.id, body: { vpc: { cidr: '10.40.0.0/20' } } }), 400, 'VPC.0117');
    assert.equal((await h.a.sdk.showVpc({ vpc_id: v.id })).vpc.cidr, '10.40.0.0/16');
    await h.a.sdk.updateVpc({ vpc_id: v.id, body: { vpc: { cidr: '10.40.128.0/17' } } });
  });

  test('rule 22: delete refused while the VPC has subnets (VPC.0104)', async () => {
    const v = await h.vpc(h.a, '10.41.0.0/16');
    const s = await h.subnet(h.a, v.id, '10.41.1.0/24');
    await expectApiError(h.a.sdk.deleteVpc({ vpc_id: v.id }), 409, 'VPC.0104');
    await h.a.sdk.deleteSubnet({ vpc_id: v.id, subnet_id: s.id });
    assert.equal((await h.a.sdk.deleteVpc({ vpc_id: v.id })).httpStatusCode, 204);
  });

  test('rule 22: delete refused while the VPC has a peering (VPC.0120), on both ends', async () => {
    const v = await h.vpc(h.a, '10.42.0.0/16');
    const w = await h.vpc(h.a, '10.43.0.0/16');
    const p = await h.peering(h.a, v.id, w.id);
    await expectApiError(h.a.sdk.deleteVpc({ vpc_id: v.id }), 409, 'VPC.0120');
    await expectApiError(h.a.sdk.deleteVpc({ vpc_id: w.id }), 409, 'VPC.0120');
    await h.a.sdk.deleteVpcPeering({ peering_id: p.id });
    await h.a.sdk.deleteVpc({ vpc_id: v.id });
    await h.a.sdk.deleteVpc({ vpc_id: w.id });
  });

  test('rule 22: delete refused while the VPC has custom routes (VPC.0120)', async () => {
    const v = await h.vpc(h.a, '10.44.0.0/16');
    const t = await h.defaultTable(h.a, v.id);
    await h.a.sdk.updateRouteTable({
      routetable_id: t.id, body: { routetable: { routes: { add: [{ type: 'ecs', destination: '0.0.0.0/0', nexthop: '10.44.0.10' }] } } },
    });
    await expectApiError(h.a.sdk.deleteVpc({ vpc_id: v.id }), 409, 'VPC.0120');
    await h.a.sdk.updateRouteTable({ routetable_id: t.id, body: { routetable: { routes: { del: [{ destination: '0.0.0.0/0' }] } } } });
    assert.equal((await h.a.sdk.deleteVpc({ vpc_id: v.id })).httpStatusCode, 204);
  });
});

describe('subnet operations (§1.4)', () => {
  test('create answers 200 with status UNKNOWN; show then answers ACTIVE; every field', async () => {
    const v = await h.vpc(h.a, '192.168.0.0/16');
    const res = await h.a.sdk.createSubnet({
      body: { subnet: { name: 'sn-ops', description: 'subnet', cidr: '192.168.1.0/24', gateway_ip: '192.168.1.1', vpc_id: v.id, availability_zone: 'eu-de-01' } },
    });
    assert.equal(res.httpStatusCode, 200);
    const s = res.subnet;
    assert.match(s.id, UUID_RE);
    assert.equal(s.status, 'UNKNOWN');
    assert.equal(s.name, 'sn-ops');
    assert.equal(s.cidr, '192.168.1.0/24');
    assert.equal(s.gateway_ip, '192.168.1.1');
    assert.equal(s.vpc_id, v.id);
    assert.equal(s.dhcp_enable, true);
    assert.equal(s.tenant_id, h.a.projectId);
    assert.equal(s.availability_zone, 'eu-de-01');
    assert.equal(s.neutron_network_id, s.id);
    assert.match(s.neutron_subnet_id, UUID_RE);
    assert.match(s.created_at, HUAWEI_TIME);
    const shown = await h.a.sdk.showSubnet({ subnet_id: s.id });
    assert.equal(shown.httpStatusCode, 200);
    assert.equal(shown.subnet.status, 'ACTIVE');
    assert.equal(shown.subnet.id, s.id);
  });

  test('secondary_dns alone becomes primary_dns', async () => {
    const v = await h.vpc(h.a, '192.168.0.0/16');
    const s = (await h.a.sdk.createSubnet({
      body: { subnet: { name: 'dns', cidr: '192.168.2.0/24', gateway_ip: '192.168.2.1', vpc_id: v.id, secondary_dns: '9.9.9.9' } },
    })).subnet;
    assert.equal(s.primary_dns, '9.9.9.9');
  });

  test('list by vpc_id, with limit/marker', async () => {
    const v = await h.vpc(h.a, '10.50.0.0/16');
    const w = await h.vpc(h.a, '10.51.0.0/16');
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await h.subnet(h.a, v.id, `10.50.${i}.0/24`)).id);
    const other = (await h.subnet(h.a, w.id, '10.51.0.0/24')).id;
    const res = await h.a.sdk.listSubnets({ vpc_id: v.id });
    assert.equal(res.httpStatusCode, 200);
    assert.deepEqual(res.subnets.map((s: any) => s.id), [...made].sort());
    assert.deepEqual((await h.a.sdk.listSubnets({ vpc_id: w.id })).subnets.map((s: any) => s.id), [other]);
    const first = (await h.a.sdk.listSubnets({ vpc_id: v.id, limit: 2 })).subnets.map((s: any) => s.id);
    const rest = (await h.a.sdk.listSubnets({ vpc_id: v.id, limit: 2, marker: first[1] })).subnets.map((s: any) => s.id);
    assert.deepEqual([...first, ...rest], [...made].sort());
    const all = (await h.a.sdk.listSubnets({})).subnets.map((s: any) => s.id);
    for (const id of [...made, other]) assert.ok(all.includes(id));
  });

  test('update answers only {id, status}; the change is visible on show; name is required', async () => {
    const v = await h.vpc(h.a, '10.52.0.0/16');
    const s = await h.subnet(h.a, v.id, '10.52.0.0/24');
    const res = await h.a.sdk.updateSubnet({ vpc_id: v.id, subnet_id: s.id, body: { subnet: { name: 'renamed', description: 'x' } } });
    assert.equal(res.httpStatusCode, 200);
    assert.deepEqual(res.subnet, { id: s.id, status: 'ACTIVE' });
    const shown = (await h.a.sdk.showSubnet({ subnet_id: s.id })).subnet;
    assert.equal(shown.name, 'renamed');
    assert.equal(shown.description, 'x');
    assert.equal(shown.cidr, '10.52.0.0/24', 'CIDR is immutable');
    await expectApiError(h.a.sdk.updateSubnet({ vpc_id: v.id, subnet_id: s.id, body: { subnet: { description: 'no name' } } }), 400, 'VPC.0201');
    // The wrong VPC in the path: VPC.0207.
    const w = await h.vpc(h.a, '10.53.0.0/16');
    await expectApiError(h.a.sdk.updateSubnet({ vpc_id: w.id, subnet_id: s.id, body: { subnet: { name: 'x' } } }), 400, 'VPC.0207');
  });

  test('delete: 204 under its VPC; then 404 VPC.0202', async () => {
    const v = await h.vpc(h.a, '10.54.0.0/16');
    const s = await h.subnet(h.a, v.id, '10.54.0.0/24');
    const w = await h.vpc(h.a, '10.55.0.0/16');
    await expectApiError(h.a.sdk.deleteSubnet({ vpc_id: w.id, subnet_id: s.id }), 400, 'VPC.0207');
    const res = await h.a.sdk.deleteSubnet({ vpc_id: v.id, subnet_id: s.id });
    assert.equal(res.httpStatusCode, 204);
    await expectApiError(h.a.sdk.showSubnet({ subnet_id: s.id }), 404, 'VPC.0202');
    await expectApiError(h.a.sdk.deleteSubnet({ vpc_id: v.id, subnet_id: s.id }), 404, 'VPC.0202');
  });
});

describe('subnet rules (§3 28)', () => {
  test('inside the VPC CIDR (VPC.0203); a VPC without CIDR takes no subnets', async () => {
    const v = await h.vpc(h.a, '10.60.0.0/16');
    await expectApiError(h.subnet(h.a, v.id, '10.61.0.0/24'), 400, 'VPC.0203');
    await expectApiError(h.subnet(h.a, v.id, '10.60.0.0/15', '10.60.0.1'), 400, 'VPC.0203');
    const bare = (await h.a.sdk.createVpc({ body: { vpc: {} } })).vpc;
    await expectApiError(h.subnet(h.a, bare.id, '10.60.0.0/24'), 400, 'VPC.0203');
    assert.deepEqual((await h.a.sdk.listSubnets({ vpc_id: v.id })).subnets, []);
  });

  test('no overlap with another subnet of the VPC (VPC.0204); other VPCs do not matter', async () => {
    const v = await h.vpc(h.a, '10.62.0.0/16');
    await h.subnet(h.a, v.id, '10.62.0.0/24');
    await expectApiError(h.subnet(h.a, v.id, '10.62.0.0/24'), 400, 'VPC.0204');
    await expectApiError(h.subnet(h.a, v.id, '10.62.0.128/25', '10.62.0.129'), 400, 'VPC.0204');
    await expectApiError(h.subnet(h.a, v.id, '10.62.0.0/23'), 400, 'VPC.0204');
    const w = await h.vpc(h.a, '10.62.0.0/16');
    await h.subnet(h.a, w.id, '10.62.0.0/24');
    assert.equal((await h.a.sdk.listSubnets({ vpc_id: v.id })).subnets.length, 1);
  });

  test('a malformed or too-small CIDR is VPC.0212', async () => {
    const v = await h.vpc(h.a, '10.63.0.0/16');
    for (const [cidr, gw] of [['banana', '10.63.0.1'], ['10.63.0.1/24', '10.63.0.2'], ['10.63.0.0/29', '10.63.0.1'], ['10.63.0.0/33', '10.63.0.1']]) {
      await expectApiError(h.subnet(h.a, v.id, cidr!, gw), 400, 'VPC.0212');
    }
    // /28 is the smallest allowed (D-SUBNET).
    await h.subnet(h.a, v.id, '10.63.0.0/28', '10.63.0.1');
  });

  test('gateway_ip must be a usable, unreserved address inside the subnet (VPC.0201)', async () => {
    const v = await h.vpc(h.a, '10.64.0.0/16');
    for (const gw of ['10.64.1.1', '10.64.0.0', '10.64.0.255', '10.64.0.254', '10.64.0.253', 'not-an-ip']) {
      await expectApiError(h.subnet(h.a, v.id, '10.64.0.0/24', gw), 400, 'VPC.0201');
    }
    assert.deepEqual((await h.a.sdk.listSubnets({ vpc_id: v.id })).subnets, []);
    const s = await h.subnet(h.a, v.id, '10.64.0.0/24', '10.64.0.1');
    assert.equal(s.gateway_ip, '10.64.0.1');
  });

  test('name rules and the VPC must exist', async () => {
    const v = await h.vpc(h.a, '10.65.0.0/16');
    await expectApiError(h.a.sdk.createSubnet({ body: { subnet: { name: '', cidr: '10.65.0.0/24', gateway_ip: '10.65.0.1', vpc_id: v.id } } }), 400, 'VPC.0201');
    await expectApiError(h.a.sdk.createSubnet({ body: { subnet: { name: 'a b', cidr: '10.65.0.0/24', gateway_ip: '10.65.0.1', vpc_id: v.id } } }), 400, 'VPC.0201');
    await expectApiError(h.a.sdk.createSubnet({
      body: { subnet: { name: 'ok', cidr: '10.65.0.0/24', gateway_ip: '10.65.0.1', vpc_id: '00000000-0000-4000-8000-000000000000' } },
    }), 404, 'VPC.0003');
  });
});

describe('visibility between accounts', () => {
  test('B never sees or touches A\'s VPCs, subnets, route tables or routes', async () => {
    const v = await h.vpc(h.a, '10.70.0.0/16');
    const s = await h.subnet(h.a, v.id, '10.70.1.0/24');
    const t = await h.defaultTable(h.a, v.id);
    const w = await h.vpc(h.a, '10.71.0.0/16');
    const p = await h.peering(h.a, v.id, w.id);
    const r = await h.route(h.a, v.id, p.id, '10.71.0.0/16');
    for (const other of [h.b, h.c]) {
      await expectApiError(other.sdk.showVpc({ vpc_id: v.id }), 404, 'VPC.0003');
      await expectApiError(other.sdk.updateVpc({ vpc_id: v.id, body: { vpc: { name: 'hijack' } } }), 404, 'VPC.0003');
      await expectApiError(other.sdk.deleteVpc({ vpc_id: v.id }), 404, 'VPC.0003');
      assert.ok(!(await other.sdk.listVpcs({})).vpcs.some((x: any) => x.id === v.id));
      assert.deepEqual((await other.sdk.listVpcs({ id: v.id })).vpcs, []);
      await expectApiError(other.sdk.showSubnet({ subnet_id: s.id }), 404, 'VPC.0202');
      assert.deepEqual((await other.sdk.listSubnets({ vpc_id: v.id })).subnets, []);
      await expectApiError(other.sdk.updateSubnet({ vpc_id: v.id, subnet_id: s.id, body: { subnet: { name: 'x' } } }), 404, 'VPC.0003');
      await expectApiError(other.sdk.deleteSubnet({ vpc_id: v.id, subnet_id: s.id }), 404, 'VPC.0003');
      await expectApiError(other.sdk.createSubnet({ body: { subnet: { name: 'x', cidr: '10.70.9.0/24', gateway_ip: '10.70.9.1', vpc_id: v.id } } }), 404, 'VPC.0003');
      await expectApiError(other.sdk.showRouteTable({ routetable_id: t.id }), 404, 'VPC.2808');
      assert.deepEqual((await other.sdk.listRouteTables({ vpc_id: v.id })).routetables, []);
      await expectApiError(other.sdk.updateRouteTable({ routetable_id: t.id, body: { routetable: { name: 'x' } } }), 404, 'VPC.2808');
      await expectApiError(other.sdk.showVpcRoute({ route_id: r.id }), 404, 'RouteNotFound');
      assert.deepEqual((await other.sdk.listVpcRoutes({ vpc_id: v.id })).routes, []);
      await expectApiError(other.sdk.showVpcPeering({ peering_id: p.id }), 404, 'PeeringNotFound');
    }
    assert.equal((await h.a.sdk.showVpc({ vpc_id: v.id })).vpc.name, v.name, 'untouched');
    assert.equal((await h.a.sdk.showSubnet({ subnet_id: s.id })).subnet.name, s.name);
  });

  test('A\'s eu-nl project is a separate tenant: it does not see the eu-de VPCs', async () => {
    const v = await h.vpc(h.a, '10.72.0.0/16');
    await expectApiError(h.aNl.sdk.showVpc({ vpc_id: v.id }), 404, 'VPC.0003');
    const nl = await h.vpc(h.aNl, '10.72.0.0/16');
    assert.equal(nl.tenant_id, h.aNl.projectId);
    assert.notEqual(h.aNl.projectId, h.a.projectId);
    assert.ok(!(await h.a.sdk.listVpcs({})).vpcs.some((x: any) => x.id === nl.id));
  });
});
