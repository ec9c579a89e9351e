/**
 * Tenant isolation matrix (OWASP API1, broken object level authorization): every
 * operation of the operation tables × every kind of caller. Owner: 2xx. The peer of a
 * peering: only what the API shows a peer. An unrelated account: 404 (its resources do
 * not exist for it) or the code's 4xx. No credentials, a bad signature, a stale date, a
 * replayed request with a changed body, an expired token: 401 APIGW.0301 in the gateway
 * shape. Another project's X-Project-Id: 400 VPC.0007 where the path names a project,
 * otherwise 403 APIGW.0302. Every refused request leaves the store unchanged, and list
 * operations never show another tenant's objects. Then brute force: 5 bad signatures
 * lock an access key for 5 minutes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { Harness, HOUR, type Party } from '../api/harness.js';
import { ALL_OPERATIONS, assertErrorShape, dumpStore, makeFixture, send, type Answer, type Fixture, type InjectOptions } from './kit.js';
import { sampleFor, type OtherRule } from './samples.js';

/** The same call from another party: a v1/extension path names the caller's own project. */
const retarget = (path: string, from: Party, to: Party) => path.replace(`/${from.projectId}/`, `/${to.projectId}/`);

let h: Harness;
let expiredToken: string;

before(async () => {
  h = await Harness.start({ quotas: { vpc: -1, subnet: -1, vpcPeer: -1, publicIp: -1, vpcContainRoutetable: -1 } });
  // Durability is crash.test.ts's subject: no fsync per commit for this matrix's fixtures.
  if (h.server.store.dialect === 'sqlite') await sql`PRAGMA synchronous = OFF`.execute(h.server.store.read.db);
  const login = await h.login(h.a);
  assert.equal(login.status, 201, login.text);
  expiredToken = login.headers.get('x-subject-token')!;
  h.clock.advance(25 * HOUR); // the token's 24 h are over; everything below happens later
});
after(async () => { await h?.close(); });

/** A's objects B may see (through a peering they share) and objects nobody but A may see. */
function privateIds(fx: Fixture, viewer: 'peer' | 'unrelated'): string[] {
  const strictlyA = [fx.subnetA.id, fx.tableA.id, fx.customTableA.id, fx.portA.id, fx.eipA.id, fx.routeA.id, fx.privatePeering.id,
    fx.vpcA3.id, fx.bareVpcA.id, fx.bareSubnetA.id, h.a.projectId !== '' ? fx.eipA.public_ip_address : ''];
  const sharedWithPeer = [fx.vpcA.id, fx.vpcA2.id, fx.pending.id, fx.active.id];
  return (viewer === 'peer' ? strictlyA : [...strictlyA, ...sharedWithPeer]).filter((x) => x);
}

function expectGateway401(a: Answer, context: string): void {
  assert.equal(a.status, 401, `${context}: ${a.text}`);
  assertErrorShape(a, context);
  assert.equal(a.json.error_code, 'APIGW.0301', context);
  assert.deepEqual(Object.keys(a.json).sort(), ['error_code', 'error_msg', 'request_id'], `${context}: gateway shape`);
}

