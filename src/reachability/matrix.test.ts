import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { topology } from '../plan/arbitrary.js';
import { compile } from '../plan/compile.js';
import { hubAndSpokes } from '../plan/scenarios.js';
import { matrixReason, reachabilityMatrix } from './matrix.js';
import { trace } from './trace.js';

test('the matrix gives, pair by pair, the verdict of trace (hub and spokes)', () => {
  const { snapshot, ports } = hubAndSpokes();
  const plan = compile(snapshot);
  const ids = [...Object.values(ports).map((p) => p.id), 'no-such-port'];
  const matrix = reachabilityMatrix(plan, ids);
  assert.equal(matrixReason(matrix, 0, 1), 'REACHABLE'); // hub → spoke 1
  assert.equal(matrixReason(matrix, 1, 2), 'TRANSIT_DENIED'); // spoke 1 → spoke 2
  assert.equal(matrixReason(matrix, 3, 0), 'ADDRESS_NOT_FOUND');
  ids.forEach((from, i) => ids.forEach((to, j) => {
    assert.equal(matrixReason(matrix, i, j), trace(plan, { sourcePortId: from, destination: { portId: to }, protocol: 'icmp' }).reason);
  }));
});

test('the matrix agrees with trace on random topologies', () => {
  fc.assert(fc.property(topology, (snapshot) => {
    const plan = compile(snapshot);
    const ids = snapshot.ports.map((p) => p.id);
    const matrix = reachabilityMatrix(plan, ids);
    ids.forEach((from, i) => ids.forEach((to, j) => {
      assert.equal(matrixReason(matrix, i, j), trace(plan, { sourcePortId: from, destination: { portId: to }, protocol: 'tcp', port: 22 }).reason);
    }));
  }), { seed: 99, numRuns: 200 });
});
