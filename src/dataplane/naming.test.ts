import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_IFNAME, names, shortHash } from './naming.js';

test('names are deterministic, owned, and fit IFNAMSIZ', () => {
  fc.assert(fc.property(fc.stringMatching(/^[a-z][a-z0-9]{0,3}$/), fc.uuid(), (prefix, id) => {
    const n = names(prefix);
    for (const name of [n.bridge(id), n.instanceIf(id), n.bridgePort(id), n.peeringIf(id, 0), n.peeringIf(id, 1), n.uplinkIf(id), n.internetIf(id)]) {
      assert.ok(name.length <= MAX_IFNAME, name);
      assert.ok(name.startsWith(prefix));
      assert.ok(n.ownsInterface(name), name);
    }
    for (const ns of [n.routerNs(id), n.instanceNs(id), n.internetNs]) assert.ok(n.ownsNamespace(ns), ns);
    assert.equal(n.routerNs(id), names(prefix).routerNs(id));
    assert.ok(n.routerNs(id).includes(shortHash(id)));
  }));
});

test('a prefix never claims another prefix\'s objects, nor anything else', () => {
  const ist = names('ist');
  const istp = names('istp');
  assert.equal(ist.ownsNamespace(istp.routerNs('x')), false);
  assert.equal(istp.ownsNamespace(ist.routerNs('x')), false);
  assert.equal(ist.ownsNamespace('ist-random'), false);
  assert.equal(ist.ownsInterface('eth0'), false);
  assert.equal(ist.ownsInterface('lo'), false);
  assert.equal(ist.ownsNamespace('ist-r12345678'), true);
});

test('invalid prefixes are refused', () => {
  for (const bad of ['', 'Ist', 'toolong', '1st', 'is-t']) assert.throws(() => names(bad));
});