describe('isolation matrix', () => {
  it('every operation has a sample (a new operation must be added to this matrix)', () => {
    const fxStub = new Proxy({}, { get: () => ({ id: 'x', cidr: '10.0.0.0/16' }) }) as unknown as Fixture;
    const missing = ALL_OPERATIONS.filter((op) => op.name !== 'KeystoneCreateUserTokenByPassword' && !sampleFor(op, fxStub, h)).map((op) => op.name);
    assert.deepEqual(missing, []);
  });

  for (const op of ALL_OPERATIONS) {
    if (op.authenticated === false) continue;
    it(`${op.name} ${op.method} ${op.path}`, async () => {
      const app = h.server.app;
      const fx = await makeFixture(h);
      const sample = sampleFor(op, fx, h)!;
      const owner = sample.owner === 'A' ? h.a : h.b;
      const peer = sample.owner === 'A' ? h.b : h.a;
      const path = sample.owner === 'A' ? sample.path : retarget(sample.path, h.a, h.b);
      const base: InjectOptions = { ...(sample.body ? { body: sample.body } : {}), ...(sample.query ? { query: sample.query } : {}) };
      const hasProjectInPath = op.path.includes(':project_id');

      /** A refused call: the expected status, the family's error shape, and no change at all. */
      const refused = async (label: string, call: () => Promise<Answer>, check: (a: Answer) => void) => {
        const before = await dumpStore(h.server.store);
        const a = await call();
        check(a);
        assert.equal(await dumpStore(h.server.store), before, `${op.name} ${label}: a refused request changed the store`);
      };

      // Authentication failures: the gateway's 401, whatever the operation.
      await refused('no credentials', () => send(app, h.clock, owner, op.method, path, { ...base, unsigned: true }),
        (a) => expectGateway401(a, `${op.name} no credentials`));
      await refused('bad signature', () => send(app, h.clock, owner, op.method, path, { ...base, secretKey: 'x'.repeat(40) }),
        (a) => expectGateway401(a, `${op.name} bad signature`));
      await refused('date 20 minutes old', () => send(app, h.clock, owner, op.method, path, { ...base, date: new Date(h.clock.now().getTime() - 20 * 60_000) }),
        (a) => expectGateway401(a, `${op.name} stale date`));
      await refused('replayed, changed', () => send(app, h.clock, owner, op.method, path,
        sample.body ? { ...base, tamperedBody: JSON.stringify({ ...sample.body, injected: 1 }) } : { ...base, tamperedQuery: 'limit=1' }),
      (a) => expectGateway401(a, `${op.name} replay`));
      await refused('expired token', () => send(app, h.clock, owner, op.method, path, { ...base, unsigned: true, headers: { 'x-auth-token': expiredToken } }),
        (a) => expectGateway401(a, `${op.name} expired token`));
      // Another project's X-Project-Id (signed): the path's project wins nothing.
      await refused('another project\'s X-Project-Id', () => send(app, h.clock, owner, op.method, path, { ...base, projectHeader: h.c.projectId }), (a) => {
        assertErrorShape(a, `${op.name} X-Project-Id`);
        if (hasProjectInPath) {
          assert.equal(a.status, 400, a.text);
          assert.equal(a.json.error_code, 'VPC.0007');
        } else {
          assert.equal(a.status, 403, a.text);
          assert.equal(a.json.error_code, 'APIGW.0302');
        }
      });
      if (hasProjectInPath) {
        // Own credentials and header, another tenant's project in the path.
        await refused('path of another project', () => send(app, h.clock, h.c, op.method, sample.path.replace(owner.projectId, owner === h.a ? h.a.projectId : h.b.projectId), base), (a) => {
          assertErrorShape(a, `${op.name} path project`);
          assert.equal(a.status, 400, a.text);
          assert.equal(a.json.error_code, 'VPC.0007');
        });
      }

      // The unrelated account C, then the peer, each in its own project.
      const other = async (who: Party, rule: OtherRule | 'ok', viewer: 'peer' | 'unrelated') => {
        const otherPath = retarget(path, owner, who);
        const label = `${op.name} as ${viewer} (${who.label})`;
        if (rule === 'n/a') return;
        if (rule === 'notFound' || rule === 'denied') {
          await refused(viewer, () => send(app, h.clock, who, op.method, otherPath, base), (a) => {
            assertErrorShape(a, label);
            if (rule === 'notFound') assert.equal(a.status, 404, `${label}: ${a.text}`);
            else assert.ok([400, 403, 404, 409].includes(a.status), `${label}: ${a.status} ${a.text}`);
          });
          return;
        }
        const a = await send(app, h.clock, who, op.method, otherPath, base);
        assert.ok(a.status >= 200 && a.status < 300, `${label}: ${a.status} ${a.text.slice(0, 300)}`);
        if (rule === 'list' || rule === 'own') {
          for (const id of privateIds(fx, viewer)) assert.ok(!a.text.includes(id), `${label} shows another tenant's object ${id}`);
        }
        if (rule === 'list' && viewer === 'peer' && op.name === 'ListVpcPeerings') {
          assert.ok(a.text.includes(fx.pending.id) && a.text.includes(fx.active.id), `${label}: the peer sees the peerings it is party to`);
        }
        if (rule === 'ok' && op.name === 'ShowVpcPeering') {
          // What a peer sees of the other side: its VPC id and project id, nothing else.
          const p = a.json.peering;
          assert.deepEqual(Object.keys(p.request_vpc_info).sort(), ['tenant_id', 'vpc_id']);
          for (const secret of [fx.vpcA.cidr, fx.vpcA.name, fx.subnetA.id]) assert.ok(!a.text.includes(secret), `${label} leaks ${secret}`);
        }
      };
      await other(h.c, sample.unrelated, 'unrelated');
      await other(peer, sample.peer, 'peer');

      // The owner last (it may delete the fixture's object): 2xx, and a list shows its own objects.
      const mine = sample.peer === 'ok' && op.method === 'DELETE' ? await makeFixture(h) : fx;
      const ownerPath = mine === fx ? path : (sampleFor(op, mine, h)!.path);
      const answer = await send(app, h.clock, owner, op.method, ownerPath, base);
      assert.ok(answer.status >= 200 && answer.status < 300, `${op.name} as owner: ${answer.status} ${answer.text.slice(0, 400)}`);
      assert.equal(answer.status, op.status, `${op.name} as owner: success status`);
      for (const id of sample.mustShow ?? []) assert.ok(answer.text.includes(id), `${op.name}: the owner's answer shows ${id}`);
    });
  }

  it('the token API: wrong password and another project\'s scope are refused', async () => {
    const wrong = await h.login(h.a, 'not-the-password');
    assert.equal(wrong.status, 401);
    const res = await fetch(`${h.url}/v3/auth/tokens`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: h.a.account.user, password: h.a.account.password, domain: { name: h.a.account.account_name } } } }, scope: { project: { id: h.b.projectId } } } }),
    });
    assert.ok(res.status === 401 || res.status === 403, `scope of another account's project: ${res.status}`);
  });

  it('a valid token works; the same token on another project\'s path is VPC.0007', async () => {
    const login = await h.login(h.c);
    const token = login.headers.get('x-subject-token')!;
    const mine = await send(h.server.app, h.clock, h.c, 'GET', `/v1/${h.c.projectId}/vpcs`, { unsigned: true, headers: { 'x-auth-token': token } });
    assert.equal(mine.status, 200);
    const theirs = await send(h.server.app, h.clock, h.c, 'GET', `/v1/${h.a.projectId}/vpcs`, { unsigned: true, projectHeader: null, headers: { 'x-auth-token': token } });
    assert.equal(theirs.status, 400);
    assert.equal(theirs.json.error_code, 'VPC.0007');
  });
});

