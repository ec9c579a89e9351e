import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from './errors.js';
import { guardTransition, initialStatus, quotaHolders, transition, vpcPair } from './peering-state.js';
import { PEERING_STATUSES, PeeringStatus } from './statuses.js';

describe('peering state machine', () => {
  test('rules 1/2: same project ACTIVE at once, another project PENDING_ACCEPTANCE', () => {
    assert.equal(initialStatus('p1', 'p1'), PeeringStatus.Active);
    assert.equal(initialStatus('p1', 'p2'), PeeringStatus.PendingAcceptance);
  });

  test('accept, reject and expire all leave PENDING_ACCEPTANCE', () => {
    assert.deepEqual(transition('accept'), { from: 'PENDING_ACCEPTANCE', to: 'ACTIVE' });
    assert.deepEqual(transition('reject'), { from: 'PENDING_ACCEPTANCE', to: 'REJECTED' });
    assert.deepEqual(transition('expire'), { from: 'PENDING_ACCEPTANCE', to: 'EXPIRED' });
  });

  test('rule 5: guardTransition allows accept/reject only from PENDING_ACCEPTANCE', () => {
    assert.equal(guardTransition('accept', PeeringStatus.PendingAcceptance), PeeringStatus.Active);
    assert.equal(guardTransition('reject', PeeringStatus.PendingAcceptance), PeeringStatus.Rejected);
    for (const status of PEERING_STATUSES.filter((s) => s !== PeeringStatus.PendingAcceptance)) {
      for (const event of ['accept', 'reject'] as const) {
        assert.throws(() => guardTransition(event, status), (err: unknown) => {
          assert.ok(err instanceof ApiError);
          assert.equal(err.status, 409);
          assert.equal(err.code, 'PeeringStateConflict');
          assert.match(err.message, new RegExp(`Can not ${event} peering request not in PENDING_ACCEPTANCE state`));
          assert.match(err.message, new RegExp(status));
          return true;
        }, `${event} from ${status}`);
      }
    }
  });

  test('rule 14: pending, rejected, expired count for the requester only; ACTIVE across projects for both', () => {
    const p = (status: PeeringStatus, acc = 'acc') => ({ status, requestProjectId: 'req', acceptProjectId: acc });
    assert.deepEqual(quotaHolders(p(PeeringStatus.PendingAcceptance)), ['req']);
    assert.deepEqual(quotaHolders(p(PeeringStatus.Rejected)), ['req']);
    assert.deepEqual(quotaHolders(p(PeeringStatus.Expired)), ['req']);
    assert.deepEqual(quotaHolders(p(PeeringStatus.Active)), ['req', 'acc']);
    assert.deepEqual(quotaHolders(p(PeeringStatus.Active, 'req')), ['req'], 'a same-project peering counts once');
  });

  test('rule 7: the VPC pair is unordered', () => {
    assert.deepEqual(vpcPair('a', 'b'), { low: 'a', high: 'b' });
    assert.deepEqual(vpcPair('b', 'a'), { low: 'a', high: 'b' });
    assert.deepEqual(vpcPair('x', 'x'), { low: 'x', high: 'x' });
  });

  test('the five statuses of the API', () => {
    assert.deepEqual([...PEERING_STATUSES].sort(), ['ACTIVE', 'DELETED', 'EXPIRED', 'PENDING_ACCEPTANCE', 'REJECTED']);
  });
});
