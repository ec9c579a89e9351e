import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compile } from '../../plan/compile.js';
import { figure1 } from '../../plan/scenarios.js';
import { desiredState } from '../desired.js';
import { routeKey } from '../model.js';
import { names } from '../naming.js';
import { computeActions, type Knowledge } from './diff.js';
import { asApplied, onlyVanished } from './driver.js';

const P = 'tst';
const n = names(P);

const desired = desiredState([compile(figure1().snapshot)], P);

test('from nothing: namespaces first, then veths, in one root batch; everything configured', () => {
  const a = computeActions(desired, new Set(), new Map(), n);
  const adds = a.root.filter((l) => l.startsWith('netns add')).length;
  assert.equal(adds, desired.namespaces.length);
  const lastNetns = a.root.map((l) => l.startsWith('netns add')).lastIndexOf(true);
  assert.ok(a.root.findIndex((l) => l.startsWith('link add')) > lastNetns);
  assert.equal(a.root.filter((l) => l.startsWith('link add')).length, desired.veths.length);
  assert.equal(a.config.size, desired.namespaces.length);
  assert.equal(a.nft.size, 2);
  assert.equal(a.deleteNamespaces.length, 0);
});

test('as desired: nothing to do (safe to run twice)', () => {
  const existing = new Set(desired.namespaces.map((s) => s.name));
  const known = new Map<string, Knowledge>(desired.namespaces.map((s) => [s.name, { state: 'observed', ns: asApplied(s) }]));
  const a = computeActions(desired, existing, known, n);
  assert.equal(a.touched.size, 0);
  assert.equal(a.root.length, 0);
});

test('drift: a missing route, a stray route, a missing nft table, a foreign namespace', () => {
  const router = desired.namespaces.find((s) => s.role === 'router')!;
  const obs = asApplied(router);
  const peerRoute = router.routes.find((r) => r.dev?.startsWith(`${P}p`))!;
  obs.routes.delete(routeKey(peerRoute));
  obs.routes.set('x', { table: '10001', type: 'unicast', dst: '10.9.0.0/16', via: '169.254.0.1', dev: peerRoute.dev });
  obs.nftDigest = null;
  const existing = new Set([...desired.namespaces.map((s) => s.name), `${P}-r00000000`, 'other-ns', 'tstx-r00000000']);
  const known = new Map<string, Knowledge>(desired.namespaces.map((s) => [s.name, { state: 'observed', ns: s === router ? obs : asApplied(s) }]));
  const a = computeActions(desired, existing, known, n);
  assert.ok(a.config.get(router.name)!.some((l) => l.startsWith('route replace') && l.includes(peerRoute.dst)));
  assert.ok(a.cleanup.get(router.name)!.includes('route del 10.9.0.0/16 table 10001'));
  assert.ok(a.nft.has(router.name));
  assert.deepEqual(a.deleteNamespaces, [`${P}-r00000000`], 'only our own prefix is garbage-collected');
});

test('a deleted peer namespace makes the surviving veth end start over', () => {
  const link = desired.veths.find((v) => v.purpose === 'instance')!;
  const existing = new Set(desired.namespaces.map((s) => s.name).filter((name) => name !== link.b.ns));
  const known = new Map<string, Knowledge>(desired.namespaces.filter((s) => s.name !== link.b.ns).map((s) => [s.name, { state: 'observed', ns: asApplied(s) }]));
  const a = computeActions(desired, existing, known, n);
  assert.ok(a.root.includes(`netns add ${link.b.ns}`));
  assert.ok(a.cleanup.get(link.a.ns)!.includes(`link del ${link.a.name}`));
  assert.ok(a.root.some((l) => l.startsWith(`link add ${link.a.name}`)));
  assert.ok(a.config.get(link.a.ns)!.some((l) => l.startsWith(`link set ${link.a.name} master`)), 'the new end joins its bridge');
});

test('deleting what is already gone is not an error', () => {
  assert.equal(onlyVanished(['link del x', 'addr add 1.2.3.4/24 dev y'], 'Cannot find device "x"\nCommand failed -:1\n'), true);
  assert.equal(onlyVanished(['link del x', 'addr add 1.2.3.4/24 dev y'], 'Error: something\nCommand failed -:2\n'), false);
});