describe('brute force', () => {
  it('5 bad signatures lock the access key for 5 minutes, even against the right signature, in the gateway shape', async () => {
    const app = h.server.app;
    const path = `/v1/${h.c.projectId}/vpcs`;
    for (let i = 0; i < 5; i++) {
      expectGateway401(await send(app, h.clock, h.c, 'GET', path, { secretKey: `wrong-${i}`.padEnd(40, 'x') }), `bad signature ${i + 1}`);
    }
    const locked = await send(app, h.clock, h.c, 'GET', path);
    expectGateway401(locked, 'right signature while locked');
    assert.match(locked.json.error_msg, /AK access failed to reach the limit,forbidden/);
    // Other keys are not affected.
    assert.equal((await send(app, h.clock, h.b, 'GET', `/v1/${h.b.projectId}/vpcs`)).status, 200);
    h.clock.advance(4 * 60_000 + 59_000);
    expectGateway401(await send(app, h.clock, h.c, 'GET', path), 'still locked at 4:59');
    h.clock.advance(2_000);
    assert.equal((await send(app, h.clock, h.c, 'GET', path)).status, 200, 'unlocked after 5 minutes');
  });

  it('4 failures then a success do not lock (the count restarts)', async () => {
    const app = h.server.app;
    const path = `/v1/${h.b.projectId}/vpcs`;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) await send(app, h.clock, h.b, 'GET', path, { secretKey: 'y'.repeat(40) });
      assert.equal((await send(app, h.clock, h.b, 'GET', path)).status, 200);
    }
  });
});
