/**
 * The peering list answered from the revision cache (api/huawei/revision-cache.ts): a
 * repeated list at an unchanged revision is the same answer, and nothing that changes
 * what the list would say (a write by either party, the passing of an expiry time, a
 * different caller, a different query) is ever answered from it. (The key also holds the
 * Host the client used, since pagination links name it.)
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RevisionCache } from '../../src/api/huawei/revision-cache.js';
import { DAY, Harness } from './harness.js';

let h: Harness;
before(async () => { h = await Harness.start({ quotas: { vpc: -1, vpcPeer: -1 } }); });
after(async () => { await h.close(); });

async function list(who: 'a' | 'b', query = '') {
  const res = await h.raw(h[who], 'GET', `/v2.0/vpc/peerings${query}`);
  assert.equal(res.status, 200, res.text);
  return res;
}

async function lookups(): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${h.url}/metrics`)).text();
  const count = (result: string) => Number(new RegExp(`isthmus_revision_cache_lookups_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? NaN);
  return { hit: count('hit'), miss: count('miss') };
}

test('a repeated list at the same revision is answered from the cache, byte for byte, with its own request id', async () => {
  const va = await h.vpc(h.a, '10.1.0.0/16');
  const vb = await h.vpc(h.b, '10.2.0.0/16');
  await h.peering(h.a, va.id, vb.id, h.b.projectId, 'cached-1');
  const before = await lookups();
  const first = await list('a');
  const second = await list('a');
  assert.equal(second.text, first.text);
  assert.notEqual(second.headers.get('x-request-id'), first.headers.get('x-request-id'));
  assert.equal(second.headers.get('content-type'), first.headers.get('content-type'));
  const after = await lookups();
  assert.equal(after.miss - before.miss, 1, 'the first list is made afresh');
  assert.equal(after.hit - before.hit, 1, 'the second is the cached answer');
});

test('any write, by either party, is seen by the next list', async () => {
  const va = await h.vpc(h.a, '10.3.0.0/16');
  const vb = await h.vpc(h.b, '10.4.0.0/16');
  const p = await h.peering(h.a, va.id, vb.id, h.b.projectId, 'cached-2');
  const pending = (await list('a')).json.peerings.find((x: any) => x.id === p.id);
  assert.equal(pending.status, 'PENDING_ACCEPTANCE');
  await list('a');
  // B accepts: a write in B's project changes A's list.
  await h.b.sdk.acceptVpcPeering({ peering_id: p.id });
  assert.equal((await list('a')).json.peerings.find((x: any) => x.id === p.id).status, 'ACTIVE');
  // A write that does not touch peerings moves the revision too; the answer is made afresh and equal.
  const unchanged = (await list('a')).text;
  await h.vpc(h.a, '10.5.0.0/16');
  assert.equal((await list('a')).text, unchanged);
  await h.a.sdk.deleteVpcPeering({ peering_id: p.id });
  assert.equal((await list('a')).json.peerings.find((x: any) => x.id === p.id), undefined);
});

test('a pending request past its expiry is listed EXPIRED although nobody wrote in between', async () => {
  const va = await h.vpc(h.a, '10.6.0.0/16');
  const vb = await h.vpc(h.b, '10.7.0.0/16');
  const p = await h.peering(h.a, va.id, vb.id, h.b.projectId, 'cached-3');
  assert.equal((await list('b')).json.peerings.find((x: any) => x.id === p.id).status, 'PENDING_ACCEPTANCE');
  assert.equal((await list('b')).json.peerings.find((x: any) => x.id === p.id).status, 'PENDING_ACCEPTANCE');
  h.clock.advance(7 * DAY + 1000);
  assert.equal((await list('b')).json.peerings.find((x: any) => x.id === p.id).status, 'EXPIRED');
});

test('the cache never answers another caller or another query', async () => {
  const va = await h.vpc(h.a, '10.8.0.0/16');
  const vb = await h.vpc(h.b, '10.9.0.0/16');
  const p = await h.peering(h.a, va.id, vb.id, h.b.projectId, 'cached-4');
  const ownA = await h.vpc(h.a, '10.10.0.0/16');
  const ownA2 = await h.vpc(h.a, '10.11.0.0/16');
  const own = await h.peering(h.a, ownA.id, ownA2.id, undefined, 'cached-own');
  const asA = (await list('a')).json.peerings.map((x: any) => x.id);
  const asB = (await list('b')).json.peerings.map((x: any) => x.id);
  assert.ok(asA.includes(own.id) && asA.includes(p.id));
  assert.ok(asB.includes(p.id) && !asB.includes(own.id), 'B sees only what it is party to');
  const byName = (await list('a', '?name=cached-own')).json.peerings.map((x: any) => x.id);
  assert.deepEqual(byName, [own.id]);
  const one = (await list('a', '?limit=1')).json;
  const two = (await list('a', '?limit=2')).json;
  assert.equal(one.peerings.length, 1);
  assert.equal(two.peerings.length, 2);
  assert.notEqual(one.peerings_links[0].href, two.peerings_links[0].href);
});

test('RevisionCache: only the revision an answer was made at is served, and it keeps within its bytes', () => {
  const cache = new RevisionCache(1000);
  cache.set('k', 7, 'x'.repeat(100));
  assert.equal(cache.get('k', 7)?.toString('utf8'), 'x'.repeat(100));
  assert.equal(cache.get('k', 8), undefined);
  assert.equal(cache.get('other', 7), undefined);
  for (let i = 0; i < 10; i++) cache.set(`key-${i}`, 1, 'y'.repeat(100));
  assert.ok(cache.size <= 1000, `held ${cache.size} bytes`);
  assert.equal(cache.get('key-9', 1)?.toString('utf8'), 'y'.repeat(100), 'the newest stays');
  assert.equal(cache.get('k', 7), undefined, 'the oldest went first');
  cache.set('huge', 1, 'z'.repeat(1000));
  assert.equal(cache.get('huge', 1), undefined, 'an answer larger than the cache is not kept');
  assert.equal(cache.get('key-9', 1)?.toString('utf8'), 'y'.repeat(100), 'and evicts nothing');
  // Kept as the UTF-8 bytes that are sent.
  cache.set('name', 2, '{"name":"vpc-é-ü"}');
  assert.deepEqual(cache.get('name', 2), Buffer.from('{"name":"vpc-é-ü"}', 'utf8'));
});
