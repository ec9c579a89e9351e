/**
 * Authentication (AK/SK through the SDK, tokens), tenant checks, and the v1 ports and
 * publicips operations. The EIP SDK package is not installable (huawei-sdk.md), so
 * publicips go through the raw signed client, signed exactly as the SDK signs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { changePassword, createAccount } from '../../src/service/accounts.js';
import { hashPassword } from '../../src/service/passwords.js';
import { HOUR, Harness, assertRawError, expectApiError, type Party } from './harness.js';

let h: Harness;
before(async () => { h = await Harness.start(); });
after(async () => { await h.close(); });

describe('AK/SK and tenants', () => {
  test('wrong secret key, unknown access key, or no credentials: 401 APIGW.0301', async () => {
    const wrongSk = h.client(h.a.ak, 'x'.repeat(40), h.a.projectId);
    let err = await expectApiError(wrongSk.listVpcs({}), 401, 'APIGW.0301');
    assert.match(err.errorMsg, /^Incorrect IAM authentication information/);
    const unknownAk = h.client('NOSUCHACCESSKEY00000', h.a.sk, h.a.projectId);
    await expectApiError(unknownAk.listVpcPeerings({}), 401, 'APIGW.0301');
    const none = await fetch(`${h.url}/v1/${h.a.projectId}/vpcs`);
    assert.equal(none.status, 401);
    const body = await none.json() as any;
    assert.equal(body.error_code, 'APIGW.0301');
    assert.ok(none.headers.get('x-request-id'));
    // The right keys still work (one failure does not lock the key).
    assert.equal((await h.a.sdk.listVpcs({})).httpStatusCode, 200);
  });

  test('a signature for other bytes is refused (tampered body)', async () => {
    const body = JSON.stringify({ vpc: { name: 'tamper', cidr: '10.0.0.0/16' } });
    const sign = await import('../../src/api/huawei/auth/signer.js');
    const url = `${h.url}/v1/${h.a.projectId}/vpcs`;
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Project-Id': h.a.projectId };
    Object.assign(headers, sign.signRequest({ method: 'POST', url, headers, body, accessKey: h.a.ak, secretKey: h.a.sk, now: h.clock.now() }));
    const res = await fetch(url, { method: 'POST', headers, body: body.replace('tamper', 'tamped') });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as any).error_code, 'APIGW.0301');
    assert.ok(!(await h.a.sdk.listVpcs({})).vpcs.some((v: any) => v.name.startsWith('tamp')));
  });

  test('/v1/{another project}: 400 VPC.0007 (signed and with a token)', async () => {
    const res = await h.raw(h.b, 'GET', `/v1/${h.a.projectId}/vpcs`);
    assertRawError(res, 400, 'VPC.0007');
    const created = await h.raw(h.b, 'POST', `/v1/${h.a.projectId}/vpcs`, { body: { vpc: { name: 'sneaky' } } });
    assertRawError(created, 400, 'VPC.0007');
    const token = (await h.login(h.b)).headers.get('x-subject-token')!;
    const viaToken = await h.raw(h.b, 'GET', `/v1/${h.a.projectId}/vpcs`, { unsigned: true, noProjectHeader: true, headers: { 'X-Auth-Token': token } });
    assertRawError(viaToken, 400, 'VPC.0007');
    assert.ok(!(await h.a.sdk.listVpcs({})).vpcs.some((v: any) => v.name === 'sneaky'));
  });

  test('credentials for a project of another account: refused (403), nothing visible', async () => {
    const v = await h.vpc(h.a);
    const bAsA = h.client(h.b.ak, h.b.sk, h.a.projectId);
    const err = await expectApiError(bAsA.showVpc({ vpc_id: v.id }), 403, 'APIGW.0302');
    assert.ok(err.errorMsg.length > 0);
    await expectApiError(bAsA.listVpcPeerings({}), 403, 'APIGW.0302');
  });

  test('X-Sdk-Date must be within 15 minutes of the server clock', async () => {
    // The SDK signs with moment(); the harness ties it to the server's ManualClock, so
    // moving only the server clock puts the client's date out of the window.
    assert.equal((await h.b.sdk.listVpcs({})).httpStatusCode, 200);
    const signedNow = h.clock.now();
    const res1 = await h.raw(h.b, 'GET', `/v1/${h.b.projectId}/vpcs`);
    assert.equal(res1.status, 200);
    const { signRequest } = await import('../../src/api/huawei/auth/signer.js');
    const call = async (signedAt: Date) => {
      const url = `${h.url}/v1/${h.b.projectId}/vpcs`;
      const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Project-Id': h.b.projectId };
      Object.assign(headers, signRequest({ method: 'GET', url, headers, accessKey: h.b.ak, secretKey: h.b.sk, now: signedAt }));
      return fetch(url, { headers });
    };
    assert.equal((await call(new Date(signedNow.getTime() - 14 * 60_000))).status, 200);
    const stale = await call(new Date(signedNow.getTime() - 16 * 60_000));
    assert.equal(stale.status, 401);
    assert.equal(((await stale.json()) as any).error_code, 'APIGW.0301');
    const future = await call(new Date(signedNow.getTime() + 16 * 60_000));
    assert.equal(future.status, 401);
  });

  test('5 failed signatures lock the access key for 5 minutes, even with the right secret', async () => {
    const wrong = h.client(h.c.ak, 'y'.repeat(40), h.c.projectId);
    for (let i = 0; i < 5; i++) await expectApiError(wrong.listVpcs({}), 401, 'APIGW.0301');
    const err = await expectApiError(h.c.sdk.listVpcs({}), 401, 'APIGW.0301');
    assert.match(err.errorMsg, /AK access failed to reach the limit/);
    // Other keys are unaffected.
    assert.equal((await h.b.sdk.listVpcs({})).httpStatusCode, 200);
    h.clock.advance(5 * 60_000 + 1000);
    assert.equal((await h.c.sdk.listVpcs({})).httpStatusCode, 200);
  });

  test('A\'s keys work in A\'s eu-nl project, which is a different tenant', async () => {
    const res = await h.aNl.sdk.listVpcs({});
    assert.equal(res.httpStatusCode, 200);
    assert.equal(h.aNl.ak, h.a.ak, 'one user, one key pair, two projects');
  });
});

describe('tokens (POST /v3/auth/tokens)', () => {
  test('201 with X-Subject-Token; X-Auth-Token then works on v1 and v2.0 without a signature', async () => {
    const res = await h.login(h.a);
    assert.equal(res.status, 201);
    const token = res.headers.get('x-subject-token');
    assert.ok(token && token.length > 20);
    assert.equal(res.json.token.project.id, h.a.projectId);
    assert.ok(res.json.token.expires_at);
    const v = await h.vpc(h.a);
    const list = await fetch(`${h.url}/v1/${h.a.projectId}/vpcs`, { headers: { 'X-Auth-Token': token! } });
    assert.equal(list.status, 200);
    assert.ok(((await list.json()) as any).vpcs.some((x: any) => x.id === v.id));
    const peerings = await fetch(`${h.url}/v2.0/vpc/peerings`, { headers: { 'X-Auth-Token': token! } });
    assert.equal(peerings.status, 200);
    // A write with a token: the project comes from the token.
    const created = await fetch(`${h.url}/v1/${h.a.projectId}/vpcs`, {
      method: 'POST', headers: { 'X-Auth-Token': token!, 'Content-Type': 'application/json' },
      body: JSON.stringify({ vpc: { name: 'by-token', cidr: '10.9.0.0/16' } }),
    });
    assert.equal(created.status, 200);
    assert.equal(((await created.json()) as any).vpc.tenant_id, h.a.projectId);
  });

  test('a token expires after 24 hours (ManualClock)', async () => {
    const token = (await h.login(h.b)).headers.get('x-subject-token')!;
    const call = () => fetch(`${h.url}/v2.0/vpc/peerings`, { headers: { 'X-Auth-Token': token } });
    assert.equal((await call()).status, 200);
    h.clock.advance(24 * HOUR - 1000);
    assert.equal((await call()).status, 200, 'still valid just before 24 h');
    h.clock.advance(2000);
    const res = await call();
    assert.equal(res.status, 401);
    const body = await res.json() as any;
    assert.equal(body.error_code, 'APIGW.0301');
    assert.ok(body.error_msg);
    // A fresh login works again.
    const fresh = (await h.login(h.b)).headers.get('x-subject-token')!;
    assert.equal((await fetch(`${h.url}/v2.0/vpc/peerings`, { headers: { 'X-Auth-Token': fresh } })).status, 200);
  });

  test('account create asked again (another region, or the same) keeps the password: nobody is signed out', async () => {
    const first = await createAccount(h.server.store, 'erin', 'eu-de', h.clock.now());
    const erin = { account: first, projectId: first.project_id } as unknown as Party;
    const token = (await h.login(erin)).headers.get('x-subject-token')!;
    const again = await createAccount(h.server.store, 'erin', 'eu-nl', h.clock.now());
    const same = await createAccount(h.server.store, 'erin', 'eu-de', h.clock.now());
    assert.equal(again.password, first.password);
    assert.equal(same.password, first.password);
    assert.equal(same.project_id, first.project_id);
    assert.notEqual(again.project_id, first.project_id);
    assert.equal((await fetch(`${h.url}/v1/${first.project_id}/vpcs`, { headers: { 'X-Auth-Token': token } })).status, 200);
    assert.equal((await h.login({ account: again, projectId: again.project_id } as unknown as Party)).status, 201);
  });

  test('account create of one new name, many at once: one account, and each answer has its keys and password', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => createAccount(h.server.store, 'grace', 'eu-de', h.clock.now())));
    for (const a of answers) {
      assert.deepEqual(
        [a.account_id, a.project_id, a.access_key, a.secret_key, a.password],
        [answers[0]!.account_id, answers[0]!.project_id, answers[0]!.access_key, answers[0]!.secret_key, answers[0]!.password],
      );
    }
    const grace = { account: answers[0], projectId: answers[0]!.project_id } as unknown as Party;
    assert.equal((await h.login(grace)).status, 201);
  });

  test('a password change (account password) refuses the old password and every token issued under it (§4.1)', async () => {
    const first = await createAccount(h.server.store, 'dave', 'eu-de', h.clock.now());
    const dave = { account: first, projectId: first.project_id } as unknown as Party;
    const login = await h.login(dave);
    assert.equal(login.status, 201, login.text);
    const token = login.headers.get('x-subject-token')!;
    const call = (t: string) => fetch(`${h.url}/v1/${first.project_id}/vpcs`, { headers: { 'X-Auth-Token': t } });
    assert.equal((await call(token)).status, 200);

    const changed = await changePassword(h.server.store, 'dave');
    assert.equal(changed.user, first.user);
    assert.notEqual(changed.password, first.password);
    const stale = await call(token);
    assert.equal(stale.status, 401);
    assert.equal(((await stale.json()) as any).error_code, 'APIGW.0301');
    assert.equal((await h.login(dave)).status, 401, 'the old password no longer logs in');
    const renewed = { account: { ...first, password: changed.password }, projectId: first.project_id } as unknown as Party;
    const fresh = (await h.login(renewed)).headers.get('x-subject-token')!;
    assert.equal((await call(fresh)).status, 200);
    // account create prints the current password, and changes nothing.
    assert.equal((await createAccount(h.server.store, 'dave', 'eu-de', h.clock.now())).password, changed.password);
    assert.equal((await call(fresh)).status, 200);
    // AK/SK calls do not depend on the password.
    assert.equal((await h.raw({ ...h.a, ak: first.access_key, sk: first.secret_key, projectId: first.project_id }, 'GET', `/v1/${first.project_id}/vpcs`)).status, 200);
  });

  test('an account from before derived passwords gets its derived password on the next account create, once', async () => {
    const made = await createAccount(h.server.store, 'frank', 'eu-de', h.clock.now());
    // What an older version left: a random password's hash at generation 0.
    const user = (await h.server.store.read.identity.userByAccessKey(made.access_key))!;
    const legacyHash = await hashPassword('Legacy0Password0Random00');
    await h.server.store.write((tx) => tx.identity.setPassword(user.id, legacyHash, 0));
    const legacy = { account: { ...made, password: 'Legacy0Password0Random00' }, projectId: made.project_id } as unknown as Party;
    const legacyLogin = await h.login(legacy);
    assert.equal(legacyLogin.status, 201, legacyLogin.text);
    const legacyToken = legacyLogin.headers.get('x-subject-token')!;

    const again = await createAccount(h.server.store, 'frank', 'eu-de', h.clock.now());
    assert.equal(again.password, made.password, 'the derived password, as a new account gets');
    assert.equal((await h.login(legacy)).status, 401, 'the random one is gone');
    assert.equal((await fetch(`${h.url}/v1/${made.project_id}/vpcs`, { headers: { 'X-Auth-Token': legacyToken } })).status, 401);
    const hashAfter = (await h.server.store.read.identity.userById(user.id))!.passwordHash;
    await createAccount(h.server.store, 'frank', 'eu-nl', h.clock.now());
    assert.equal((await h.server.store.read.identity.userById(user.id))!.passwordHash, hashAfter, 'only once');
  });

  test('bad password, unknown user, forged or garbage token: 401', async () => {
    const bad = await h.login(h.a, 'wrong-password');
    assert.equal(bad.status, 401);
    assert.ok(bad.json.error_code);
    assert.equal(bad.headers.get('x-subject-token'), null);
    const token = (await h.login(h.a)).headers.get('x-subject-token')!;
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const t of [forged, 'garbage', '']) {
      const res = await fetch(`${h.url}/v2.0/vpc/peerings`, { headers: { 'X-Auth-Token': t } });
      assert.equal(res.status, 401, `token ${JSON.stringify(t.slice(0, 10))}`);
      assert.equal(((await res.json()) as any).error_code, 'APIGW.0301');
    }
  });

  test('a malformed token request is a 400 with error_code', async () => {
    const res = await fetch(`${h.url}/v3/auth/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"auth":{}}' });
    assert.equal(res.status, 400);
    const body = await res.json() as any;
    assert.ok(body.error_code && body.error_msg);
  });
});

describe('ports (v1) through the SDK', () => {
  test('create, list, show, update, delete; a subnet with ports cannot be deleted', async () => {
    const v = await h.vpc(h.a, '10.30.0.0/16');
    const s = await h.subnet(h.a, v.id, '10.30.1.0/24');
    const created = await h.a.sdk.createPort({ body: { port: { name: 'p1', network_id: s.id, fixed_ips: [{ ip_address: '10.30.1.10', subnet_id: s.id }] } } });
    assert.equal(created.httpStatusCode, 200);
    const port = created.port;
    assert.equal(port.name, 'p1');
    assert.deepEqual(port.fixed_ips, [{ subnet_id: s.id, ip_address: '10.30.1.10' }]);
    assert.equal(port.tenant_id, h.a.projectId);
    const auto = (await h.a.sdk.createPort({ body: { port: { network_id: s.id } } })).port;
    assert.notEqual(auto.fixed_ips[0].ip_address, '10.30.1.10');
    await expectApiError(h.a.sdk.createPort({ body: { port: { network_id: s.id, fixed_ips: [{ ip_address: '10.30.1.10' }] } } }), 409, 'VPC.0703');
    await expectApiError(h.a.sdk.createPort({ body: { port: { network_id: s.id, fixed_ips: [{ ip_address: '10.31.0.5' }] } } }), 400, 'VPC.0702');
    const listed = await h.a.sdk.listPorts({ network_id: s.id });
    assert.equal(listed.httpStatusCode, 200);
    assert.deepEqual(listed.ports.map((p: any) => p.id).sort(), [port.id, auto.id].sort());
    assert.equal((await h.a.sdk.showPort({ port_id: port.id })).port.id, port.id);
    const upd = await h.a.sdk.updatePort({ port_id: port.id, body: { port: { name: 'p1-renamed' } } });
    assert.equal(upd.port.name, 'p1-renamed');
    await expectApiError(h.b.sdk.showPort({ port_id: port.id }), 404, 'VPC.0701');
    assert.deepEqual((await h.b.sdk.listPorts({})).ports, []);
    await expectApiError(h.a.sdk.deleteSubnet({ vpc_id: v.id, subnet_id: s.id }), 409, 'VPC.0208');
    assert.equal((await h.a.sdk.deletePort({ port_id: port.id })).httpStatusCode, 204);
    await h.a.sdk.deletePort({ port_id: auto.id });
    await expectApiError(h.a.sdk.showPort({ port_id: port.id }), 404, 'VPC.0701');
    assert.equal((await h.a.sdk.deleteSubnet({ vpc_id: v.id, subnet_id: s.id })).httpStatusCode, 204);
  });

  test('list filters as the SDK sends them: repeated id and fixed_ips, admin_state_up, security_groups, enable_efi', async () => {
    // huawei-sdk-operations.md ListPorts: id, fixed_ips and security_groups are arrays
    // (sent as repeated keys), admin_state_up and enable_efi booleans.
    const v = await h.vpc(h.a, '10.32.0.0/16');
    const s1 = await h.subnet(h.a, v.id, '10.32.1.0/24');
    const s2 = await h.subnet(h.a, v.id, '10.32.2.0/24');
    const p1 = (await h.a.sdk.createPort({ body: { port: { name: 'f1', network_id: s1.id } } })).port;
    const p2 = (await h.a.sdk.createPort({ body: { port: { name: 'f2', network_id: s1.id, admin_state_up: false } } })).port;
    const p3 = (await h.a.sdk.createPort({ body: { port: { name: 'f3', network_id: s2.id } } })).port;
    const names = async (query: object) => (await h.a.sdk.listPorts(query)).ports.map((p: any) => p.name).sort();
    const ip = (p: any) => p.fixed_ips[0].ip_address;
    assert.deepEqual(await names({ id: [p1.id, p3.id] }), ['f1', 'f3']);
    assert.deepEqual(await names({ id: [p2.id] }), ['f2']);
    assert.deepEqual(await names({ fixed_ips: [`ip_address=${ip(p1)}`, `ip_address=${ip(p3)}`] }), ['f1', 'f3']);
    assert.deepEqual(await names({ fixed_ips: [`subnet_id=${s2.id}`] }), ['f3']);
    assert.deepEqual(await names({ fixed_ips: [`subnet_id=${s1.id}`, `ip_address=${ip(p2)}`] }), ['f2']);
    assert.deepEqual(await names({ admin_state_up: false, network_id: s1.id }), ['f2']);
    assert.deepEqual(await names({ admin_state_up: true, network_id: s1.id }), ['f1']);
    // Isthmus ports carry no security groups and no EFI (the view shows [] and false).
    assert.deepEqual(await names({ security_groups: ['0e2a2d4c-5e4f-4b2a-9c3d-1a2b3c4d5e6f'] }), []);
    assert.deepEqual(await names({ enable_efi: true }), []);
    assert.deepEqual(await names({ enable_efi: false, network_id: s2.id }), ['f3']);
    await expectApiError(h.a.sdk.listPorts({ fixed_ips: ['mac_address=fa:16:3e:00:00:01'] }), 400, 'VPC.0702');
    for (const p of [p1, p2, p3]) await h.a.sdk.deletePort({ port_id: p.id });
  });
});

describe('isolation of ports and EIPs', () => {
  test('A cannot create ports in, or bind EIPs to, B\'s subnets and ports', async () => {
    const vb = await h.vpc(h.b, '10.34.0.0/16');
    const sb = await h.subnet(h.b, vb.id, '10.34.1.0/24');
    const portB = (await h.b.sdk.createPort({ body: { port: { name: 'b-port', network_id: sb.id } } })).port;
    await expectApiError(h.a.sdk.createPort({ body: { port: { network_id: sb.id } } }), 404, 'VPC.0202');
    await expectApiError(h.a.sdk.updatePort({ port_id: portB.id, body: { port: { name: 'x' } } }), 404, 'VPC.0701');
    await expectApiError(h.a.sdk.deletePort({ port_id: portB.id }), 404, 'VPC.0701');
    const eip = (await h.raw(h.a, 'POST', `/v1/${h.a.projectId}/publicips`, {
      body: { publicip: { type: '5_bgp' }, bandwidth: { share_type: 'PER', name: 'bw', size: 5 } },
    })).json.publicip;
    assertRawError(await h.raw(h.a, 'PUT', `/v1/${h.a.projectId}/publicips/${eip.id}`, { body: { publicip: { port_id: portB.id } } }), 404, 'VPC.0701');
    assert.equal((await h.b.sdk.showPort({ port_id: portB.id })).port.name, 'b-port');
    assert.equal((await h.raw(h.a, 'GET', `/v1/${h.a.projectId}/publicips/${eip.id}`)).json.publicip.status, 'DOWN');
  });
});

describe('publicips (v1) through the signed client', () => {
  test('assign, list, show, bind/unbind, release; bound EIPs cannot be released', async () => {
    const base = `/v1/${h.a.projectId}/publicips`;
    const made = await h.raw(h.a, 'POST', base, {
      body: { publicip: { type: '5_bgp', alias: 'eip-1' }, bandwidth: { share_type: 'PER', name: 'bw', size: 5 } },
    });
    assert.equal(made.status, 200, made.text);
    const eip = made.json.publicip;
    assert.match(eip.public_ip_address, /^198\.51\.100\.\d+$/);
    assert.equal(eip.status, 'DOWN');
    assert.match(eip.create_time, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const list = await h.raw(h.a, 'GET', base);
    assert.equal(list.status, 200);
    assert.ok(list.json.publicips.some((e: any) => e.id === eip.id));
    assert.equal((await h.raw(h.a, 'GET', `${base}/${eip.id}`)).json.publicip.id, eip.id);
    assertRawError(await h.raw(h.b, 'GET', `/v1/${h.b.projectId}/publicips/${eip.id}`), 404, 'VPC.0504');

    const v = await h.vpc(h.a, '10.33.0.0/16');
    const s = await h.subnet(h.a, v.id, '10.33.1.0/24');
    const port = (await h.a.sdk.createPort({ body: { port: { network_id: s.id } } })).port;
    const bound = await h.raw(h.a, 'PUT', `${base}/${eip.id}`, { body: { publicip: { port_id: port.id } } });
    assert.equal(bound.status, 200, bound.text);
    assert.equal(bound.json.publicip.port_id, port.id);
    assert.equal(bound.json.publicip.status, 'ACTIVE');
    assertRawError(await h.raw(h.a, 'DELETE', `${base}/${eip.id}`), 409, 'VPC.0517');
    const unbound = await h.raw(h.a, 'PUT', `${base}/${eip.id}`, { body: { publicip: {} } });
    assert.equal(unbound.json.publicip.status, 'DOWN');
    const del = await h.raw(h.a, 'DELETE', `${base}/${eip.id}`);
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    assertRawError(await h.raw(h.a, 'GET', `${base}/${eip.id}`), 404, 'VPC.0504');
    // Invalid type.
    assertRawError(await h.raw(h.a, 'POST', base, { body: { publicip: { type: 'bogus' }, bandwidth: { share_type: 'PER', name: 'bw', size: 5 } } }), 400, 'VPC.0501');
  });
});
