/**
 * Neutron-style `{resources}_links` (huawei-api.md §1.0, D-PAGE) walked by links alone, in
 * both directions, on every list that has them: `next` continues forward (marker = the
 * page's last item), `previous` walks back (marker = its first item, page_reverse=True),
 * and a link appears only when its side has items. Raw signed requests: the SDK cannot
 * send page_reverse.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Harness, type Party } from './harness.js';

let h: Harness;
before(async () => { h = await Harness.start({ quotas: { vpc: -1, vpcPeer: -1 } }); });
after(async () => { await h.close(); });

interface Link { href: string; rel: 'next' | 'previous' }
interface Page { ids: string[]; links: Link[]; query: string }

/** Lists `path` with this query; the items' ids in answer order and the links. */
async function page(who: Party, path: string, key: string, query: string): Promise<Page> {
  const res = await h.raw(who, 'GET', `${path}?${query}`);
  assert.equal(res.status, 200, `${query}: ${res.text}`);
  const links: Link[] = res.json[`${key}_links`] ?? [];
  for (const l of links) {
    const href = new URL(l.href);
    assert.equal(href.pathname, path, l.href);
    assert.equal(href.searchParams.get('page_reverse'), l.rel === 'previous' ? 'True' : null, l.href);
  }
  return { ids: res.json[key].map((x: { id: string }) => x.id), links, query };
}

function link(p: Page, rel: Link['rel']): Link | undefined {
  const found = p.links.filter((l) => l.rel === rel);
  assert.ok(found.length <= 1, `at most one ${rel} link: ${JSON.stringify(p.links)}`);
  return found[0];
}

const follow = (who: Party, path: string, key: string, l: Link) => page(who, path, key, new URL(l.href).search.slice(1));

/**
 * From `start`, follows `rel` links until there is none; every page is non-empty and no
 * longer than `limit`. Returns the pages in the order visited.
 */
async function walk(who: Party, path: string, key: string, start: Page, rel: Link['rel'], limit: number): Promise<Page[]> {
  const pages = [start];
  for (let p = start, n = 0; ; n++) {
    assert.ok(n < 20, 'the walk ends');
    const l = link(p, rel);
    if (!l) return pages;
    p = await follow(who, path, key, l);
    assert.ok(p.ids.length > 0 && p.ids.length <= limit, `a ${rel} link leads to a page of 1-${limit} items (${p.query})`);
    pages.push(p);
  }
}

/** Every link of every page leads to a non-empty page. */
async function noEmptyTargets(who: Party, path: string, key: string, pages: Page[]): Promise<void> {
  for (const p of pages) {
    for (const l of p.links) {
      const target = await follow(who, path, key, l);
      assert.ok(target.ids.length > 0, `${l.rel} link of ?${p.query} leads to an empty page`);
    }
  }
}

/** The checks for one list of `all` (ascending ids, 7 of them) with limit 2. */
async function checkLinks(who: Party, path: string, key: string, filter: string, all: string[]): Promise<void> {
  assert.equal(all.length, 7);
  assert.deepEqual(all, [...all].sort(), 'ascending id order');
  const limit = 2;
  const q = `${filter}&limit=${limit}`;

  // Forward from the first page to the end, then back to the start by previous links.
  const first = await page(who, path, key, q);
  assert.deepEqual(first.ids, all.slice(0, 2));
  assert.equal(link(first, 'previous'), undefined, 'nothing before the first page');
  const forward = await walk(who, path, key, first, 'next', limit);
  assert.deepEqual(forward.flatMap((p) => p.ids), all, 'next links visit every item once, in order');
  const lastForward = forward[forward.length - 1]!;
  const backFromEnd = await walk(who, path, key, lastForward, 'previous', limit);
  assert.deepEqual([...backFromEnd].reverse().flatMap((p) => p.ids), all, 'previous links from the end visit every item once');
  assert.deepEqual(backFromEnd[backFromEnd.length - 1]!.ids, all.slice(0, 2));

  // Backward from the last page (page_reverse without a marker) to the start, then forward again.
  const last = await page(who, path, key, `${q}&page_reverse=True`);
  assert.deepEqual(last.ids, all.slice(-2), 'a reversed page without a marker is the last items, in ascending order');
  assert.equal(link(last, 'next'), undefined, 'nothing after the last page');
  assert.ok(link(last, 'previous'), 'older items exist');
  const backward = await walk(who, path, key, last, 'previous', limit);
  assert.deepEqual([...backward].reverse().flatMap((p) => p.ids), all, 'previous links visit every item once');
  const oldest = backward[backward.length - 1]!;
  assert.deepEqual(oldest.ids, all.slice(0, 1));
  assert.equal(link(oldest, 'previous'), undefined, 'nothing before the first item');
  const forwardAgain = await walk(who, path, key, oldest, 'next', limit);
  assert.deepEqual(forwardAgain.flatMap((p) => p.ids), all, 'next links from a reversed page visit every item once');

  // A reversed page in the middle has both links; the brief's observed case: marker = 2nd item.
  const early = await page(who, path, key, `${q}&marker=${all[1]}&page_reverse=True`);
  assert.deepEqual(early.ids, all.slice(0, 1));
  assert.equal(link(early, 'previous'), undefined);
  assert.equal(new URL(link(early, 'next')!.href).searchParams.get('marker'), all[0]);
  const middle = await page(who, path, key, `${q}&marker=${all[5]}&page_reverse=True`);
  assert.deepEqual(middle.ids, all.slice(3, 5));
  assert.equal(new URL(link(middle, 'next')!.href).searchParams.get('marker'), all[4]);
  assert.equal(new URL(link(middle, 'previous')!.href).searchParams.get('marker'), all[3]);

  await noEmptyTargets(who, path, key, [...forward, ...backFromEnd, ...backward, ...forwardAgain, early, middle]);

  // No limit, no links, in either direction.
  for (const extra of ['', '&page_reverse=True', `&marker=${all[3]}`, `&marker=${all[3]}&page_reverse=True`]) {
    assert.deepEqual((await page(who, path, key, `${filter}${extra}`)).links, [], extra);
  }
}

describe('pagination links, both directions (§1.0)', () => {
  test('/v2.0/vpc/peerings: 7 peerings walked forward and backward by links only', async () => {
    const hub = await h.vpc(h.c);
    for (let i = 0; i < 7; i++) await h.peering(h.c, hub.id, (await h.vpc(h.c)).id);
    const all = (await h.c.sdk.listVpcPeerings({ vpc_id: hub.id })).peerings.map((p: { id: string }) => p.id);
    await checkLinks(h.c, '/v2.0/vpc/peerings', 'peerings', `vpc_id=${hub.id}`, all);
  });

  test('/v2.0/vpc/routes: 7 routes walked forward and backward by links only', async () => {
    const a = await h.vpc(h.a, '10.61.0.0/16');
    const b = await h.vpc(h.a, '10.62.0.0/16');
    const p = await h.peering(h.a, a.id, b.id);
    for (let i = 0; i < 7; i++) await h.route(h.a, a.id, p.id, `10.62.${i}.0/24`);
    const all = (await h.a.sdk.listVpcRoutes({ vpc_id: a.id })).routes.map((r: { id: string }) => r.id);
    await checkLinks(h.a, '/v2.0/vpc/routes', 'routes', `vpc_id=${a.id}`, all);
  });
});
